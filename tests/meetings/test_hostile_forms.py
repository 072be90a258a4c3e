"""Forged or oversized form posts to the minutes editor: a Swedish message, nothing stored,
and no cost beyond the ceiling of each list."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import AgendaItem, Decision, Meeting
from tests.factories import item_form_data, make_item, make_meeting

D = datetime.date


@pytest.fixture
def draft(vfr):
    meeting = make_meeting(vfr, D(2026, 11, 20), status=Meeting.Status.MINUTES_DRAFT)
    make_item(meeting, "1", "Mötets öppnande")
    return meeting


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
    response = client.post(
        reverse("meeting_item_create", args=[draft.pk]), item_form_data(draft, **{field: count})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Punkten sparades inte" in page
    assert "Skicka som mest" in page  # Django's own Swedish message for too many rows
    assert 'value="Ärende"' in page  # the typed text is kept
    assert (AgendaItem.objects.count(), Decision.objects.count()) == before
    # The forms built stop at the ceiling, whatever the post claims (20–33 s before).
    formset = response.context[field.split("-")[0][:-1] + "_forms"]
    assert len(formset.forms) <= formset.absolute_max <= 100


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
    response = client.post(reverse("meeting_edit", args=[draft.pk]), data)
    assert response.status_code == 200
    assert len(response.context["item_rows"].forms) <= 300
    page = response.content.decode()
    assert "Skicka som mest" in page
    draft.refresh_from_db()
    assert draft.place == "" and draft.items.count() == 1


def create_post(forum) -> dict:
    return {"forum": forum.pk, "date": "2026-12-15", "place": "Falun"}


def test_a_double_click_on_create_makes_one_meeting_and_points_to_it(client, vfr, vfr_secretary):
    client.force_login(vfr_secretary)
    first = client.post(reverse("meeting_create"), create_post(vfr))
    assert first.status_code == 302
    second = client.post(reverse("meeting_create"), create_post(vfr))
    assert second.status_code == 200
    page = second.content.decode()
    assert "Välfärdsrådet har redan ett möte den 15 december 2026" in page
    meeting = Meeting.objects.get(forum=vfr, date=D(2026, 12, 15))
    assert f'href="{reverse("meeting_edit", args=[meeting.pk])}"' in page
    assert 'value="Falun"' in page


@pytest.mark.django_db(transaction=True)
def test_two_creates_at_once_make_one_meeting(vfr, vfr_secretary):
    """Two requests racing: the forum's row lock lets one in at a time (PostgreSQL), and
    SQLite writes one transaction at a time."""
    import threading

    from django.db import connection

    from meetings.services import MeetingExists, create_meeting

    results = []
    barrier = threading.Barrier(2)

    def create():
        barrier.wait()
        try:
            create_meeting(forum=vfr, date=D(2026, 12, 16), user=vfr_secretary)
            results.append("created")
        except MeetingExists:
            results.append("refused")
        except Exception as error:  # SQLite: the second writer may find the file locked
            results.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Meeting.objects.filter(forum=vfr, date=D(2026, 12, 16)).count() == 1
    assert results.count("created") == 1
