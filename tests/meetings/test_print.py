"""Printable minutes: the print page and the PDF read like the Word originals."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from council.models import Person, Principal, Role
from meetings.models import AgendaItemPresenter, Attendance, Meeting
from tests.conftest import seed_truth
from tests.factories import make_decision, make_item, make_meeting
from tools.demo import load_demo_data


@pytest.fixture
def demo(db):
    load_demo_data()


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Lines wrap wherever the page ends them; compare words, not line breaks.
    return " ".join(text.split())


def squash(text: str) -> str:
    return " ".join(text.split())


def vfr_meeting() -> Meeting:
    return Meeting.objects.get(forum__code="VFR", date=datetime.date(2020, 3, 11))


def test_pdf_of_the_vfr_seed_meeting_holds_its_items_and_clauses(demo, client):
    meeting = vfr_meeting()
    response = client.get(reverse("meeting_pdf", args=[meeting.pk]))
    text = pdf_text(response)
    assert "minnesanteckningar-vfr-2020-03-11.pdf" in response["Content-Disposition"]
    assert "Minnesanteckningar" in text
    assert "Välfärdsrådet" in text
    assert "11 mars 2020" in text
    truth = seed_truth("vfr-2020-03-11")
    for item in truth["items"]:
        assert squash(item["title"]) in text, item["title"]
        for decision in item.get("decisions", []):
            assert squash(decision["text"]) in text, decision["text"]
    assert "Välfärdsrådet beslutade:" in text
    assert "Föredragande: Ulf Börjesson" in text
    assert re.search(r"Sida 1 av \d", text)


def test_pdf_names_the_registration_number_and_continues_the_attendance_note(demo, client):
    meeting = Meeting.objects.get(forum__code="LCHNV", date=datetime.date(2021, 4, 16))
    text = pdf_text(client.get(reverse("meeting_pdf", args=[meeting.pk])))
    assert "Dnr: RD21/00998" in text
    assert "Datum: 2021-04-20" in text
    assert "Tid: 9.15–12.00" in text
    assert "Plats: Teams" in text
    assert "Tanja Mårtensson samt föredragande och medverkande enligt nedan." in text
    assert "Länschefsnätverket beslutade:" in text


def test_the_council_lists_its_members_principal_by_principal_region_first(demo, client):
    meeting = vfr_meeting()
    response = client.get(reverse("meeting_print", args=[meeting.pk]))
    html = response.content.decode()
    attendance = html[html.index('class="attendance"') : html.index("</section>")]
    region = attendance.index("Region Dalarna</th>")
    avesta = attendance.index("Avesta kommun</th>")
    saeter = attendance.index("Säters kommun</th>")
    assert region < avesta < saeter
    assert attendance.index("Sofia Jarl") < avesta
    # Officials follow the members, presenters are named under their items only.
    assert attendance.index("Även närvarande") > saeter
    assert "Ulf Börjesson" not in attendance
    assert "Följande kommuner var inte representerade" in attendance


def test_print_page_shows_the_minutes_with_links_and_bounded_queries(
    demo, client, django_assert_max_num_queries
):
    meeting = vfr_meeting()
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meeting_print", args=[meeting.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/static/css/print.css"' in html
    assert reverse("meeting_pdf", args=[meeting.pk]) in html
    assert "Skriv ut" in html and "Ladda ner som PDF" in html
    assert "<h1>Välfärdsrådet</h1>" in html
    assert "att lägga informationen till handlingarna." in html
    assert "Utkast" not in html


def test_pdf_queries_are_bounded(demo, client, django_assert_max_num_queries):
    meeting = vfr_meeting()
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meeting_pdf", args=[meeting.pk]))
    assert response.status_code == 200


def test_meeting_page_links_to_the_printable_minutes(demo, client):
    meeting = vfr_meeting()
    html = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert reverse("meeting_print", args=[meeting.pk]) in html
    assert reverse("meeting_pdf", args=[meeting.pk]) in html


@pytest.fixture
def vfr_draft(vfr):
    meeting = make_meeting(
        vfr,
        datetime.date(2024, 2, 7),
        status=Meeting.Status.MINUTES_DRAFT,
        start_time=datetime.time(13, 0),
        end_time=datetime.time(15, 30),
        place="Landstingshuset, Falun",
        registration_number="RD24/00123",
    )
    item = make_item(meeting, "1", "Mötets öppnande")
    make_decision(item, "att öppna mötet.")
    sub = make_item(meeting, "4a", "Rapport från styrgruppen", position=5)
    make_decision(sub, "att lägga rapporten till handlingarna.")
    presenter = Person.objects.create(name="Tanja Mårtensson")
    AgendaItemPresenter.objects.create(item=sub, person=presenter, title="avdelningschef")
    Attendance.objects.create(
        meeting=meeting,
        person=Person.objects.create(name="Karin Ek"),
        principal=Principal.objects.get(short_name="Mora"),
        present=False,
    )
    return meeting


@pytest.mark.parametrize("url_name", ["meeting_print", "meeting_pdf"])
def test_a_draft_is_hidden_from_everyone_but_its_editors(
    client, url_name, vfr_draft, member, schnv_secretary, vfr_secretary, administrator
):
    url = reverse(url_name, args=[vfr_draft.pk])
    assert client.get(url).status_code == 404
    for outsider in (member, schnv_secretary):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    for editor in (vfr_secretary, administrator):
        client.force_login(editor)
        assert client.get(url).status_code == 200


def test_a_draft_is_marked_as_such_in_the_pdf(client, vfr_draft, vfr_secretary):
    client.force_login(vfr_secretary)
    text = pdf_text(client.get(reverse("meeting_pdf", args=[vfr_draft.pk])))
    assert "Utkast – ej publicerat" in text
    assert "Dnr: RD24/00123" in text
    assert "Tid: 13.00–15.30" in text
    assert "Plats: Landstingshuset, Falun" in text
    # A sub-item is lettered under its main item, as the minutes write it.
    assert "a) Rapport från styrgruppen" in text
    assert "Föredragande: Tanja Mårtensson, avdelningschef" in text
    assert "Frånvarande: Karin Ek (Mora)" in text
    assert "att lägga rapporten till handlingarna." in text


def test_a_published_meeting_is_public(client, vfr):
    meeting = make_meeting(vfr, datetime.date(2024, 3, 1))
    make_decision(make_item(meeting, "1", "Övriga frågor"), "att notera frågorna.")
    text = pdf_text(client.get(reverse("meeting_pdf", args=[meeting.pk])))
    assert "Övriga frågor" in text and "att notera frågorna." in text
    assert "Utkast" not in text


def test_an_unknown_meeting_is_not_found(client, db):
    assert client.get(reverse("meeting_print", args=[999999])).status_code == 404


def test_roles_are_named_in_the_flat_list(client, lchnv):
    meeting = make_meeting(lchnv, datetime.date(2024, 4, 5))
    chair = Person.objects.create(name="Ulrika Gärdsback")
    Attendance.objects.create(meeting=meeting, person=chair, role=Role.CHAIR, position=0)
    Attendance.objects.create(
        meeting=meeting, person=Person.objects.create(name="Jesper Karlsson"), position=1
    )
    html = client.get(reverse("meeting_print", args=[meeting.pk])).content.decode()
    assert "Ulrika Gärdsback (ordförande), Jesper Karlsson" in html
