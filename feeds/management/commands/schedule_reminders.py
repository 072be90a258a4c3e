from django.core.management.base import BaseCommand
from django.utils import timezone

from feeds.tasks import schedule_reminders


class Command(BaseCommand):
    help = (
        "Make sure the worker has the daily run of the reminders queued (run before the "
        "worker starts; nothing is added when one is waiting)."
    )

    def handle(self, *args, **options) -> None:
        schedule = schedule_reminders()
        if schedule is None:
            self.stdout.write("REMINDERS_AT is off: no daily run is scheduled.")
        else:
            when = timezone.localtime(schedule.run_after)
            self.stdout.write(f"Next reminders: {when:%Y-%m-%d %H:%M} ({when.tzname()}).")
