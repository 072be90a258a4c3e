"""Upload minutes, review what was read beside the original text, save a draft meeting."""

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from council.models import Forum
from council.permissions import editable_forum_ids
from meetings.models import Decision, Meeting

from .forms import (
    DecisionFormSet,
    ItemFormSet,
    MeetingReviewForm,
    UploadForm,
    attendance_line,
    read_attendance_lines,
    split_names,
)
from .messages import warning_message
from .parser import (
    ParsedDecision,
    ParsedItem,
    ParsedMeeting,
    ParseWarning,
)
from .services import (
    ImportRefused,
    ReadMinutes,
    create_draft_meeting,
    existing_import,
    review_warnings,
)

SESSION_KEY = "minutes_import"
# Reviews kept in a session before the warnings named their field.
STATE_VERSION = 2


def _require_importer(request: HttpRequest) -> set[int] | None:
    """The forums the user may import minutes of (None: all); others get 403."""
    forums = editable_forum_ids(request.user)
    if forums is not None and not forums:
        raise PermissionDenied
    return forums


def _forum_choices(forums: set[int] | None) -> list[tuple[int, str]]:
    queryset = Forum.objects.filter(active=True)
    if forums is not None:
        queryset = queryset.filter(pk__in=forums)
    return list(queryset.order_by("-chain_level", "name").values_list("pk", "name"))


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    forums = _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        read = form.read
        found, message = existing_import(checksum=read.checksum, forum=None, date=None)
        if found is not None:
            duplicate = found
            form.add_error("file", message)
        else:
            request.session[SESSION_KEY] = _review_state(read, request.FILES["file"].name, forums)
            return redirect("import_review")
    return render(
        request,
        "imports/upload.html",
        {"form": form, "duplicate": duplicate, "pending": SESSION_KEY in request.session},
    )


def _review_state(read: ReadMinutes, filename: str, forums: set[int] | None) -> dict:
    """What the review page starts from, kept in the session until saved or discarded."""
    parsed = read.parsed
    forum = Forum.objects.filter(name=parsed.forum).first() if parsed.forum else None
    warnings = [[w.code, w.item, w.clause, w.detail, w.field] for w in review_warnings(parsed)]
    if forum is not None and forums is not None and forum.pk not in forums:
        warnings.insert(0, ["not_your_forum", forum.name, None, "", "forum"])
    items, decisions, references = [], [], {}
    for index, item in enumerate(parsed.items):
        items.append(
            {
                "number": item.number,
                "title": item.title,
                "outcome": item.outcome,
                "presenters": ", ".join(item.presenters),
                "presenter_titles": item.presenter_titles,
                "attachment_refs": item.attachment_refs,
                "discussion": item.discussion,
            }
        )
        for decision in item.decisions:
            target = Forum.objects.filter(name=decision.referred_to).first()
            decisions.append(
                {
                    "item": index,
                    "text": decision.text,
                    "kind": decision.kind,
                    "referred_to": target.pk if target and decision.kind == "referred" else None,
                    "requires_identical": decision.requires_identical,
                }
            )
        references[str(index)] = [[name, date.isoformat()] for name, date in item.references]
    return {
        "filename": filename,
        "checksum": read.checksum,
        "text": read.text,
        "meeting": {
            "forum": forum.pk if forum else None,
            "date": parsed.date.isoformat() if parsed.date else None,
            "start_time": f"{parsed.start_time:%H:%M}" if parsed.start_time else None,
            "end_time": f"{parsed.end_time:%H:%M}" if parsed.end_time else None,
            "place": parsed.place or "",
            "registration_number": parsed.registration_number or "",
            "minutes_date": parsed.minutes_date.isoformat() if parsed.minutes_date else None,
            "justerare": ", ".join(parsed.justerare),
            "attendance": "\n".join(attendance_line(a) for a in parsed.attendees),
            "attendance_note": parsed.attendance_note,
        },
        "items": items,
        "decisions": decisions,
        "warnings": warnings,
        "references": references,
        "posted": None,
        "version": STATE_VERSION,
    }


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


def _forms(request, state: dict, forums: set[int] | None, data=None):
    forum_choices = _forum_choices(forums)
    all_forums = list(Forum.objects.order_by("-chain_level", "name").values_list("pk", "name"))
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


@login_required
def review(request: HttpRequest) -> HttpResponse:
    forums = _require_importer(request)
    state = request.session.get(SESSION_KEY)
    if state and state.get("version") != STATE_VERSION:
        state = None
    if not state:
        messages.info(request, _("Upload a minutes file to review it."))
        return redirect("import_upload")
    if request.method == "POST" and "discard" in request.POST:
        del request.session[SESSION_KEY]
        messages.info(request, _("The import was discarded; nothing was saved."))
        return redirect("import_upload")

    refused = None
    if request.method == "POST":
        data = request.POST
    elif state.get("posted"):
        # What was typed before an error stays in the form, also after a reload.
        data = QueryDict(mutable=True)
        data.update(MultiValueDict(state["posted"]))
    else:
        data = None
    meeting_form, item_forms, decision_forms, referenced = _forms(request, state, forums, data)

    if request.method == "POST":
        valid = all([meeting_form.is_valid(), item_forms.is_valid(), decision_forms.is_valid()])
        if valid:
            forum_names = dict(Forum.objects.values_list("pk", "name"))
            parsed = _parsed_from_forms(meeting_form, item_forms, decision_forms, forum_names)
            try:
                meeting = create_draft_meeting(
                    parsed=parsed, user=request.user, checksum=state["checksum"]
                )
            except ImportRefused as error:
                refused = error
            else:
                del request.session[SESSION_KEY]
                messages.success(
                    request,
                    _(
                        "The minutes were imported as a draft. Check them and send them "
                        "for approval."
                    ),
                )
                return redirect("meeting_detail", pk=meeting.pk)
        state["posted"] = _posted(request)
        request.session[SESSION_KEY] = state

    return render(
        request,
        "imports/review.html",
        _review_context(state, meeting_form, item_forms, decision_forms, referenced, refused),
        status=200,
    )


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
    for code, item, clause, detail, field in state["warnings"]:
        if code == "not_your_forum":
            text = _("The minutes are of %(forum)s, whose minutes you do not keep.") % {
                "forum": item
            }
            general.append(text)
            by_field.setdefault("forum", []).append(text)
            continue
        text = warning_message(ParseWarning(code, item or "", clause, detail or "", field or ""))
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
