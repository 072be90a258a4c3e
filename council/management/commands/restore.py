from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import translation

from council.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into the configured database and MEDIA_ROOT. "
        "The archive is checked against its manifest before anything is touched, and the "
        "row counts and checksums again after."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz written by `backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Replace what the database holds; without it only an empty database is restored "
                "into."
            ),
        )

    def handle(self, *args, archive, force=False, verbosity=1, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                restore_backup(
                    archive,
                    database=connections[DEFAULT_DB_ALIAS].settings_dict,
                    media_root=Path(settings.MEDIA_ROOT),
                    force=force,
                    progress=self.stdout.write if verbosity >= 1 else None,
                )
            except BackupError as error:
                raise CommandError(error.message) from None
