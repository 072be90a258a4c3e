"""Work of feeds for the background worker: followers told, and the daily reminders.

Django's tasks API has no scheduler. The daily run is a task that, when it has sent
the day's reminders, queues its successor for the next morning (``run_after``);
``schedule_reminders`` (the `schedule_reminders` command, run before the worker starts)
queues one when none is waiting. One row (``ReminderSchedule``), read under a lock,
names the task that is waiting, so that restarts never make two chains; and every
reminder is sent once whatever runs twice, so a run too many sends nothing.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

from .models import ReminderSchedule

logger = logging.getLogger(__name__)


@task()
def notify_followers(meeting_id: int) -> int:
    """E-mail those who follow what the just published minutes decided."""
    from meetings.models import Meeting

    from .notifications import followed_published

    meeting = Meeting.objects.filter(pk=meeting_id).first()
    return followed_published(meeting) if meeting is not None else 0


@task()
def daily_reminders() -> int:
    """Send today's reminders, then queue the run of the next morning."""
    from .reminders import send_reminders

    try:
        return len(send_reminders(today=timezone.localdate()))
    finally:
        schedule_reminders(after_run=True)


def run_time(day: datetime.date) -> datetime.datetime:
    hour, minute = (int(part) for part in settings.REMINDERS_AT.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def next_run(now: datetime.datetime, last_run_on: datetime.date | None) -> datetime.datetime:
    """Today's time of the reminders if it is still to come, now if today's run was
    missed (the worker was down), else tomorrow's."""
    today = timezone.localdate(now)
    if now < run_time(today):
        return run_time(today)
    if last_run_on != today:
        return now
    return run_time(today + datetime.timedelta(days=1))


def _waiting(task_id: str) -> bool:
    """Whether the worker still has this run of the reminders to do."""
    if not task_id:
        return False
    try:
        result = daily_reminders.get_result(task_id)
    except (TaskResultDoesNotExist, TaskResultMismatch, ValidationError, ValueError):
        return False  # pruned, or the queue was emptied: a new one is needed
    return result.status == TaskResultStatus.READY


def schedule_reminders(
    *, now: datetime.datetime | None = None, after_run: bool = False
) -> ReminderSchedule | None:
    """Make sure one run of the reminders is waiting in the worker's queue.

    Called before the worker starts (nothing is added if a run is waiting) and by each
    run when it is done (``after_run``: the waiting one was itself, so the next is
    queued). With REMINDERS_AT=off nothing is scheduled."""
    if settings.REMINDERS_AT == "off":
        return None
    now = now or timezone.now()
    with transaction.atomic():
        ReminderSchedule.objects.get_or_create(pk=1)
        schedule = ReminderSchedule.objects.select_for_update().get(pk=1)
        if after_run:
            schedule.last_run_on = timezone.localdate(now)
        ran = after_run and (schedule.run_after is None or schedule.run_after <= now)
        if _waiting(schedule.task_id) and not ran:
            schedule.save()
            return schedule
        run_after = next_run(now, schedule.last_run_on)
        result = daily_reminders.using(run_after=run_after).enqueue()
        schedule.task_id, schedule.run_after = result.id, run_after
        schedule.save()
    logger.info("Reminders are to be sent at %s (task %s)", run_after, result.id)
    return schedule
