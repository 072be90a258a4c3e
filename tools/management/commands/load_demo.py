from django.core.management.base import BaseCommand

from council.history import changes_by, command_user
from meetings.models import Meeting
from tools.demo import load_demo_data
from tools.demo.papers import attach_demo_papers


class Command(BaseCommand):
    help = (
        "Load reference data and the demo register: the four seed meetings with their "
        "cases and agreements. Idempotent: rows that exist are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", help="Username the changes are recorded as.")
        parser.add_argument(
            "--papers",
            action="store_true",
            help="Also store a one-page PDF under MEDIA_ROOT for each attachment the seed "
            "minutes name.",
        )

    def handle(self, *args, user=None, papers=False, **options):
        with changes_by(command_user(user)):
            result = load_demo_data()
            attached = attach_demo_papers(Meeting.objects.all()) if papers else 0
        self.stdout.write(
            f"Demo data: {result.meetings_created} meetings created, "
            f"{result.meetings_kept} already present, {result.decisions_created} decision "
            f"clauses, {result.links_made} chain links, {attached} attachments."
        )
