"""The text of attachments, read for the search by the background worker.

An attachment's file is read when it is stored, and again when it is replaced: each
save of an attachment asks the worker (once the save has committed), and the worker reads
the file only when its stored name differs from the one the text was read from. Word
(.docx) and PDF files are read as the import reads minutes (``extract.extract_text``);
other kinds (Excel, PowerPoint, images) and scans without a text layer are kept with
the reason and no text.
"""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from meetings.models import Attachment, AttachmentText

from .extract import ExtractionError, extract_text

logger = logging.getLogger(__name__)

READ_EXTENSIONS = {"pdf", "docx"}
# What the search keeps of one file: some 60 pages. A longer text's first part is kept.
SEARCHED_CHARS = 200_000


def read_attachment_text(attachment_id: int, *, again: bool = False) -> str:
    """Read the attachment's file unless its text is read already (``again`` reads it
    anyway); what was done: "read", "no text", "unchanged" or "gone"."""
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None or not attachment.file:
        return "gone"
    name = attachment.file.name
    stored = AttachmentText.objects.filter(attachment=attachment).first()
    if stored is not None and stored.file_name == name and not again:
        return "unchanged"
    text, error = "", ""
    if attachment.extension not in READ_EXTENSIONS:
        error = _("Only PDF and Word files are read for the search.")
    else:
        try:
            with attachment.file.open("rb") as file:
                data = file.read()
            text = extract_text(data=data, filename=name)[:SEARCHED_CHARS]
        except ExtractionError as refused:
            error = str(refused)[:300]
        except OSError:
            error = _("The attachment's file is missing.")
    AttachmentText.objects.update_or_create(
        attachment=attachment, defaults={"file_name": name, "text": text, "error": error}
    )
    return "read" if text else "no text"


def ask_to_read(sender, instance: Attachment, **kwargs) -> None:
    """After an attachment is saved: have the worker read its file once the save commits."""
    if kwargs.get("raw") or not instance.file:
        return
    from .tasks import extract_attachment_text

    pk = instance.pk

    def enqueue() -> None:
        try:
            extract_attachment_text.enqueue(pk)
        except Exception:  # the queue's own errors differ per backend (database, Redis)
            logger.exception("Could not ask the worker to read attachment %s", pk)

    transaction.on_commit(enqueue)
