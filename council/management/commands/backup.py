from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from council.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write the database and every file under MEDIA_ROOT into one archive "
        "(beslutsregistret-YYYY-MM-DD-HHMMSS.tar.gz) with a manifest of row counts and "
        "checksums that `restore` checks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help=(
                "A directory for the archive, or the archive's own name (ending .tar.gz). "
                "Default: the BACKUP_DIR setting, else backups/ in the project."
            ),
        )

    def handle(self, *args, output=None, verbosity=1, **options):
        with translation.override(settings.LANGUAGE_CODE):
            report = self.stdout.write if verbosity >= 1 else None
            try:
                result = create_backup(output=output, progress=report)
            except BackupError as error:
                raise CommandError(error.message) from None
            if report:
                report(
                    _("Backup written: %(path)s (%(size)s) in %(seconds)s s.")
                    % {
                        "path": result.path,
                        "size": filesizeformat(result.size),
                        "seconds": number_format(result.seconds, 1),
                    }
                )
