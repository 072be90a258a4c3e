"""A batch of minutes: uploaded together, read one document at a time by the worker.

Nothing of a batch is read inside a request: the upload stores the files and asks the
worker to read each. A document is claimed before it is read (queued → reading), so two
workers, or a task run twice, read it once; a document a stopped worker left half-read
is taken up again (``resume_stalled``). One bad document is refused with its reason and
the others go on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council.errors import DomainError
from council.models import Forum
from council.permissions import editable_forum_ids
from council.zipguard import (
    ArchiveRefused,
    Limits,
    ignored,
    is_nested_archive,
    open_checked,
    read_member,
    unsafe_name,
)

from .chains import Weighed
from .extract import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, ExtractionError
from .links import state_terms
from .models import MAX_ATTEMPTS, ImportBatch, ImportDocument, stale_after
from .services import existing_import, read_minutes, review_state

logger = logging.getLogger(__name__)

# A year's minutes of every forum is some hundred files; an archive of more is split.
BATCH_LIMITS = Limits(members=1000, unpacked_bytes=500 * 1024 * 1024, ratio=100)
MAX_BATCH_FILES = 1000


class BatchRefused(DomainError):
    """Nothing of the upload is kept; the message says why."""


def documents_of_upload(files: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes, str]]:
    """The documents of the uploaded files, zip archives unpacked: (name, data, refusal).

    An entry that cannot be read as minutes is kept with the reason it is refused, so
    the batch page can say why; an archive that would unpack to too much is refused
    whole.
    """
    out: list[tuple[str, bytes, str]] = []
    for name, data in files:
        if PurePosixPath(name.casefold()).suffix == ".zip":
            try:
                archive = open_checked(data, BATCH_LIMITS)
            except ArchiveRefused as error:
                raise BatchRefused(f"{name}: {error.message}") from error
            with archive:
                for member in archive.infolist():
                    entry = member.filename
                    if ignored(entry):
                        continue
                    if unsafe_name(entry):
                        out.append((entry, b"", _("The name points outside the archive.")))
                    elif is_nested_archive(entry):
                        out.append((entry, b"", _("An archive inside the archive is not read.")))
                    elif PurePosixPath(entry.casefold()).suffix not in SUPPORTED_SUFFIXES:
                        out.append((entry, b"", _unsupported()))
                    elif member.file_size > MAX_FILE_BYTES:
                        out.append((entry, b"", _too_large()))
                    else:
                        try:
                            out.append((entry, read_member(archive, member), ""))
                        except ArchiveRefused as error:
                            raise BatchRefused(f"{name}: {error.message}") from error
        elif PurePosixPath(name.casefold()).suffix not in SUPPORTED_SUFFIXES:
            out.append((name, b"", _unsupported()))
        elif len(data) > MAX_FILE_BYTES:
            out.append((name, b"", _too_large()))
        else:
            out.append((name, data, ""))
    if len(out) > MAX_BATCH_FILES:
        raise BatchRefused(
            _("The upload holds %(count)d documents; at most %(limit)d are read at once.")
            % {"count": len(out), "limit": MAX_BATCH_FILES}
        )
    return out


def _unsupported() -> str:
    return _("Only text files (.txt), Word documents (.docx) and PDF files can be imported.")


def _too_large() -> str:
    return _("The file is larger than %(limit)d MB and cannot be imported.") % {
        "limit": MAX_FILE_BYTES // (1024 * 1024)
    }


@transaction.atomic
def create_batch(
    *,
    user: User,
    files: Iterable[tuple[str, bytes]],
    name: str = "",
    enqueue: bool = True,
    from_command: bool = False,
) -> ImportBatch:
    """Store the upload as a batch and ask the worker to read each document (unless the
    caller reads them itself)."""
    documents = documents_of_upload(files)
    if not documents:
        raise BatchRefused(_("The upload holds no minutes to read."))
    batch = ImportBatch.objects.create(created_by=user, name=name[:255], from_command=from_command)
    now = timezone.now()
    rows = ImportDocument.objects.bulk_create(
        ImportDocument(
            batch=batch,
            name=doc_name[:500],
            data=data,
            status=ImportDocument.Status.REFUSED if refusal else ImportDocument.Status.QUEUED,
            message=refusal,
            queued_at=now,
            finished_at=now if refusal else None,
        )
        for doc_name, data, refusal in documents
    )
    queued = sum(row.status == ImportDocument.Status.QUEUED for row in rows)
    if enqueue and queued:
        transaction.on_commit(lambda: request_reading(batch.pk, readers=min(queued, READERS)))
    return batch


# The reason in the history of minutes published as they came in.
APPROVED_EARLIER = gettext_lazy("Imported: minutes approved before they came into the register")

# Tasks that read one batch side by side: as many workers as there are can share it, and
# the upload asks the queue for a handful of tasks, not one per document.
READERS = 4


def request_reading(batch_id: int, *, readers: int = 1) -> None:
    """Ask the worker to read the batch's waiting documents. A queue that cannot be
    reached leaves them waiting: they are asked for again when they count as stalled."""
    from .tasks import read_batch

    for _reader in range(readers):
        try:
            read_batch.enqueue(batch_id)
        except Exception:  # the queue's own errors differ per backend (database, Redis)
            logger.exception("Could not ask the worker to read import batch %s", batch_id)
            return


def read_batch(batch_id: int) -> int:
    """Read the batch's waiting documents one after another, beside any other task
    reading the same batch; how many this task read."""
    done = 0
    waiting = ImportDocument.objects.filter(batch_id=batch_id, status=ImportDocument.Status.QUEUED)
    while (document_id := waiting.order_by("pk").values_list("pk", flat=True).first()) is not None:
        if read_document(document_id) != "taken":
            done += 1
    return done


def resume_stalled(batch: ImportBatch | None = None) -> int:
    """Ask again for the work that a stopped worker never finished; how many documents."""
    now = timezone.now()
    stalled = ImportDocument.objects.stalled(now)
    if batch is not None:
        stalled = stalled.filter(batch=batch)
    rows = list(stalled.values_list("pk", "batch_id")[:MAX_BATCH_FILES])
    if rows:
        # Waiting again from now: not stalled again until another while has passed, so
        # that a queue that is down is not asked at every look at the batch page.
        ImportDocument.objects.filter(pk__in=[pk for pk, _b in rows]).filter(
            status__in=[ImportDocument.Status.QUEUED, ImportDocument.Status.READING]
        ).update(status=ImportDocument.Status.QUEUED, queued_at=now)
        for batch_id in sorted({b for _pk, b in rows}):
            request_reading(batch_id)
    saving = ImportBatch.objects.filter(saving_since__lt=now - stale_after())
    if batch is not None:
        saving = saving.filter(pk=batch.pk)
    values = ("pk", "saving_by_id", "saving_links", "saving_publish")
    for batch_id, user_id, link, publish in saving.values_list(*values):
        if user_id is not None and saving.filter(pk=batch_id).update(saving_since=now):
            request_saving(batch_id, user_id, link=link, publish=publish)
    return len(rows)


def request_saving(
    batch_id: int, user_id: int, *, link: bool = False, publish: bool = False
) -> None:
    """Ask the worker to save the documents of the batch read without a warning, to make
    the links their texts propose if ``link``, and to publish them if ``publish``."""
    from .tasks import save_clean_documents

    ImportBatch.objects.filter(pk=batch_id).update(
        saving_since=timezone.now(), saving_by=user_id, saving_links=link, saving_publish=publish
    )
    try:
        save_clean_documents.enqueue(batch_id, user_id, link, publish)
    except Exception:  # the queue's own errors differ per backend (database, Redis)
        logger.exception("Could not ask the worker to save import batch %s", batch_id)


def claim(document_id: int) -> ImportDocument | None:
    """Take the document up for reading, unless another worker has, or it is read."""
    taken = ImportDocument.objects.filter(
        pk=document_id, status=ImportDocument.Status.QUEUED
    ).update(
        status=ImportDocument.Status.READING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not taken:
        return None
    document = ImportDocument.objects.select_related("batch__created_by").get(pk=document_id)
    if document.attempts > MAX_ATTEMPTS:
        # Each worker that took it up stopped: it is not tried again.
        _finish(document, ImportDocument.Status.REFUSED, message=_unreadable())
        return None
    return document


def _unreadable() -> str:
    return _(
        "The file could not be read. Try saving it again from the word processor, "
        "or as a text file."
    )


def read_document(document_id: int) -> str:
    """Read one document of a batch: parsed to review, a duplicate, or refused.

    One bad document never stops the batch: an error of the reading refuses it alone.
    """
    document = claim(document_id)
    if document is None:
        return "taken"
    try:
        return _read(document)
    except Exception:
        logger.exception("Imported document %s (%s) could not be read", document.pk, document.name)
        document.state = {}
        return _finish(document, ImportDocument.Status.REFUSED, message=_unreadable())


def _read(document: ImportDocument) -> str:
    forums = None if document.batch.from_command else editable_forum_ids(document.batch.created_by)
    try:
        read = read_minutes(data=bytes(document.data), filename=document.name)
    except ExtractionError as error:
        return _finish(document, ImportDocument.Status.REFUSED, message=str(error))
    parsed = read.parsed
    forum = Forum.objects.filter(name=parsed.forum).first() if parsed.forum else None
    document.checksum = read.checksum
    document.forum = forum
    document.date = parsed.date
    document.items = len(parsed.items)
    document.clauses = sum(len(item.decisions) for item in parsed.items)
    if forum is not None and forums is not None and forum.pk not in forums:
        return _finish(
            document,
            ImportDocument.Status.REFUSED,
            message=_("The minutes are of %(forum)s, whose minutes you do not keep.")
            % {"forum": forum.name},
        )
    found, message = existing_import(checksum=read.checksum, forum=forum, date=parsed.date)
    if found is not None:
        document.duplicate_of = found
        return _finish(document, ImportDocument.Status.DUPLICATE, message=message)
    document.state = review_state(read, document.name, forums)
    document.state["terms"] = state_terms(document.state)
    document.warnings = len(document.state["warnings"])
    with transaction.atomic():
        # Two workers finishing twins at once: the batch's lock lets one see the other.
        ImportBatch.objects.select_for_update().filter(pk=document.batch_id).first()
        twin = _twin_in_batch(document)
        if twin is not None:
            document.state = {}
            return _finish(
                document,
                ImportDocument.Status.DUPLICATE,
                message=_("The same minutes are in this batch as %(file)s.") % {"file": twin.name},
            )
        return _finish(document, ImportDocument.Status.PARSED)


def _twin_in_batch(document: ImportDocument) -> ImportDocument | None:
    """A document of the batch read before this one with the same minutes, or minutes
    of the same meeting."""
    same = Q(checksum=document.checksum)
    if document.forum_id and document.date:
        same |= Q(forum_id=document.forum_id, date=document.date)
    return (
        ImportDocument.objects.filter(batch_id=document.batch_id)
        .exclude(pk=document.pk)
        .filter(same)
        .filter(status__in=[ImportDocument.Status.PARSED, ImportDocument.Status.SAVED])
        .order_by("pk")
        .first()
    )


def _finish(document: ImportDocument, status: str, *, message: str = "") -> str:
    document.status = status
    document.message = message
    document.finished_at = timezone.now()
    if status != ImportDocument.Status.PARSED:
        # Nothing more is done with the file: its bytes are not kept.
        document.data = b""
    document.save(
        update_fields=[
            "data",
            "status",
            "message",
            "finished_at",
            "checksum",
            "forum",
            "date",
            "items",
            "clauses",
            "warnings",
            "state",
            "duplicate_of",
        ]
    )
    return status


def save_document(
    *,
    document: ImportDocument,
    parsed,
    user: User,
    confirmed: set[str] = frozenset(),
    proposals: list | None = None,
    publish: bool = False,
):
    """Save a document's reviewed minutes as a draft meeting and make the links confirmed;
    with ``publish``, minutes approved before they came into the register are published.

    Raises ImportRefused when the minutes cannot be saved (already saved, a meeting the
    register holds) and leaves the document as it was.
    """
    from .links import apply
    from .services import ImportRefused, create_draft_meeting

    with transaction.atomic():
        current = ImportDocument.objects.select_for_update().get(pk=document.pk)
        if current.status != ImportDocument.Status.PARSED:
            raise ImportRefused(
                _("These minutes are no longer waiting for review (%(status)s).")
                % {"status": current.get_status_display()}
            )
        meeting = create_draft_meeting(parsed=parsed, user=user, checksum=current.checksum)
        if confirmed and proposals:
            apply(meeting=meeting, keys=set(confirmed), proposals=proposals, user=user)
        if publish:
            from meetings.services import publish_approved_earlier

            meeting = publish_approved_earlier(
                meeting=meeting, user=user, reason=str(APPROVED_EARLIER)
            )
        current.status = ImportDocument.Status.SAVED
        current.meeting = meeting
        current.forum_id = meeting.forum_id
        current.date = meeting.date
        current.message = ""
        # The meeting holds the minutes now; the file's bytes are not kept twice.
        current.data = b""
        current.save(update_fields=["status", "meeting", "forum", "date", "message", "data"])
    return meeting


def save_clean(*, batch_id: int, user_id: int, link: bool = False, publish: bool = False) -> int:
    """Save, in date order, the documents of a batch read without a warning; how many.

    Each is saved on its own, so one the register refuses (a meeting saved in the
    meantime) is marked with the reason and the others go on.
    """
    from django.contrib.auth import get_user_model

    from meetings.services import MinutesError

    from .links import proposals_for
    from .services import ImportRefused, parsed_from_state

    user = get_user_model().objects.get(pk=user_id)
    forums = editable_forum_ids(user)
    saved = 0
    documents = ImportDocument.objects.filter(batch_id=batch_id, warnings=0).reviewable()
    if forums is not None:
        documents = documents.filter(forum__in=forums)
    for document in documents.in_review_order():
        parsed = parsed_from_state(document.state)
        proposals = proposals_for(document.state, user, pool=pool_of(document)) if link else []
        try:
            save_document(
                document=document,
                parsed=parsed,
                user=user,
                confirmed={p.key for p in proposals},
                proposals=proposals,
                publish=publish,
            )
        except (ImportRefused, MinutesError) as error:
            ImportDocument.objects.filter(pk=document.pk).update(message=error.message)
            continue
        except Exception:
            logger.exception("Imported document %s could not be saved", document.pk)
            ImportDocument.objects.filter(pk=document.pk).update(
                message=_("The minutes could not be saved; review them to save them.")
            )
            continue
        saved += 1
        # Still at work: a page looking at the batch does not ask for it again.
        ImportBatch.objects.filter(pk=batch_id, saving_since__isnull=False).update(
            saving_since=timezone.now()
        )
    ImportBatch.objects.filter(pk=batch_id).update(saving_since=None)
    return saved


def pool_of(document: ImportDocument) -> list[Weighed]:
    """The other minutes of the batch, to review or saved, which weigh the words the
    links are proposed by as much as the register's own do: a batch proposes the same
    links in whatever order its minutes are reviewed. Their terms were worked out when
    they were read, so that a review page of a batch of hundreds stays quick."""
    others = (
        ImportDocument.objects.filter(
            batch_id=document.batch_id,
            status__in=[ImportDocument.Status.PARSED, ImportDocument.Status.SAVED],
            forum__isnull=False,
            date__isnull=False,
        )
        .exclude(pk=document.pk)
        .values_list("forum__name", "date", "state__terms")
    )
    return [Weighed(forum, date, terms) for forum, date, terms in others if terms]


def review_place(document: ImportDocument) -> tuple[list[tuple[int, str]], list[Weighed]]:
    """The minutes of the batch to review, saved or left out, in review order, as (key,
    status), and the pool of ``document`` (as pool_of gives it), from one query."""
    statuses = [
        ImportDocument.Status.PARSED,
        ImportDocument.Status.SAVED,
        ImportDocument.Status.DISCARDED,
    ]
    rows = list(
        ImportDocument.objects.filter(batch_id=document.batch_id, status__in=statuses)
        .in_review_order()
        .values_list("pk", "status", "forum__name", "date", "state__terms")
    )
    pooled = {ImportDocument.Status.PARSED, ImportDocument.Status.SAVED}
    pool = [
        Weighed(forum, date, terms)
        for pk, status, forum, date, terms in rows
        if pk != document.pk and status in pooled and forum and date and terms
    ]
    return [(pk, status) for pk, status, *_rest in rows], pool
