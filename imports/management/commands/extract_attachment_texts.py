"""Read the text of attachments for the search: those stored before the worker read
them, or whose file changed since (``--again``: all of them)."""

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef, Q

from imports.attachment_text import read_attachment_text
from meetings.models import Attachment, AttachmentText


class Command(BaseCommand):
    help = "Read the text of attachments for the search where it is missing or out of date."

    def add_arguments(self, parser):
        parser.add_argument("--again", action="store_true", help="read every attachment again")

    def handle(self, *args, again: bool = False, **options):
        attachments = Attachment.objects.exclude(file="")
        if not again:
            read = AttachmentText.objects.filter(
                attachment=OuterRef("pk"), file_name=OuterRef("file")
            )
            attachments = attachments.filter(~Q(Exists(read)))
        done: dict[str, int] = {}
        for pk in attachments.order_by("pk").values_list("pk", flat=True).iterator():
            outcome = read_attachment_text(pk, again=again)
            done[outcome] = done.get(outcome, 0) + 1
        self.stdout.write(
            f"Attachments read: {done.get('read', 0)} with text, {done.get('no text', 0)} "
            f"without (not PDF or Word, a scan, or unreadable); {done.get('unchanged', 0)} "
            "unchanged."
        )
