import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import make_meeting
from tools.demo import load_demo_data


@pytest.fixture
def demo(db):
    load_demo_data()


def test_start_page_shows_latest_meetings_and_decisions_in_swedish(client, demo):
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in page
    for heading in [
        "Senaste mötena",
        "Senaste besluten",
        "Väntar på huvudmännen",
        "Försenade uppdrag",
    ]:
        assert heading in page
    assert "Länschefsnätverket 16 april 2021" in page
    meeting = Meeting.objects.get(date=datetime.date(2021, 4, 16))
    assert reverse("meeting_detail", args=[meeting.pk]) in page
    # The VFR report-back of 2020-06-17 was never recorded as reported.
    overdue = page[page.index("Försenade uppdrag") :]
    assert "senast 17 juni 2020" in overdue and "Formera en gemensam Styrgrupp" in overdue


def test_every_page_is_reachable_from_the_navigation(client, demo):
    page = client.get(reverse("home")).content.decode()
    for name in [
        "decision_list",
        "forum_list",
        "agreement_list",
        "principal_list",
        "assignment_list",
    ]:
        assert f'href="{reverse(name)}"' in page


def test_drafts_are_hidden_from_visitors_and_shown_to_staff(client, administrator, vfr):
    make_meeting(vfr, datetime.date(2026, 12, 10), status=Meeting.Status.MINUTES_DRAFT)
    assert "10 december 2026" not in client.get(reverse("home")).content.decode()
    client.force_login(administrator)
    page = client.get(reverse("home")).content.decode()
    assert "10 december 2026" in page
    assert "Utkast till minnesanteckningar" in page
