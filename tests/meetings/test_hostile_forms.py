"""Forged or oversized form posts to the minutes editor: a Swedish message, nothing stored,
and no cost beyond the ceiling of each list."""

import datetime
import time

import pytest
from django.urls import reverse

from meetings.models import AgendaItem, Decision, Meeting
from tests.factories import make_item, make_meeting

D = datetime.date


@pytest.fixture
def draft(vfr):
    meeting = make_meeting(vfr, D(2026, 11, 20), status=Meeting.Status.MINUTES_DRAFT)
    make_item(meeting, "1", "Mötets öppnande")
    return meeting


def item_post(meeting, **extra) -> dict:
    data = {
        "version": meeting.version,
        "number": "2",
        "title": "Ärende",
        "kind": "decision",
        "outcome": "handled",
        "presenters-TOTAL_FORMS": "0",
        "presenters-INITIAL_FORMS": "0",
        "decisions-TOTAL_FORMS": "0",
        "decisions-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("field", "count"),
    [
        ("decisions-TOTAL_FORMS", "5000"),
        ("presenters-TOTAL_FORMS", "100000"),
        ("attachments-TOTAL_FORMS", "1000"),
    ],
)
def test_a_forged_count_of_rows_on_an_item_is_refused_at_once(
    client, draft, vfr_secretary, field, count
):
    client.force_login(vfr_secretary)
    before = (AgendaItem.objects.count(), Decision.objects.count())
    started = time.perf_counter()
    response = client.post(
        reverse("meeting_item_create", args=[draft.pk]), item_post(draft, **{field: count})
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    page = response.content.decode()
    assert "Punkten sparades inte" in page
    assert "Skicka som mest" in page  # Django's own Swedish message for too many rows
    assert 'value="Ärende"' in page  # the typed text is kept
    assert (AgendaItem.objects.count(), Decision.objects.count()) == before
    assert elapsed < 5, elapsed  # a ceiling, not a benchmark: 20–33 s before


def test_a_forged_count_of_items_on_a_meeting_is_refused_at_once(client, draft, vfr_secretary):
    client.force_login(vfr_secretary)
    data = {
        "version": draft.version,
        "date": "2026-11-20",
        "place": "Falun",
        "guest-count": "0",
        "items-TOTAL_FORMS": "100000",
        "items-INITIAL_FORMS": "0",
    }
    started = time.perf_counter()
    response = client.post(reverse("meeting_edit", args=[draft.pk]), data)
    assert time.perf_counter() - started < 5
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skicka som mest" in page
    draft.refresh_from_db()
    assert draft.place == "" and draft.items.count() == 1
