import datetime

import pytest

from council.models import Forum
from meetings.models import Meeting
from meetings.standard_items import closing_items, opening_items

pytestmark = pytest.mark.django_db


def titles(items):
    return [item.title for item in items]


def test_opening_items_name_the_previous_held_meeting(reference):
    vfr = Forum.objects.get(code="VFR")
    Meeting.objects.create(forum=vfr, date=datetime.date(2020, 3, 11), status="published")
    Meeting.objects.create(forum=vfr, date=datetime.date(2020, 5, 1), status="planned")
    Meeting.objects.create(forum=vfr, date=datetime.date(2020, 6, 17), status="published")

    items = opening_items(vfr, datetime.date(2020, 6, 1))

    assert "Föregående minnesanteckningar 200311" in titles(items)
    assert items[-1].refers_to.date == datetime.date(2020, 3, 11)


def test_justerare_only_where_the_forum_chooses_one(reference):
    forum = Forum.objects.get(code="SCHNV")
    forum.chooses_justerare = False
    assert "Val av justerare" not in titles(opening_items(forum, datetime.date(2022, 1, 1)))
    forum.chooses_justerare = True
    assert "Val av justerare" in titles(opening_items(forum, datetime.date(2022, 1, 1)))


def test_a_first_meeting_has_no_previous_minutes_item(reference):
    forum = Forum.objects.get(code="SCHNV")
    items = opening_items(forum, datetime.date(2022, 1, 1))
    assert not any(item.key == "previous_minutes" for item in items)
    assert titles(closing_items()) == ["Övriga frågor", "Mötets avslutande"]
