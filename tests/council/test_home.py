import datetime

import pytest
from django.urls import reverse

from agreements.demo import load_demo_data
from meetings.models import Meeting
from tests.factories import make_meeting


@pytest.fixture
def demo(db):
    load_demo_data()


def test_home_lists_the_latest_meetings_per_forum_in_swedish(
    client, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in page
    assert "Senaste mötena" in page
    for forum in ["Välfärdsrådet", "Länschefsnätverket", "Socialchefsnätverket"]:
        assert forum in page
    assert "11 mars 2020" in page and "16 april 2021" in page and "23 september 2022" in page
    meeting = Meeting.objects.get(date=datetime.date(2021, 4, 16))
    assert reverse("admin:meetings_meeting_change", args=[meeting.pk]) in page


def test_query_count_does_not_grow_with_the_register(
    client, demo, vfr, django_assert_max_num_queries
):
    for day in range(1, 25):
        make_meeting(vfr, datetime.date(2019, 1, day))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("home"))
    # Only the latest five per forum are listed.
    assert response.content.decode().count("januari 2019") == 4


def test_drafts_are_hidden_from_visitors_and_shown_to_staff(client, administrator, vfr):
    make_meeting(vfr, datetime.date(2026, 12, 10), status=Meeting.Status.MINUTES_DRAFT)
    assert "10 december 2026" not in client.get(reverse("home")).content.decode()
    client.force_login(administrator)
    page = client.get(reverse("home")).content.decode()
    assert "10 december 2026" in page
    assert "Utkast" in page or "utkast" in page
