"""Meetings as iCalendar, read back by two independent parsers."""

import datetime

import ics
import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agendas.services import send_notice
from feeds.models import CalendarToken
from feeds.services import calendar_token, own_calendar
from meetings.models import Meeting
from meetings.services import correct_published
from tests.factories import make_decision, make_item, make_meeting
from tests.feeds.conftest import sv

D = datetime.date
T = datetime.time
UTC = datetime.UTC


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@beslutsregistret"


@pytest.fixture
def around_daylight_saving(frozen, vfr):
    """Published meetings on each side of the changes of 29 March and 25 October 2026."""
    meetings = {}
    for day, start in [
        (D(2026, 3, 27), T(9, 0)),  # CET, UTC+1
        (D(2026, 3, 30), T(9, 0)),  # CEST, UTC+2
        (D(2026, 10, 23), T(13, 0)),  # CEST
        (D(2026, 10, 26), T(13, 0)),  # CET
    ]:
        meeting = make_meeting(
            vfr,
            day,
            start_time=start,
            end_time=T(start.hour + 3, 30),
            place="Samverkanslokalen, Borlänge",
            version=4,
        )
        make_item(meeting, "1", "Mötets öppnande")
        make_item(meeting, "2", "Överenskommelse om TN-platser; remiss, svar")
        meetings[day] = meeting
    return meetings


def test_the_calendar_reads_back_in_two_parsers_with_the_times_of_both_sides_of_summer_time(
    client, around_daylight_saving
):
    response = client.get(reverse("calendar_all"))
    text = response.content.decode()
    found = events(response)
    expected_utc = {
        D(2026, 3, 27): (utc(2026, 3, 27, 8), utc(2026, 3, 27, 11, 30)),
        D(2026, 3, 30): (utc(2026, 3, 30, 7), utc(2026, 3, 30, 10, 30)),
        D(2026, 10, 23): (utc(2026, 10, 23, 11), utc(2026, 10, 23, 14, 30)),
        D(2026, 10, 26): (utc(2026, 10, 26, 12), utc(2026, 10, 26, 15, 30)),
    }
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Stockholm" in text
    assert set(found) == {uid(m) for m in around_daylight_saving.values()}
    for day, meeting in around_daylight_saving.items():
        event = found[uid(meeting)]
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert str(start.tzinfo) == "Europe/Stockholm"
        assert (start.astimezone(UTC), end.astimezone(UTC)) == expected_utc[day]
        assert event["dtstart"].params["TZID"] == "Europe/Stockholm"
        assert int(event["sequence"]) == 4
        assert str(event["summary"]) == "Välfärdsrådet"
        assert str(event["location"]) == "Samverkanslokalen, Borlänge"
        assert str(event["status"]) == "CONFIRMED"
        link = f"http://testserver/moten/{meeting.pk}/"
        assert str(event["url"]) == link
        description = str(event["description"])
        assert "1. Mötets öppnande" in description
        assert "2. Överenskommelse om TN-platser; remiss, svar" in description
        assert link in description

    # A second parser, which reads the VTIMEZONE itself: the same instants.
    second = {e.uid: e for e in ics.Calendar(text).events}
    assert set(second) == set(found)
    for day, meeting in around_daylight_saving.items():
        event = second[uid(meeting)]
        assert (event.begin.to("UTC").datetime, event.end.to("UTC").datetime) == expected_utc[day]
        assert event.location == "Samverkanslokalen, Borlänge"
        assert "2. Överenskommelse om TN-platser; remiss, svar" in event.description


def test_a_change_raises_the_sequence_and_keeps_the_uid(
    client, around_daylight_saving, vfr_secretary
):
    meeting = around_daylight_saving[D(2026, 10, 26)]
    before = events(client.get(reverse("calendar_forum", args=["vfr"])))[uid(meeting)]
    meeting.place = "Teams"
    correct_published(
        meeting=meeting, version=meeting.version, user=vfr_secretary, reason="Flyttat till Teams."
    )
    after = events(client.get(reverse("calendar_forum", args=["VFR"])))[uid(meeting)]
    assert int(after["sequence"]) == int(before["sequence"]) + 1
    assert str(after["location"]) == "Teams"


def test_a_meeting_without_times_is_a_whole_day(client, frozen, vfr):
    meeting = make_meeting(vfr, D(2026, 11, 2))
    event = events(client.get(reverse("calendar_all")))[uid(meeting)]
    assert event.decoded("dtstart") == D(2026, 11, 2)
    assert event.decoded("dtend") == D(2026, 11, 3)


def test_drafts_and_plans_are_in_no_calendar(
    client, frozen, vfr, lchnv, vfr_secretary, schnv_secretary, member, administrator
):
    draft = make_meeting(vfr, D(2026, 11, 4), status=Meeting.Status.MINUTES_DRAFT)
    make_decision(make_item(draft, "3", "Hemligt utkast"), "att utkastet är internt.")
    planned = make_meeting(vfr, D(2026, 12, 9), status=Meeting.Status.PLANNED)
    published = make_meeting(vfr, D(2026, 9, 9))
    for user in [None, member, schnv_secretary, vfr_secretary, administrator]:
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in [reverse("calendar_all"), reverse("calendar_forum", args=["VFR"])]:
            response = client.get(url)
            found = events(response)
            assert uid(published) in found
            assert uid(draft) not in found and uid(planned) not in found
            assert "utkast" not in response.content.decode()
            if user is not None:
                assert response["Cache-Control"] == "private, no-store"


def test_the_secretary_sees_an_announced_meeting_of_their_forum_before_it_is_published(
    client, frozen, vfr, vfr_secretary, administrator
):
    meeting = make_meeting(
        vfr, D(2026, 12, 9), status=Meeting.Status.PLANNED, start_time=T(13), place="Falun"
    )
    make_item(meeting, "1", "Mötets öppnande")
    send_notice(meeting=meeting, user=administrator)
    assert uid(meeting) not in events(client.get(reverse("calendar_all")))
    client.force_login(vfr_secretary)
    event = events(client.get(reverse("calendar_all")))[uid(meeting)]
    assert "1. Mötets öppnande" in str(event["description"])
    assert str(event["url"]).endswith(f"/moten/{meeting.pk}/")


@pytest.fixture
def own_forum_meetings(frozen, vfr, lchnv, member, administrator):
    """LCHNV (the member's forum): a meeting whose notice was sent, one only planned, minutes
    being written after a notice, published minutes; and published minutes of VFR."""
    noticed = make_meeting(
        lchnv, D(2026, 12, 4), status=Meeting.Status.PLANNED, start_time=T(9), place="Teams"
    )
    make_item(noticed, "1", "Mötets öppnande")
    make_item(noticed, "2", "Handlingsplan för äldreomsorgen")
    send_notice(meeting=noticed, user=administrator)
    planned = make_meeting(lchnv, D(2027, 2, 5), status=Meeting.Status.PLANNED)
    make_item(planned, "1", "Ännu inte kallat")
    writing = make_meeting(
        lchnv, D(2026, 11, 6), status=Meeting.Status.MINUTES_DRAFT, notice_sent_at=timezone.now()
    )
    make_item(writing, "1", "Punkt som skrivs nu")
    published = make_meeting(lchnv, D(2026, 10, 2))
    other_forum = make_meeting(vfr, D(2026, 10, 7))
    return {
        "noticed": noticed,
        "planned": planned,
        "writing": writing,
        "published": published,
        "other_forum": other_forum,
    }


def test_my_calendar_holds_my_forums_announced_meetings_behind_a_secret_address(
    client, own_forum_meetings, member
):
    client.force_login(member)
    page = client.get(reverse("my_calendar"))
    address = page.context["address"]
    assert address.startswith("http://testserver/kalender/") and address.endswith(".ics")
    assert address in page.content.decode()
    assert "webcal://testserver/kalender/" in page.content.decode()
    client.logout()  # a calendar program carries no login
    response = client.get(address.removeprefix("http://testserver"))
    assert response["Cache-Control"] == "private, no-store"
    found = events(response)
    m = own_forum_meetings
    assert set(found) == {uid(m["noticed"]), uid(m["writing"]), uid(m["published"])}
    noticed = found[uid(m["noticed"])]
    assert "2. Handlingsplan för äldreomsorgen" in str(noticed["description"])
    # The member cannot open minutes not yet published: the event leads to the forum.
    assert str(noticed["url"]) == "http://testserver/forum/LCHNV/"
    # Minutes being written show no items before they are published.
    assert "Punkt som skrivs nu" not in response.content.decode()
    assert str(found[uid(m["published"])]["url"]).endswith(f"/moten/{m['published'].pk}/")


def test_a_new_address_stops_the_old_one(client, own_forum_meetings, member):
    client.force_login(member)
    old = client.get(reverse("my_calendar")).context["address"]
    response = client.post(reverse("my_calendar_renew"), follow=True)
    renewed = sv(
        "Your calendar has a new address. The old one no longer works: "
        "subscribe again with the new one."
    )
    assert renewed in response.content.decode()
    new = response.context["address"]
    assert new != old
    client.logout()
    assert client.get(old.removeprefix("http://testserver")).status_code == 404
    assert client.get(new.removeprefix("http://testserver")).status_code == 200
    assert client.get("/kalender/1-fel.ics").status_code == 404


def test_an_address_of_a_deactivated_person_stops(client, own_forum_meetings, member):
    token = own_calendar(person=member.person)
    path = reverse("calendar_personal", args=[calendar_token(token)])
    assert client.get(path).status_code == 200
    member.person.active = False
    member.person.save()
    assert client.get(path).status_code == 404


def test_the_forum_and_meeting_pages_link_their_calendars(client, frozen, vfr, member):
    meeting = make_meeting(vfr, D(2026, 9, 9))
    forum_page = client.get(reverse("forum_detail", args=["VFR"])).content.decode()
    assert 'href="/forum/VFR/kalender.ics"' in forum_page
    meeting_page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'href="/forum/VFR/kalender.ics"' in meeting_page
    client.force_login(member)
    account = client.get(reverse("account")).content.decode()
    assert f'href="{reverse("my_calendar")}"' in account


def grow(forum, count: int, start: datetime.date) -> None:
    for i in range(count):
        meeting = make_meeting(forum, start + datetime.timedelta(days=3 * i), start_time=T(9))
        make_item(meeting, "1", "Mötets öppnande")
        make_item(meeting, "2", f"Ärende {i}")


def test_the_calendars_read_a_fixed_number_of_queries(
    client, frozen, vfr, lchnv, member, vfr_secretary, django_assert_max_num_queries
):
    token = calendar_token(CalendarToken.objects.create(person=member.person))
    personal = reverse("calendar_personal", args=[token])
    urls = [reverse("calendar_all"), reverse("calendar_forum", args=["VFR"]), personal]
    grow(vfr, 2, D(2026, 1, 5))
    grow(lchnv, 2, D(2026, 1, 6))
    for url in urls:
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200
    grow(vfr, 40, D(2026, 2, 5))
    grow(lchnv, 40, D(2026, 2, 6))
    for url in urls:
        with django_assert_max_num_queries(4):
            assert len(events(client.get(url))) >= 42
    client.force_login(vfr_secretary)
    with django_assert_max_num_queries(7):
        assert len(events(client.get(reverse("calendar_all")))) == 84
