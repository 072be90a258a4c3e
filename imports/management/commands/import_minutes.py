"""Import one set of minutes from a text, Word or PDF file into a draft meeting."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from council.history import command_user
from imports.extract import ExtractionError
from imports.messages import warning_message
from imports.services import ImportRefused, create_draft_meeting, read_minutes


class Command(BaseCommand):
    help = "Read minutes (.txt, .docx, .pdf) and create a draft meeting for review."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The minutes file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and report, but store nothing."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print what was read in the layout of the transcribed seed minutes.",
        )
        parser.add_argument("--user", help="The user the changes are recorded as.")

    def handle(self, *args, path, dry_run, json: bool = False, user=None, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            read = read_minutes(data=file.read_bytes(), filename=file.name)
        except ExtractionError as error:
            raise CommandError(str(error)) from error
        parsed = read.parsed
        if json:
            self.stdout.write(_dumps(parsed.as_json()))
        else:
            self.stdout.write(
                f"{parsed.forum or '?'} {parsed.date or '?'}: {len(parsed.items)} items, "
                f"{sum(len(i.decisions) for i in parsed.items)} decisions"
            )
        for warning in parsed.warnings:
            self.stderr.write(warning_message(warning))
        if dry_run:
            return
        try:
            acting = command_user(user)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No such user: {user}") from error
        try:
            meeting = create_draft_meeting(parsed=parsed, user=acting, checksum=read.checksum)
        except ImportRefused as error:
            raise CommandError(error.message) from error
        self.stderr.write(f"Created draft meeting {meeting.pk}: {meeting}")


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
