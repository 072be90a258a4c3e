"""Import minutes from text, Word or PDF files, folders of them or zip archives.

One file: read it and create a draft meeting (``--json`` prints it in the schema of the
seed transcriptions). Several, a folder or a zip: a batch, read document by document and
saved earliest meeting first, so that later minutes link to the earlier ones; ``--link``
makes the links between them that the minutes' own words propose, without review.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from council.history import command_user
from imports import batch as batches
from imports.extract import SUPPORTED_SUFFIXES, ExtractionError
from imports.links import proposals_for
from imports.messages import warning_message
from imports.models import ImportDocument
from imports.services import (
    ImportRefused,
    create_draft_meeting,
    parsed_from_state,
    read_minutes,
    review_state,
)
from meetings.services import WorkflowError


class DryRun(Exception):
    """Raised at the end of a dry run to roll back what it stored."""


class Command(BaseCommand):
    help = (
        "Read minutes (.txt, .docx, .pdf; folders and .zip archives of them) and create "
        "draft meetings for review."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Minutes files, folders or zip archives.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and report, but store nothing."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print what was read in the layout of the transcribed seed minutes; for "
            "several documents a list, each with its file, meeting and proposed links.",
        )
        parser.add_argument(
            "--link",
            action="store_true",
            help="Make the proposed links between meetings (answers and cases) without review.",
        )
        parser.add_argument(
            "--published",
            action="store_true",
            help="The minutes were approved before they came into the register: publish "
            "them at once (no justering, no e-mail).",
        )
        parser.add_argument("--user", help="The user the changes are recorded as.")

    def handle(self, *args, paths, dry_run, json: bool = False, link=False, user=None, **opts):
        self.publish = bool(opts.get("published"))
        files = [Path(p) for p in paths]
        for path in files:
            if not path.exists():
                raise CommandError(f"No such file or folder: {path}")
        single = len(files) == 1 and files[0].is_file() and files[0].suffix.lower() != ".zip"
        if single:
            self._one(files[0], user, dry_run=dry_run, as_json=json, link=link)
            return
        try:
            with transaction.atomic():
                self._many(files, _acting(user), dry_run=dry_run, as_json=json, link=link)
                if dry_run:
                    raise DryRun
        except DryRun:
            pass

    # -- one file, as before batches

    def _one(self, file: Path, user, *, dry_run: bool, as_json: bool, link: bool) -> None:
        try:
            read = read_minutes(data=file.read_bytes(), filename=file.name)
        except ExtractionError as error:
            raise CommandError(str(error)) from error
        parsed = read.parsed
        if as_json:
            self.stdout.write(_dumps(parsed.as_json()))
        else:
            self.stdout.write(
                f"{parsed.forum or '?'} {parsed.date or '?'}: {len(parsed.items)} items, "
                f"{sum(len(i.decisions) for i in parsed.items)} decisions"
            )
        for warning in parsed.warnings:
            self.stderr.write(warning_message(warning))
        state = review_state(read, file.name, None)
        # A dry run stores nothing, not even the account changes are signed by.
        acting = AnonymousUser() if dry_run else _acting(user)
        proposals = proposals_for(state, None)
        for proposal in proposals:
            self.stderr.write(f"Föreslagen länk: {proposal.text} {proposal.reason}")
        if dry_run:
            return
        try:
            with transaction.atomic():
                meeting = create_draft_meeting(parsed=parsed, user=acting, checksum=read.checksum)
                if self.publish:
                    from imports.batch import APPROVED_EARLIER
                    from meetings.services import publish_approved_earlier

                    publish_approved_earlier(
                        meeting=meeting, user=acting, reason=str(APPROVED_EARLIER)
                    )
                if link and proposals:
                    from imports.links import apply

                    apply(
                        meeting=meeting,
                        keys={p.key for p in proposals},
                        proposals=proposals,
                        user=acting,
                    )
        except (ImportRefused, WorkflowError) as error:
            raise CommandError(error.message) from error
        kind = "published" if self.publish else "draft"
        self.stderr.write(f"Created {kind} meeting {meeting.pk}: {meeting}")

    # -- a batch

    def _many(self, paths: list[Path], acting, *, dry_run: bool, as_json: bool, link: bool):
        uploads = []
        for path in paths:
            if path.is_dir():
                uploads.extend(
                    (str(p.relative_to(path)), p.read_bytes())
                    for p in sorted(path.rglob("*"))
                    if p.is_file() and p.suffix.lower() in {*SUPPORTED_SUFFIXES, ".zip"}
                )
            else:
                uploads.append((path.name, path.read_bytes()))
        report: list[dict] = []
        try:
            batch = batches.create_batch(
                user=acting, files=uploads, enqueue=False, from_command=True
            )
        except batches.BatchRefused as error:
            raise CommandError(error.message) from error
        # Read here, in this process: a command waits for its own work.
        for document in batch.documents.filter(status=ImportDocument.Status.QUEUED):
            batches.read_document(document.pk)
        for document in batch.documents.reviewable().in_review_order():
            report.append(self._save(document, acting, link=link))
        done = {r["id"] for r in report}
        for document in batch.documents.exclude(pk__in=done):
            report.append(_entry(document, None, []))
        report.sort(key=lambda r: r["id"])
        if as_json:
            self.stdout.write(_dumps([{k: v for k, v in r.items() if k != "id"} for r in report]))
            return
        for row in report:
            meeting = row["meeting"]
            where = f"{meeting['forum']} {meeting['date']}" if meeting else ""
            self.stdout.write(f"{row['file']}: {row['status']} {where} {row['message']}".rstrip())
            for proposal in row["links"]:
                mark = "länkad" if proposal["made"] else "föreslagen"
                self.stdout.write(f"    {mark}: {proposal['text']} {proposal['reason']}")

    def _save(self, document: ImportDocument, acting, *, link: bool) -> dict:
        parsed = parsed_from_state(document.state)
        proposals = proposals_for(document.state, None, pool=batches.pool_of(document))
        try:
            batches.save_document(
                document=document,
                parsed=parsed,
                user=acting,
                confirmed={p.key for p in proposals} if link else set(),
                proposals=proposals,
                publish=self.publish,
            )
        except (ImportRefused, WorkflowError) as error:
            ImportDocument.objects.filter(pk=document.pk).update(message=error.message)
        document.refresh_from_db()
        return _entry(document, parsed if document.meeting_id else None, proposals, made=link)


def _acting(user):
    try:
        return command_user(user)
    except get_user_model().DoesNotExist as error:
        raise CommandError(f"No such user: {user}") from error


def _entry(document: ImportDocument, parsed, proposals, made: bool = False) -> dict:
    return {
        "id": document.pk,
        "file": document.name,
        "status": document.status,
        "message": document.message,
        "meeting": parsed.as_json() if parsed is not None else None,
        "links": [
            {"kind": p.kind, "text": p.text, "reason": p.reason, "made": made} for p in proposals
        ],
    }


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
