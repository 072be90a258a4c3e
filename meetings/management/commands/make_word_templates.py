from django.core.management.base import BaseCommand

from meetings.word_templates import WORD_DIR, write_templates


class Command(BaseCommand):
    help = (
        "Write the Word templates of the minutes, their extracts and the notice "
        f"({WORD_DIR}) in the house style, the same files every time."
    )
    # Writing files needs neither the database nor the URLs.
    requires_system_checks = []

    def handle(self, *args, **options):
        for path in write_templates():
            self.stdout.write(f"{path}")
