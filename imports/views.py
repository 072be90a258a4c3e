"""Upload minutes, follow the worker reading them, review each beside its original text.

A batch (several files or a zip) is stored and read by the background worker; its page
shows how far it has come. The documents read are reviewed in date order across forums,
so that earlier meetings are saved before the later ones that refer to them.
"""

import datetime
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council.models import Forum
from council.permissions import editable_forum_ids, is_administrator
from meetings.models import Decision, Meeting
from meetings.services import MinutesError

from . import batch as batches
from .forms import (
    BatchUploadForm,
    DecisionFormSet,
    ItemFormSet,
    MeetingReviewForm,
    read_attendance_lines,
    split_names,
)
from .links import ForumNames, proposals_for, read_forums
from .messages import warning_message
from .models import ImportBatch, ImportDocument
from .parser import (
    ParsedDecision,
    ParsedItem,
    ParsedMeeting,
    ParseWarning,
)
from .services import REVIEW_STATE_VERSION, ImportRefused, existing_import


def _require_importer(request: HttpRequest) -> set[int] | None:
    """The forums the user may import minutes of (None: all); others get 403."""
    forums = editable_forum_ids(request.user)
    if forums is not None and not forums:
        raise PermissionDenied
    return forums


def _forum_choices(read: list[ForumNames], forums: set[int] | None) -> list[tuple[int, str]]:
    """The active forums of ``read`` the user may import minutes of (None: all)."""
    return [(f.pk, f.name) for f in read if f.active and (forums is None or f.pk in forums)]


def _batches_of(user):
    batches_seen = ImportBatch.objects.all()
    if not is_administrator(user):
        batches_seen = batches_seen.filter(created_by=user)
    return batches_seen


COUNTED = {
    status: Count("documents", filter=Q(documents__status=status))
    for status, _l in ImportDocument.Status.choices
}


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    bound = request.method == "POST"
    form = BatchUploadForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data["files"]
        try:
            batch = batches.create_batch(
                user=request.user,
                files=[(f.name, f.read()) for f in files],
                name=files[0].name if len(files) == 1 else "",
            )
        except batches.BatchRefused as error:
            form.add_error("files", error.message)
        else:
            return redirect("import_batch", pk=batch.pk)
    recent = (
        _batches_of(request.user)
        .annotate(total=Count("documents"), **{f"n_{k}": v for k, v in COUNTED.items()})
        .order_by("-created_at")[:20]
    )
    return render(request, "imports/upload.html", {"form": form, "batches": recent})


def _batch_for(request: HttpRequest, pk: int) -> ImportBatch:
    _require_importer(request)
    return get_object_or_404(_batches_of(request.user), pk=pk)


def _progress(batch: ImportBatch) -> dict:
    documents = list(
        batch.documents.select_related("forum", "meeting__forum", "duplicate_of__forum")
        .defer("data", "state")
        .in_review_order()
    )
    counts = {status: 0 for status, _label in ImportDocument.Status.choices}
    for document in documents:
        counts[document.status] += 1
    waiting = counts["queued"] + counts["reading"]
    saving = 0
    if batch.saving_since is not None:
        saving = sum(1 for d in documents if d.status == "parsed" and not d.warnings)
    return {
        "documents": documents,
        "counts": counts,
        "waiting": waiting,
        "saving": saving,
        "total": len(documents),
    }


# What the batch page can show of its documents (?visa=…), and which statuses each holds.
VIEWS = {
    "granska": ("parsed",),
    "avvisade": ("refused", "duplicate"),
    "sparade": ("saved",),
    "utelamnade": ("discarded",),
}


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    # Work a stopped worker left is asked for again whenever someone looks.
    batches.resume_stalled(batch)
    progress = _progress(batch)
    first = batch.documents.reviewable().in_review_order().values_list("pk", flat=True).first()
    clean = sum(1 for d in progress["documents"] if d.status == "parsed" and not d.warnings)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "waiting": progress["waiting"],
                "saving": progress["saving"],
                "counts": {**progress["counts"], "clean": clean},
                "first_to_review": reverse("import_document", args=[first]) if first else "",
                "documents": [_document_row(request, d) for d in progress["documents"]],
            }
        )
    shown = request.GET.get("visa", "")
    statuses = VIEWS.get(shown)
    rows = [
        _document_row(request, d)
        for d in progress["documents"]
        if statuses is None or d.status in statuses
    ]
    counts = progress["counts"]
    views = [
        ("", _("All"), progress["total"]),
        ("granska", _("To review"), counts["parsed"]),
        ("avvisade", _("Refused and duplicates"), counts["refused"] + counts["duplicate"]),
        ("sparade", _("Saved"), counts["saved"]),
        ("utelamnade", _("Left out"), counts["discarded"]),
    ]
    return render(
        request,
        "imports/batch.html",
        {
            "batch": batch,
            **progress,
            "rows": rows,
            "views": views,
            "shown": shown if statuses is not None else "",
            "first_to_review": first,
            "clean": clean,
            "other_forums": _refused_forums(progress["documents"]),
        },
    )


def _refused_forums(documents: list[ImportDocument]) -> list[tuple[str, int]]:
    """The forums whose minutes were refused because the uploader does not keep them, with
    how many: the refusals a secretary can do something about, by asking."""
    counted: dict[str, int] = {}
    for document in documents:
        if document.status == ImportDocument.Status.REFUSED and document.forum_id:
            counted[document.forum.name] = counted.get(document.forum.name, 0) + 1
    return sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))


def _document_row(request, document: ImportDocument) -> dict:
    row = {
        "id": document.pk,
        "name": document.name,
        "status": document.status,
        "status_label": str(document.get_status_display()),
        "message": document.message,
        "forum": document.forum.name if document.forum_id else "",
        "date": document.date.isoformat() if document.date else "",
        "items": document.items,
        "clauses": document.clauses,
        "warnings": document.warnings,
        # The file's name links to its review while it waits for one.
        "review": "",
        # The meeting it became, or the one it duplicates.
        "link": "",
        "link_label": "",
    }
    if document.status == ImportDocument.Status.PARSED:
        row["review"] = reverse("import_document", args=[document.pk])
    elif document.meeting_id:
        row["link"] = reverse("meeting_detail", args=[document.meeting_id])
        row["link_label"] = str(document.meeting)
    elif document.duplicate_of_id:
        row["link"] = reverse("meeting_detail", args=[document.duplicate_of_id])
        row["link_label"] = str(document.duplicate_of)
    return row


@login_required
@require_POST
def batch_save_clean(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    clean = batch.documents.reviewable().filter(warnings=0).count()
    if batch.saving_since is not None:
        messages.info(request, _("The minutes read without a warning are already being saved."))
    elif clean:
        batches.request_saving(
            batch.pk,
            request.user.pk,
            link=request.POST.get("link") == "1",
            publish=request.POST.get("published") == "1",
        )
        messages.success(
            request,
            _(
                "%(count)d minutes read without a warning are being saved, earliest first. "
                "This page shows when they are."
            )
            % {"count": clean},
        )
    else:
        messages.info(request, _("No minutes of the batch were read without a warning."))
    return redirect("import_batch", pk=batch.pk)


def _referenced_meetings(state: dict, user) -> dict[int, list[Meeting]]:
    """The meetings in the register that each item's text names, by item index."""
    wanted = {(name, date) for refs in state["references"].values() for name, date in refs}
    if not wanted:
        return {}
    condition = Q()
    for name, date in wanted:
        condition |= Q(forum__name=name, date=date)
    meetings = list(Meeting.objects.visible_to(user).filter(condition).select_related("forum"))
    by_key = {(m.forum.name, m.date.isoformat()): m for m in meetings}
    return {
        int(index): [by_key[(n, d)] for n, d in refs if (n, d) in by_key]
        for index, refs in state["references"].items()
    }


def _answer_choices(
    state: dict, referenced: dict[int, list[Meeting]], user
) -> dict[int, list[tuple[int, str]]]:
    """Earlier decisions a clause of each item may answer: those of the meetings its text
    names, and the referrals still waiting for the forum."""
    meeting_ids = {m.pk for ms in referenced.values() for m in ms}
    forum_id = state["meeting"].get("forum")
    condition = Q(item__meeting_id__in=meeting_ids)
    if forum_id:
        condition |= Q(pk__in=Decision.objects.waiting_for(Forum(pk=forum_id)).values("pk"))
    if not meeting_ids and not forum_id:
        return {}
    decisions = list(
        Decision.objects.visible_to(user)
        .filter(condition)
        .select_related("item__meeting__forum")
        .order_by("-item__meeting__date", "item__position", "position")[:60]
    )

    def label(d: Decision) -> str:
        return (
            f"{d.item.meeting.forum.name} {d.item.meeting.date:%Y-%m-%d} p. {d.item.number}: "
            f"{d.text[:90]}"
        )

    waiting = [(d.pk, label(d)) for d in decisions if d.referred_to_id == forum_id]
    result: dict[int, list[tuple[int, str]]] = {}
    for index in range(len(state["items"]) + 1):
        named = {m.pk for m in referenced.get(index, [])}
        own = [(d.pk, label(d)) for d in decisions if d.item.meeting_id in named]
        result[index] = own + [c for c in waiting if c not in own]
    return result


class _DecisionFormSet(DecisionFormSet):
    def __init__(self, *args, answers_by_item=None, forum_choices=(), **kwargs):
        self.answers_by_item = answers_by_item or {}
        self.forum_choices = forum_choices
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        item = None
        if self.is_bound:
            raw = self.data.get(f"{self.prefix}-{index}-item")
            item = int(raw) if raw and raw.isdigit() else None
        elif index is not None and index < len(self.initial or []):
            item = self.initial[index]["item"]
        return {
            "forum_choices": self.forum_choices,
            "answer_choices": self.answers_by_item.get(item, []),
        }


def _initial_with_blanks(state: dict) -> tuple[list[dict], list[dict]]:
    """The parsed items and clauses, with one empty item and one empty clause per item to
    fill in for what the parser missed."""
    items = [*state["items"], {"number": str(len(state["items"]) + 1), "outcome": "handled"}]
    decisions = []
    for index in range(len(items)):
        decisions.extend(d for d in state["decisions"] if d["item"] == index)
        decisions.append({"item": index, "kind": "approved"})
    return items, decisions


def _forms(request, state: dict, forums: set[int] | None, read: list[ForumNames], data=None):
    forum_choices = _forum_choices(read, forums)
    all_forums = [(f.pk, f.name) for f in read]
    referenced = _referenced_meetings(state, request.user)
    answers = _answer_choices(state, referenced, request.user)
    items_initial, decisions_initial = _initial_with_blanks(state)
    meeting_form = MeetingReviewForm(
        data, initial=state["meeting"], forum_choices=forum_choices, prefix="meeting"
    )
    item_forms = ItemFormSet(data, initial=items_initial, prefix="item")
    decision_forms = _DecisionFormSet(
        data,
        initial=decisions_initial,
        prefix="clause",
        answers_by_item=answers,
        forum_choices=all_forums,
    )
    return meeting_form, item_forms, decision_forms, referenced


def _parsed_from_forms(meeting_form, item_forms, decision_forms, forum_names) -> ParsedMeeting:
    head = meeting_form.cleaned_data
    parsed = ParsedMeeting(
        forum=forum_names.get(head["forum"]),
        date=head["date"],
        start_time=head.get("start_time"),
        end_time=head.get("end_time"),
        place=head.get("place") or None,
        registration_number=head.get("registration_number") or None,
        minutes_date=head.get("minutes_date"),
        justerare=split_names(head.get("justerare", "")),
        attendance_note=head.get("attendance_note", ""),
    )
    parsed.attendees = read_attendance_lines(head.get("attendance") or "")
    by_index: dict[int, ParsedItem] = {}
    for index, form in enumerate(item_forms.forms):
        if not form.kept:
            continue
        data = form.cleaned_data
        item = ParsedItem(
            number=data["number"],
            title=" ".join(data["title"].split()),
            presenters=split_names(data.get("presenters", "")),
            outcome=data["outcome"],
            attachment_refs=data.get("attachment_refs", ""),
            discussion=data.get("discussion", "").strip(),
        )
        # Titles read from the minutes follow the names the secretary kept.
        titles = (
            item_forms.initial[index].get("presenter_titles", {})
            if index < len(item_forms.initial)
            else {}
        )
        item.presenter_titles = {n: t for n, t in titles.items() if n in item.presenters}
        by_index[index] = item
        parsed.items.append(item)
    for form in decision_forms.forms:
        if not form.kept or form.cleaned_data["item"] not in by_index:
            continue
        data = form.cleaned_data
        by_index[data["item"]].decisions.append(
            ParsedDecision(
                text=" ".join(data["text"].split()),
                kind=data["kind"],
                referred_to=forum_names.get(data.get("referred_to")),
                requires_identical=bool(data.get("requires_identical")),
                answers_id=data.get("answers"),
            )
        )
    return parsed


def _posted(request: HttpRequest) -> dict:
    return {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}


def _document_for(request: HttpRequest, pk: int) -> tuple[ImportDocument, set[int] | None]:
    """A document of a batch that the user may review: one of a forum they keep."""
    forums = _require_importer(request)
    document = get_object_or_404(
        ImportDocument.objects.select_related("batch", "forum").defer("data"), pk=pk
    )
    own_batch = forums is None or document.batch.created_by_id == request.user.pk
    if document.status != ImportDocument.Status.PARSED and own_batch:
        # Refused, saved or left out: its review page sends back to the batch.
        return document, forums
    if forums is not None and document.forum_id not in forums:
        raise PermissionDenied
    return document, forums


def _queue(document: ImportDocument) -> list[int]:
    """The documents of the batch left to review, earliest meeting first."""
    return list(
        document.batch.documents.reviewable().in_review_order().values_list("pk", flat=True)
    )


@login_required
def document_review(request: HttpRequest, pk: int) -> HttpResponse:
    document, forums = _document_for(request, pk)
    state = document.state
    if document.status != ImportDocument.Status.PARSED or state.get("version") != (
        REVIEW_STATE_VERSION
    ):
        messages.info(request, _("These minutes are no longer waiting for review."))
        return redirect("import_batch", pk=document.batch_id)
    if request.method == "POST" and "discard" in request.POST:
        ImportDocument.objects.filter(pk=document.pk, status=ImportDocument.Status.PARSED).update(
            status=ImportDocument.Status.DISCARDED, data=b""
        )
        messages.info(
            request,
            _(
                "%(file)s was left out; nothing was saved. The batch's page can take it back "
                "for review."
            )
            % {"file": document.name},
        )
        return _after(document)
    if request.method == "GET":
        # Saved from another batch meanwhile: nothing left to review here.
        found, message = existing_import(
            checksum=document.checksum, forum=document.forum, date=document.date
        )
        if found is not None:
            ImportDocument.objects.filter(
                pk=document.pk, status=ImportDocument.Status.PARSED
            ).update(status=ImportDocument.Status.DUPLICATE, duplicate_of=found, message=message)
            messages.info(request, f"{document.name}: {message}")
            return _after(document)

    refused = None
    if request.method == "POST":
        data = request.POST
    elif state.get("posted"):
        # What was typed before an error stays in the form, also after a reload.
        data = QueryDict(mutable=True)
        data.update(MultiValueDict(state["posted"]))
    else:
        data = None
    every_forum = read_forums()
    meeting_form, item_forms, decision_forms, referenced = _forms(
        request, state, forums, every_forum, data
    )
    # The batch's minutes to review, earliest first, with how many are done (saved or
    # left out), and those that weigh the words of the links, from one query.
    rows, pool = batches.review_place(document)
    proposals = proposals_for(state, request.user, pool=pool, forums=every_forum)

    if request.method == "POST":
        valid = all([meeting_form.is_valid(), item_forms.is_valid(), decision_forms.is_valid()])
        if valid:
            forum_names = {f.pk: f.name for f in every_forum}
            parsed = _parsed_from_forms(meeting_form, item_forms, decision_forms, forum_names)
            confirmed = (
                {p.key for p in proposals}
                if "confirm_all" in request.POST
                else set(request.POST.getlist("link"))
            )
            publish = request.POST.get("published") == "1"
            try:
                meeting = batches.save_document(
                    document=document,
                    parsed=parsed,
                    user=request.user,
                    confirmed=confirmed,
                    proposals=proposals,
                    publish=publish,
                )
            except (ImportRefused, MinutesError) as error:
                refused = error
            else:
                if publish:
                    text = _(
                        "The minutes of %(meeting)s were imported and published, as minutes "
                        "approved earlier."
                    )
                else:
                    text = _(
                        "The minutes of %(meeting)s were imported as a draft. Check them "
                        "and send them for approval."
                    )
                messages.success(request, text % {"meeting": meeting})
                if "save_next" in request.POST or "confirm_all" in request.POST:
                    return _after(document)
                return redirect("meeting_detail", pk=meeting.pk)
        state["posted"] = _posted(request)
        ImportDocument.objects.filter(pk=document.pk).update(state=state)

    queue = [pk for pk, status in rows if status == ImportDocument.Status.PARSED]
    done = len(rows) - len(queue)
    place = queue.index(document.pk) if document.pk in queue else None
    context = _review_context(state, meeting_form, item_forms, decision_forms, referenced, refused)
    chosen = set(request.POST.getlist("link")) if request.method == "POST" else set()
    by_item: dict[int, list] = {}
    for proposal in proposals:
        by_item.setdefault(proposal.item, []).append((proposal, proposal.key in chosen))
    for entry in context["items"]:
        entry["proposals"] = by_item.get(entry["index"], [])
    context.update(
        {
            "document": document,
            "proposal_count": len(proposals),
            "previous": queue[place - 1] if place else None,
            "next": queue[place + 1] if place is not None and place + 1 < len(queue) else None,
            "place": done + (place or 0) + 1,
            "queue_length": done + len(queue),
            "done": done,
            # Minutes of a meeting months ago were approved long since: offered as such.
            "approved_earlier": (
                request.POST.get("published") == "1"
                if request.method == "POST"
                else bool(document.date and document.date < timezone.localdate() - OLD_MINUTES)
            ),
        }
    )
    return render(request, "imports/review.html", context)


OLD_MINUTES = datetime.timedelta(days=90)


def _after(document: ImportDocument) -> HttpResponse:
    """The next minutes of the batch to review, or the batch when none is left."""
    following = _queue(document)
    if following:
        return redirect("import_document", pk=following[0])
    return redirect("import_batch", pk=document.batch_id)


@login_required
@require_POST
def document_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Take minutes left out back into the batch's review."""
    document, _forums = _document_for(request, pk)
    if document.batch.created_by_id != request.user.pk and not is_administrator(request.user):
        raise PermissionDenied
    restored = ImportDocument.objects.filter(
        pk=document.pk, status=ImportDocument.Status.DISCARDED
    ).update(status=ImportDocument.Status.PARSED)
    if restored:
        messages.success(
            request, _("%(file)s is back among the minutes to review.") % {"file": document.name}
        )
    return redirect("import_batch", pk=document.batch_id)


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """The review of one uploaded file, from before batches: the batches now."""
    return redirect("import_upload")


def original_sections(text: str, numbers: list[str]) -> list[dict]:
    """The original text cut where each item starts, so each item can link to its place."""
    lines = text.split("\n")
    sections: list[dict] = []
    start, position = 0, 0
    for index, number in enumerate(numbers):
        heading = re.compile(rf"^\s*(?:§\s*)?{re.escape(number)}\s*[.)]?\s+\S")
        for at in range(position, len(lines)):
            if heading.match(lines[at]):
                sections.append({"id": "", "text": "\n".join(lines[start:at]) + "\n"})
                start, position = at, at + 1
                sections[-1]["next"] = f"original-{index}"
                break
    sections.append({"id": "", "text": "\n".join(lines[start:])})
    # Each section after the first begins at the item named by the one before it.
    for previous, section in zip(sections, sections[1:], strict=False):
        section["id"] = previous.pop("next", "")
    sections[-1].pop("next", None)
    return sections


def _review_context(state, meeting_form, item_forms, decision_forms, referenced, refused):
    warnings_by_item: dict[str, list[str]] = {}
    by_clause: dict[tuple[str, int], list[str]] = {}
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    # Every warning in one list at the top, each linked to where it is marked.
    every: list[tuple[str, str, str]] = []
    index_of = {item["number"]: index for index, item in enumerate(state["items"])}
    for code, item, clause, detail, field in state["warnings"]:
        if code == "not_your_forum":
            text = _("The minutes are of %(forum)s, whose minutes you do not keep.") % {
                "forum": item
            }
            general.append(text)
            by_field.setdefault("forum", []).append(text)
            every.append(("id_meeting-forum", str(meeting_form["forum"].label), text))
            continue
        text = warning_message(ParseWarning(code, item or "", clause, detail or "", field or ""))
        if item and item in index_of:
            where = _("Item %(number)s") % {"number": item}
            if clause:
                where = _("Item %(number)s, clause %(clause)s") % {"number": item, "clause": clause}
            every.append((f"item-{index_of[item]}", where, text))
        elif field and field in meeting_form.fields:
            every.append((meeting_form[field].auto_id, str(meeting_form[field].label), text))
        else:
            every.append(("", "", text))
        if item and clause:
            by_clause.setdefault((item, clause), []).append(text)
        elif item:
            warnings_by_item.setdefault(item, []).append(text)
        else:
            general.append(text)
            if field:
                by_field.setdefault(field, []).append(text)
    clauses: dict[int, list[forms.Form]] = {}
    for form in decision_forms.forms:
        raw = form["item"].value()
        index = int(raw) if str(raw).isdigit() else -1
        clauses.setdefault(index, []).append(form)
    numbers = {index: item["number"] for index, item in enumerate(state["items"])}
    for index, forms_of_item in clauses.items():
        for position, form in enumerate(forms_of_item, start=1):
            form.warnings = by_clause.get((numbers.get(index, ""), position), [])
    items = []
    for index, form in enumerate(item_forms.forms):
        number = state["items"][index]["number"] if index < len(state["items"]) else None
        items.append(
            {
                "form": form,
                "index": index,
                "new": index >= len(state["items"]),
                "clauses": clauses.get(index, []),
                "warnings": warnings_by_item.get(number, []) if number else [],
                "references": referenced.get(index, []),
            }
        )
    summary = _error_summary(meeting_form, item_forms, decision_forms)
    return {
        "state": state,
        "meeting_form": meeting_form,
        "item_forms": item_forms,
        "decision_forms": decision_forms,
        "items": items,
        "warnings": general,
        "all_warnings": every,
        "field_warnings": by_field,
        "warning_count": len(state["warnings"]),
        "refused": refused,
        "error_summary": summary,
        "original": original_sections(state["text"], [i["number"] for i in state["items"]]),
    }


def _error_summary(*sets) -> list[tuple[str, str]]:
    summary: list[tuple[str, str]] = []
    for group in sets:
        for form in getattr(group, "forms", [group]):
            if not form.is_bound:
                continue
            for name, errors in form.errors.items():
                field = form[name] if name in form.fields else None
                for error in errors:
                    label = f"{field.label}: " if field is not None else ""
                    summary.append((field.auto_id if field is not None else "", label + error))
        for error in getattr(group, "non_form_errors", list)():
            summary.append(("", str(error)))
    return summary
