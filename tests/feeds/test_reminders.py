"""Reminders on hand-built scenarios with the date frozen: each rule at its edges, one
digest per person, nothing sent twice; and the daily run in the real worker."""

import datetime
import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from agreements.models import Agreement
from agreements.services import open_adoptions
from council.models import Membership, OutboxMessage, Person, Role
from feeds.models import ReminderSchedule, SentReminder
from feeds.reminders import due_digests, send_reminders
from feeds.tasks import daily_reminders, schedule_reminders
from meetings.models import Assignment, Meeting
from tests.conftest import PASSWORD
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date
TODAY = D(2027, 3, 10)  # a Wednesday
DAY = datetime.timedelta(days=1)


def local(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def today():
    with freeze_time("2027-03-10 09:00:00"):  # 10.00 in Stockholm
        yield TODAY


def secretary(forum, name: str) -> Person:
    login = name.lower()
    user = get_user_model().objects.create_user(login, f"{login}@example.se", PASSWORD)
    person = Person.objects.create(name=name, user=user)
    Membership.objects.create(forum=forum, person=person, role=Role.SECRETARY)
    return person


def assignment(decision, due: datetime.date, **fields) -> Assignment:
    fields.setdefault("assignee_forum", decision.item.meeting.forum)
    return Assignment.objects.create(
        decision=decision, description=f"Utreda platserna ({due})", due_date=due, **fields
    )


@pytest.fixture
def scenario(today, vfr, lchnv, vfr_secretary, member, administrator):
    """Each rule once one day inside its limit and once one day outside."""
    lena = secretary(lchnv, "Lena")
    ada = Person.objects.create(name="Ada", user=administrator)
    jon = Person.objects.create(name="Jon Justerare", email="jon@example.se")
    council = make_meeting(vfr, D(2027, 1, 20), published_at=local(D(2027, 1, 27)))
    item = make_item(council, "4", "Tillnyktringsplatser")
    given = make_decision(item, "att ge Länschefsnätverket i uppdrag att utreda.", kind="assigned")
    a = {
        "in": assignment(given, today + 14 * DAY, assignee_forum=lchnv, report_to_forum=vfr),
        "out": assignment(given, today + 15 * DAY, assignee_forum=lchnv, report_to_forum=vfr),
        "overdue": assignment(given, today - DAY, assignee_forum=lchnv),
        "today": assignment(given, today, assignee_forum=lchnv),
        "withdrawn": assignment(
            given, today, assignee_forum=lchnv, status=Assignment.Status.WITHDRAWN
        ),
    }
    draft = make_meeting(vfr, D(2027, 3, 3), status=Meeting.Status.MINUTES_DRAFT)
    drafted = make_decision(make_item(draft, "2", "Utkast"), "att ge i uppdrag.", kind="assigned")
    assignment(drafted, today + DAY, assignee_forum=lchnv)

    agreements = {
        "in": Agreement.objects.create(
            title="Överenskommelse om TN-platser",
            short_name="TN",
            valid_from=D(2024, 1, 1),
            valid_until=D(2027, 9, 10),  # six months from today
            responsible_forum=lchnv,
        ),
        "out": Agreement.objects.create(
            title="Överenskommelse om SUS",
            short_name="SUS",
            valid_from=D(2024, 1, 1),
            valid_until=D(2027, 9, 11),
            responsible_forum=lchnv,
        ),
        "evaluation": Agreement.objects.create(
            title="Överenskommelse om MiniMaria",
            short_name="MiniMaria",
            until_further_notice=True,
            evaluation_due=today,
            responsible_forum=lchnv,
        ),
        "nobody": Agreement.objects.create(
            title="Nationell överenskommelse",
            short_name="NÖ",
            valid_until=today + 10 * DAY,
        ),
    }

    recommendations = {}
    for name, published in [("in", today - 42 * DAY), ("out", today - 41 * DAY)]:
        meeting = make_meeting(vfr, published - 7 * DAY, published_at=local(published))
        recommendations[name] = make_decision(
            make_item(meeting, "5", "Rekommendation"),
            f"att rekommendera kommunerna att anta ({name}).",
            kind="recommended",
        )
        open_adoptions(recommendation=recommendations[name])

    justering = {}
    for name, sent in [("in", today - 8 * DAY), ("out", today - 7 * DAY)]:
        meeting = make_meeting(
            vfr, sent - 2 * DAY, status=Meeting.Status.IN_REVIEW, review_requested_at=local(sent)
        )
        make_item(meeting, "1", "Mötets öppnande")
        meeting.justerare.add(jon)
        justering[name] = meeting
    return {
        "people": {
            "vera": vfr_secretary.person,
            "lena": lena,
            "ada": ada,
            "maja": member.person,
            "jon": jon,
        },
        "assignments": a,
        "agreements": agreements,
        "recommendations": recommendations,
        "justering": justering,
    }


def keys_by_person(digests) -> dict[str, set[str]]:
    return {d.person.name: {r.key for r in d.reminders} for d in digests}


def test_each_rule_reminds_one_day_inside_its_limit_and_not_one_day_outside(today, scenario):
    a = scenario["assignments"]
    g = scenario["agreements"]
    maja = scenario["people"]["maja"]
    falun = maja.principal
    pending = scenario["recommendations"]["in"].principal_decisions.get(principal=falun)
    justering = scenario["justering"]["in"]
    round_key = f"justering-waiting:{justering.pk}:{int(justering.review_requested_at.timestamp())}"
    assignment_keys = {
        f"assignment-due:{a['in'].pk}:2027-03-24",
        f"assignment-overdue:{a['overdue'].pk}:2027-03-09",
        f"assignment-due:{a['today'].pk}:2027-03-10",
    }
    agreement_keys = {
        f"agreement-expiry:{g['in'].pk}:2027-09-10",
        f"agreement-evaluation:{g['evaluation'].pk}:2027-03-10",
    }
    assert keys_by_person(due_digests(today)) == {
        # The forum that carries the assignments, and the agreements' responsible forum.
        "Lena": assignment_keys | agreement_keys,
        # Vera keeps VFR: the assignment that reports to it, and the minutes in justering.
        "Vera": {f"assignment-due:{a['in'].pk}:2027-03-24", round_key},
        "Ada": agreement_keys,
        "Maja": {f"adoption-pending:{pending.pk}"},
        "Jon Justerare": {round_key},
    }


def test_one_digest_each_and_nothing_sent_twice(today, scenario):
    digests = send_reminders(today=today)
    messages = OutboxMessage.objects.filter(kind="reminders")
    assert sorted(m.person.name for m in messages) == sorted(d.person.name for d in digests)
    assert messages.count() == 5
    lena = messages.get(person__name="Lena")
    assert lena.recipient == "lena@example.se"
    assert "Utreda platserna (2027-03-24)" in lena.body
    assert "Utreda platserna (2027-03-09)" in lena.body
    assert "Utreda platserna (2027-03-25)" not in lena.body
    assert "http://127.0.0.1:8000/moten/" in lena.body
    assert "TN" in lena.body and "MiniMaria" in lena.body
    jon = messages.get(person__name="Jon Justerare")
    assert f"/moten/{scenario['justering']['in'].pk}/justering/" in jon.body
    maja = messages.get(person__name="Maja")
    falun = scenario["people"]["maja"].principal
    assert falun.name in maja.body and "att rekommendera kommunerna att anta (in)" in maja.body

    assert send_reminders(today=today) == []
    assert OutboxMessage.objects.filter(kind="reminders").count() == 5

    # The next day each of the edges one day outside comes inside, and the assignment due
    # yesterday is overdue, a reminder of its own: only these are new.
    with freeze_time("2027-03-11 09:00:00"):
        later = send_reminders(today=today + DAY)
    a = scenario["assignments"]
    adoption = scenario["recommendations"]["out"].principal_decisions.get(
        principal=scenario["people"]["maja"].principal
    )
    late = scenario["justering"]["out"]
    round_key = f"justering-waiting:{late.pk}:{int(late.review_requested_at.timestamp())}"
    expiry = f"agreement-expiry:{scenario['agreements']['out'].pk}:2027-09-11"
    assert keys_by_person(later) == {
        "Lena": {
            f"assignment-due:{a['out'].pk}:2027-03-25",
            f"assignment-overdue:{a['today'].pk}:2027-03-10",
            expiry,
        },
        "Vera": {f"assignment-due:{a['out'].pk}:2027-03-25", round_key},
        "Ada": {expiry},
        "Maja": {f"adoption-pending:{adoption.pk}"},
        "Jon Justerare": {round_key},
    }
    assert OutboxMessage.objects.filter(kind="reminders").count() == 10


def test_a_new_due_date_is_a_new_reminder(today, scenario):
    send_reminders(today=today)
    moved = scenario["assignments"]["in"]
    moved.due_date = today + 10 * DAY
    moved.save()
    again = keys_by_person(send_reminders(today=today))
    assert again == {
        "Lena": {f"assignment-due:{moved.pk}:2027-03-20"},
        "Vera": {f"assignment-due:{moved.pk}:2027-03-20"},
    }


def test_those_who_turned_reminders_off_get_none(today, scenario):
    lena = scenario["people"]["lena"]
    lena.muted_emails = ["reminders"]
    lena.save()
    assert "Lena" not in keys_by_person(send_reminders(today=today))
    assert not SentReminder.objects.filter(person=lena).exists()


def test_the_dry_run_says_who_would_get_what_and_sends_nothing(today, scenario):
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", "--date", "2027-03-10", stdout=out)
    printed = out.getvalue()
    assert "Lena <lena@example.se>:" in printed
    assert "Jon Justerare <jon@example.se>:" in printed
    assert "Utreda platserna (2027-03-24)" in printed
    assert "5 digest(s) would be sent for 2027-03-10." in printed
    assert not OutboxMessage.objects.exists() and not SentReminder.objects.exists()
    call_command("send_reminders", "--date", "2027-03-10", stdout=io.StringIO())
    assert OutboxMessage.objects.filter(kind="reminders").count() == 5


def test_the_command_refuses_a_date_it_cannot_read(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "10/3")


# --- the daily run -------------------------------------------------------------------


def queued() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path="feeds.tasks.daily_reminders", status="READY")
    )


def test_one_daily_run_is_queued_and_each_run_queues_the_next(db, settings):
    settings.REMINDERS_AT = "06:00"
    with freeze_time("2027-03-10 04:00:00"):  # 05.00 in Stockholm
        schedule = schedule_reminders()
        assert schedule.run_after == local(TODAY, 6)
        schedule_reminders()  # the worker started again: still one
        assert [t.run_after for t in queued()] == [local(TODAY, 6)]
    with freeze_time("2027-03-10 05:00:30"):
        assert daily_reminders.call() == 0
    schedule = ReminderSchedule.objects.get()
    assert schedule.last_run_on == TODAY
    assert schedule.run_after == local(TODAY + DAY, 6)
    assert local(TODAY + DAY, 6) in [t.run_after for t in queued()]
    with freeze_time("2027-03-10 12:00:00"):
        schedule_reminders()  # a restart later that day adds nothing
    assert [t.run_after for t in queued()].count(local(TODAY + DAY, 6)) == 1


def test_a_day_missed_is_run_when_the_worker_is_back(db, settings):
    settings.REMINDERS_AT = "06:00"
    with freeze_time("2027-03-10 13:00:00"):
        schedule = schedule_reminders()
        assert schedule.run_after == timezone.now()


def test_reminders_at_off_schedules_nothing(db, settings):
    settings.REMINDERS_AT = "off"
    assert schedule_reminders() is None
    assert not queued()


def test_the_worker_sends_the_day_s_reminders_and_queues_tomorrow_s(
    start_worker, smtp_server, settings, vfr, lchnv, vfr_secretary
):
    """Done when: the secretaries of a forum with an overdue assignment get one reminder."""
    settings.REMINDERS_AT = "00:00"
    lena = secretary(lchnv, "Lena")
    today = timezone.localdate()
    meeting = make_meeting(vfr, today - 60 * DAY)
    given = make_decision(make_item(meeting, "4", "Uppdrag"), "att ge i uppdrag.", kind="assigned")
    assignment(given, today - 5 * DAY, assignee_forum=lchnv, report_to_forum=vfr)
    first = schedule_reminders()
    assert first.run_after <= timezone.now()  # today's run has not been made: now
    start_worker(smtp_server.port, REMINDERS_AT="00:00")
    received = smtp_server.wait_for(2, timeout=60)
    assert sorted(m.envelope_to[0] for m in received) == [lena.email_address, "vera@example.se"]
    for message in received:
        assert "Utreda platserna" in message.get_content()
    deadline = time.monotonic() + 30
    while ReminderSchedule.objects.get().task_id == first.task_id:
        assert time.monotonic() < deadline, "the run did not queue the next"
        time.sleep(0.2)
    schedule = ReminderSchedule.objects.get()
    assert schedule.last_run_on == today
    assert schedule.run_after == local(today + DAY, 0)
    time.sleep(2)
    assert len(smtp_server.messages) == 2
