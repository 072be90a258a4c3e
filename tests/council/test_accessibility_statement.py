"""The accessibility statement the law asks for, and the page titles that say a form
was refused."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DIGG_SECTIONS = [
    "Tillgänglighetsredogörelse för Beslutsregistret",
    "Hur tillgänglig är webbplatsen?",
    "Vad kan du göra om du inte kan använda delar av webbplatsen?",
    "Rapportera brister i webbplatsens tillgänglighet",
    "Tillsyn",
    "Teknisk information om webbplatsens tillgänglighet",
    "Innehåll som inte är tillgängligt",
    "Hur vi testat webbplatsen",
]


def test_every_page_links_the_statement_from_its_footer(client, reference):
    statement = reverse("accessibility")
    for name in ["home", "decision_list", "forum_list", "login"]:
        page = client.get(reverse(name)).content.decode()
        footer = page[page.index("<footer") :]
        assert f'href="{statement}"' in footer, name


def test_the_statement_has_the_sections_digg_prescribes(client, reference, settings):
    settings.ACCESSIBILITY_CONTACT = "tillganglighet@example.se"
    page = client.get(reverse("accessibility")).content.decode()
    positions = [page.index(f">{heading}<") for heading in DIGG_SECTIONS]
    assert positions == sorted(positions)
    assert 'href="mailto:tillganglighet@example.se"' in page
    assert "https://www.digg.se/tdosanmalan" in page
    assert "delvis förenlig" in page
    assert "2 december 2026" in page  # the day of the assessment, from the settings


def test_without_a_contact_address_the_statement_sends_readers_to_the_secretaries(
    client, reference, settings
):
    settings.ACCESSIBILITY_CONTACT = ""
    page = client.get(reverse("accessibility")).content.decode()
    assert "mailto:" not in page
    assert f'href="{reverse("forum_list")}"' in page


def test_a_refused_form_says_so_first_in_the_title(client, reference):
    page = client.post(reverse("login"), {"username": "ingen", "password": "fel"})
    html = page.content.decode()
    assert "<title>Fel: Logga in – RSS Dalarna</title>" in html
    assert 'id="error-summary"' in html
    fine = client.get(reverse("login")).content.decode()
    assert "<title>Logga in – RSS Dalarna</title>" in fine


def test_a_refused_new_meeting_says_so_in_the_title(client, administrator):
    client.force_login(administrator)
    html = client.post(reverse("meeting_create"), {"forum": "", "date": "x"}).content.decode()
    assert "<title>Fel: Nytt möte – RSS Dalarna</title>" in html
    assert '<a href="#id_date">' in html  # the summary leads to the field
