"""An item's case can be any case of the register, not only the latest in the list."""

import datetime
import re

import pytest
from django.urls import reverse

from meetings.forms import CASE_CHOICES_LIMIT
from meetings.models import AgendaItem, Case, Meeting
from tests.factories import item_form_data, make_item, make_meeting

D = datetime.date


@pytest.fixture
def register(vfr):
    old = Case.objects.create(title="Tillnyktringsplatser i länet", registration_number="RD 19/77")
    Case.objects.create(title="Tillnyktring för unga")
    Case.objects.bulk_create(Case(title=f"Ärende {i}") for i in range(CASE_CHOICES_LIMIT + 5))
    meeting = make_meeting(vfr, D(2026, 11, 20), status=Meeting.Status.MINUTES_DRAFT)
    return old, meeting, make_item(meeting, "4", "Tillnyktring")


def case_options(page: str) -> str:
    """The options of the case list alone."""
    return re.search(r'<select name="case_choice".*?</select>', page, re.S).group(0)


def post(client, meeting, item, **fields):
    data = item_form_data(meeting, number=item.number, title=item.title, **fields)
    return client.post(reverse("meeting_item_edit", args=[meeting.pk, item.pk]), data)


def test_an_old_case_outside_the_list_is_found_by_its_dnr(client, register, vfr_secretary):
    old, meeting, item = register
    client.force_login(vfr_secretary)
    page = client.get(reverse("meeting_item_edit", args=[meeting.pk, item.pk])).content.decode()
    assert f'<option value="{old.pk}"' not in case_options(page)  # not among the latest open cases
    assert post(client, meeting, item, case_search="rd 19/77").status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).case == old


def test_words_that_match_several_cases_put_them_first_in_the_list(client, register, vfr_secretary):
    old, meeting, item = register
    client.force_login(vfr_secretary)
    response = post(client, meeting, item, case_search="tillnyktring")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 ärenden passar" in page
    assert f'<option value="{old.pk}"' in case_options(page)
    assert 'value="tillnyktring"' in page  # the words are kept
    assert AgendaItem.objects.get(pk=item.pk).case is None
    # Chosen in the list, the old case is saved.
    meeting.refresh_from_db()
    response = post(client, meeting, item, case_search="tillnyktring", case_choice=old.pk)
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).case == old


def test_words_that_match_no_case_say_so(client, register, vfr_secretary):
    _old, meeting, item = register
    client.force_login(vfr_secretary)
    response = post(client, meeting, item, case_search="finns inte alls")
    assert response.status_code == 200
    assert "Inget ärende i registret passar" in response.content.decode()
