"""The agenda pages and the notice, through the client, as an administrator sees them."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from meetings.models import AgendaItem, AgendaItemPresenter, Meeting
from tests.agendas.conftest import MEETING_DATE

D = datetime.date


def generate_url(code="VFR", date=MEETING_DATE, horizon=6) -> str:
    return reverse("agenda_generate", args=[code]) + f"?date={date:%Y-%m-%d}&horizon={horizon}"


def accept_data(**extra) -> dict:
    return {"date": f"{MEETING_DATE:%Y-%m-%d}", "horizon": "6", **extra}


@pytest.fixture
def planned(scenario, administrator, client):
    client.force_login(administrator)
    client.post(reverse("agenda_generate", args=["VFR"]), accept_data(start_time="13:00"))
    meeting = Meeting.objects.get(forum=scenario.vfr, date=MEETING_DATE)
    item = meeting.items.get(proposal_key="previous_minutes")
    item.attachment_refs = "Bilaga 1"
    item.save()
    presenter = AgendaItem.objects.get(meeting=meeting, proposal_key__startswith="referral:")
    AgendaItemPresenter.objects.create(item=presenter, forum=scenario.lchnv, title="")
    return meeting


# ---------------------------------------------------------------- permissions


def page_urls(meeting_pk: int) -> list[str]:
    return [
        reverse("agenda_start"),
        generate_url(),
        reverse("notice_page", args=[meeting_pk]),
        reverse("notice_pdf", args=[meeting_pk]),
        reverse("notice_docx", args=[meeting_pk]),
    ]


def test_anonymous_users_are_sent_to_log_in(scenario, client):
    for url in page_urls(scenario.previous.pk):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))
    response = client.post(reverse("agenda_generate", args=["VFR"]), accept_data())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.post(reverse("notice_send", args=[scenario.previous.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Meeting.objects.filter(date=MEETING_DATE).exists()


@pytest.mark.parametrize("who", ["member", "vfr_secretary", "schnv_secretary"])
def test_others_are_refused(scenario, client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in page_urls(scenario.previous.pk):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("agenda_generate", args=["VFR"]), accept_data()).status_code == 403
    assert client.post(reverse("notice_send", args=[scenario.previous.pk])).status_code == 403
    assert not Meeting.objects.filter(date=MEETING_DATE).exists()


def test_administrators_may(scenario, client, administrator):
    client.force_login(administrator)
    for url in page_urls(scenario.previous.pk):
        assert client.get(url).status_code == 200, url


def test_the_navigation_shows_dagordning_to_administrators_only(
    scenario, client, member, vfr_secretary, administrator
):
    link = f'href="{reverse("agenda_start")}"'
    for user in (member, vfr_secretary):
        client.force_login(user)
        assert link not in client.get(reverse("home")).content.decode()
    staff = get_user_model().objects.create_user("stina", "s@example.se", "x", is_staff=True)
    for user in (administrator, staff):
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        assert link in html and ">Dagordning</a>" in html


# ---------------------------------------------------------------- the pages


def test_start_page_offers_the_forums_and_a_weekday(
    scenario, client, administrator, django_assert_max_num_queries
):
    client.force_login(administrator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("agenda_start"))
    html = response.content.decode()
    assert "Välfärdsrådet" in html and "2026-10-01" in html
    date = response.context["form"].initial["date"]
    assert date.weekday() < 5 and date > datetime.date.today()
    response = client.get(reverse("agenda_start"), {"forum": "VFR", "date": "2026-12-10"})
    assert response.status_code == 302
    assert response["Location"] == generate_url()


def test_start_page_keeps_a_bad_date_and_says_why(scenario, client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("agenda_start"), {"forum": "VFR", "date": "10/12", "horizon": 6})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ÅÅÅÅ-MM-DD" in html
    assert 'value="10/12"' in html


def test_the_proposal_page_shows_reasons_and_sources_and_writes_nothing(
    scenario, client, administrator, django_assert_max_num_queries
):
    client.force_login(administrator)
    items, history = AgendaItem.objects.count(), AgendaItem.history.count()
    with django_assert_max_num_queries(12):
        response = client.get(generate_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Beslut om reviderad SUS-överenskommelse" in html
    assert "Länschefsnätverket" in html and "2026-09-15" in html
    assert f'href="/moten/{scenario.sus_item.meeting_id}/#p5"' in html
    assert "försenad" in html.lower()
    assert "Skapa mötet med denna dagordning" in html
    assert (AgendaItem.objects.count(), AgendaItem.history.count()) == (items, history)
    assert not Meeting.objects.filter(date=MEETING_DATE).exists()


def test_without_a_date_the_page_proposes_the_next_weekday(
    scenario, client, administrator, django_assert_max_num_queries
):
    client.force_login(administrator)
    # The generation's eleven reads, and one for the count beside "Att göra".
    with django_assert_max_num_queries(13):
        response = client.get(reverse("agenda_generate", args=["vfr"]))
    assert response.status_code == 200
    date = response.context["proposal"].meeting_date
    assert date.weekday() < 5 and date > max(datetime.date.today(), D(2026, 10, 1))


def test_a_date_before_the_last_meeting_is_explained(scenario, client, administrator):
    client.force_login(administrator)
    response = client.get(generate_url(date=D(2026, 9, 1)))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Välfärdsrådet" in html and "2026-10-01" in html
    assert "Skapa mötet" not in html


def test_a_forum_without_meetings_is_explained_and_can_have_a_first(
    scenario, client, administrator
):
    client.force_login(administrator)
    response = client.get(generate_url(code="SG-GNV"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "inga möten" in html
    response = client.get(generate_url(code="SG-GNV") + "&first=1")
    assert response.status_code == 200
    response = client.post(reverse("agenda_generate", args=["SG-GNV"]), accept_data(first="True"))
    assert response.status_code == 302
    assert Meeting.objects.get(forum__code="SG-GNV").items.count() == 4


def test_an_unknown_forum_is_not_found(scenario, client, administrator):
    client.force_login(administrator)
    assert client.get(generate_url(code="NOPE")).status_code == 404


def test_accepting_creates_the_meeting_and_leads_to_it(scenario, client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("agenda_generate", args=["VFR"]), accept_data(start_time="13:00", place="Teams")
    )
    meeting = Meeting.objects.get(forum=scenario.vfr, date=MEETING_DATE)
    assert response.status_code == 302
    assert response["Location"] in {
        f"/moten/{meeting.pk}/",
        *[url for url in [_edit_url(meeting)] if url],
    }
    assert (meeting.place, meeting.start_time) == ("Teams", datetime.time(13))
    assert meeting.items.filter(proposal_key=f"referral:{scenario.sus_referral.pk}").exists()
    # Again: nothing is added twice.
    client.post(reverse("agenda_generate", args=["VFR"]), accept_data())
    assert Meeting.objects.filter(forum=scenario.vfr, date=MEETING_DATE).count() == 1
    assert meeting.items.count() == len(client.get(generate_url()).context["proposal"].items)


def _edit_url(meeting) -> str | None:
    from django.urls import NoReverseMatch

    try:
        return reverse("meeting_edit", args=[meeting.pk])
    except NoReverseMatch:
        return None


def test_a_bad_time_keeps_the_form_and_creates_nothing(scenario, client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("agenda_generate", args=["VFR"]), accept_data(start_time="kl 13", place="Teams")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "TT:MM" in html and 'value="Teams"' in html
    assert "Beslut om reviderad SUS-överenskommelse" in html
    assert not Meeting.objects.filter(date=MEETING_DATE).exists()


# ---------------------------------------------------------------- the notice


def test_the_notice_page(planned, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notice_page", args=[planned.pk]))
    html = response.content.decode()
    assert "Kallelse" in html and "Välfärdsrådet" in html and "13.00" in html
    assert "Föregående minnesanteckningar 261001" in html and "Bilaga 1" in html
    assert "Föredragande" in html
    assert "Markera kallelsen som skickad" in html
    assert "css/notice" in html


def test_the_notice_as_pdf(planned, client):
    response = client.get(reverse("notice_pdf", args=[planned.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "kallelse-vfr-2026-12-10.pdf" in response["Content-Disposition"]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Kallelse" in flat and "Välfärdsrådet" in flat
    for title in planned.items.values_list("title", flat=True):
        assert " ".join(title.split()) in flat, title


def test_the_notice_as_word(planned, client):
    response = client.get(reverse("notice_docx", args=[planned.pk]))
    assert "kallelse-vfr-2026-12-10.docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Kallelse" in paragraphs and "Välfärdsrådet" in paragraphs
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert facts["Datum"] == "10 december 2026"
    assert facts["Tid"] == "13.00"
    for item in planned.items.order_by("position"):
        assert f"{item.number}. {item.title}" in paragraphs
    assert "Bilagor: Bilaga 1" in paragraphs
    assert "Föredragande: Länschefsnätverket" in paragraphs


def test_marking_the_notice_sent(planned, client):
    response = client.post(reverse("notice_send", args=[planned.pk]), follow=True)
    planned.refresh_from_db()
    assert planned.status == Meeting.Status.AGENDA_SENT
    assert planned.notice_sent_at is not None
    assert "Kallelsen är markerad som skickad" in response.content.decode()


def test_a_held_meeting_cannot_be_marked(scenario, client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("notice_send", args=[scenario.previous.pk]), follow=True)
    scenario.previous.refresh_from_db()
    assert scenario.previous.status == Meeting.Status.PUBLISHED
    assert "redan hållits" in response.content.decode()
