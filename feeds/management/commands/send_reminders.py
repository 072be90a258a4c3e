import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from feeds.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail each person one digest of what falls due: assignments, agreement deadlines, "
        "adoptions still pending and minutes waiting for justering. Each reminder is sent "
        "once, so the command can run as often as wished."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would get what; send nothing."
        )
        parser.add_argument(
            "--date", help="Remind as on this day (YYYY-MM-DD) instead of today, for testing."
        )

    def handle(self, *args, dry_run: bool = False, date: str | None = None, **options) -> None:
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, got {date!r}") from None
        digests = send_reminders(today=today, dry_run=dry_run)
        for digest in digests:
            person = digest.person
            self.stdout.write(f"{person.name} <{person.email_address}>:")
            for title, reminders in digest.sections():
                self.stdout.write(f"  {title}")
                for reminder in reminders:
                    self.stdout.write(f"    - {reminder.text}")
        verb = "would be sent" if dry_run else "queued"
        self.stdout.write(f"{len(digests)} digest(s) {verb} for {today:%Y-%m-%d}.")
