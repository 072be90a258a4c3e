from django.core.management.base import BaseCommand

from council.history import changes_by, command_user
from council.reference import load_reference_data


class Command(BaseCommand):
    help = "Load the principals and forums of the collaboration structure (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--user", help="Username the changes are recorded as.")

    def handle(self, *args, user=None, **options):
        with changes_by(command_user(user)):
            created = load_reference_data()
        self.stdout.write(
            f"Reference data loaded: {created['principals']} new principals, "
            f"{created['forums']} new forums."
        )
