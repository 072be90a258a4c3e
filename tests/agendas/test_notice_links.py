import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(vfr):
    return Meeting.objects.create(forum=vfr, date=datetime.date(2026, 12, 10), status="planned")


@pytest.mark.parametrize("page", ["meeting_detail", "meeting_edit"])
def test_administrators_reach_the_notice_from_a_planned_meeting(
    client, administrator, planned, page
):
    client.force_login(administrator)
    response = client.get(reverse(page, args=[planned.pk]))
    assert reverse("notice_page", args=[planned.pk]) in response.content.decode()


def test_the_notice_link_is_not_offered_to_secretaries_or_after_the_meeting(
    client, administrator, vfr_secretary, planned
):
    notice = reverse("notice_page", args=[planned.pk])
    client.force_login(vfr_secretary)
    assert notice not in client.get(reverse("meeting_edit", args=[planned.pk])).content.decode()

    planned.status = "minutes_draft"
    planned.save()
    client.force_login(administrator)
    assert notice not in client.get(reverse("meeting_edit", args=[planned.pk])).content.decode()
