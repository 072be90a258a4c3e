from django.core.management.base import BaseCommand

from agreements.demo import load_demo_data
from council.history import changes_by, command_user


class Command(BaseCommand):
    help = (
        "Load reference data and the demo register: the four seed meetings with their "
        "cases and agreements. Idempotent: rows that exist are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", help="Username the changes are recorded as.")

    def handle(self, *args, user=None, **options):
        with changes_by(command_user(user)):
            result = load_demo_data()
        self.stdout.write(
            f"Demo data: {result.meetings_created} meetings created, "
            f"{result.meetings_kept} already present, {result.decisions_created} decision "
            f"clauses, {result.links_made} chain links."
        )
