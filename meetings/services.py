"""Workflows of the minutes: create a meeting, edit it safely, justering and publishing.

Every function takes the acting user and records its changes in the history under that
user, also when called outside a web request (imports, commands). Each edit claims the
meeting's version with a conditional UPDATE, so two people saving the same meeting are
detected instead of one silently overwriting the other.
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import partial
from string import ascii_lowercase

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from council.errors import DomainError
from council.history import changes_by
from council.models import Forum, Person, Principal, Role

from . import notifications
from .clauses import clause_kind
from .models import (
    AgendaItem,
    AgendaItemPresenter,
    Assignment,
    Attachment,
    Attendance,
    Case,
    Decision,
    Meeting,
    MinutesReview,
)
from .signals import minutes_published, recommendation_recorded, recommendation_withdrawn
from .standard_items import closing_items, opening_items

EDITABLE_STATUSES = {
    Meeting.Status.PLANNED,
    Meeting.Status.AGENDA_SENT,
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_DRAFT,
    Meeting.Status.IN_REVIEW,
    Meeting.Status.APPROVED,
    Meeting.Status.PUBLISHED,
}
DRAFT_STATUSES = {
    Meeting.Status.PLANNED,
    Meeting.Status.AGENDA_SENT,
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_DRAFT,
}


class MinutesError(DomainError):
    """A rule of the minutes was broken; ``message`` is shown to the user."""

    message = _("The minutes could not be saved.")


class EditConflict(MinutesError):
    message = _(
        "Someone else saved this meeting while you were editing it. Nothing of yours was "
        "saved: your text is still in the form below. Open the meeting in a new tab to see "
        "their changes; if you save this form again, your text replaces theirs."
    )


class CorrectionReasonRequired(MinutesError):
    message = _("The minutes are published: give a reason for the correction.")


class WorkflowError(MinutesError):
    pass


# Clauses that do not answer the matter an item was put on the agenda for.
NOT_AN_ANSWER = [Decision.Kind.TABLED, Decision.Kind.WITHDRAWN]


class InvalidRecord(MinutesError):
    """A row breaks a rule of its model (a field's validator or the model's clean())."""


def validated(instance: models.Model) -> None:
    """Check ``instance`` against its model's rules before it is saved: every field's
    validators and the model's ``clean()``, whose messages the forms show too.

    The rows it refers to are not looked up again (the service holds them), and the
    unique and check constraints are left to the database, which holds them on every
    path; looking each up per row would cost a query per clause of a meeting.
    """
    relations = [f.name for f in instance._meta.get_fields() if f.many_to_one or f.one_to_one]
    try:
        instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise InvalidRecord(" ".join(error.messages)) from error


class MeetingExists(MinutesError):
    """The forum already has a meeting on that day: it is the one to write in."""

    def __init__(self, meeting: Meeting):
        self.meeting = meeting
        super().__init__(
            _("%(forum)s already has a meeting on %(date)s: open it and write the minutes there.")
            % {"forum": meeting.forum.name, "date": formats.date_format(meeting.date, "j F Y")}
        )


# --- creating -----------------------------------------------------------------------


@transaction.atomic
def create_meeting(
    *,
    forum: Forum,
    date: datetime.date,
    user: User,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    place: str = "",
    registration_number: str = "",
    chair: Person | None = None,
    status: str = Meeting.Status.MINUTES_DRAFT,
    standard_items: bool = True,
) -> Meeting:
    """A new meeting of the forum, opened and closed with the forum's standard items.

    A forum meets once a day, as the import holds too: a second meeting on the same day
    (a double click, two secretaries at once) raises MeetingExists. The forum's row is
    locked first, so two requests at once are told apart on PostgreSQL; SQLite writes one
    transaction at a time anyway."""
    Forum.objects.select_for_update().filter(pk=forum.pk).exists()
    existing = Meeting.objects.filter(forum=forum, date=date).select_related("forum").first()
    if existing is not None:
        raise MeetingExists(existing)
    with changes_by(user):
        meeting = Meeting.objects.create(
            forum=forum,
            date=date,
            start_time=start_time,
            end_time=end_time,
            place=place,
            registration_number=registration_number,
            chair=chair,
            status=status,
        )
        if standard_items:
            standard = [*opening_items(forum, date), *closing_items()]
            for position, item in enumerate(standard, start=1):
                AgendaItem.objects.create(
                    meeting=meeting,
                    position=position,
                    number=str(position),
                    title=item.title,
                    kind=item.kind,
                )
    return meeting


@transaction.atomic
def create_meeting_from_data(*, forum: Forum, data: dict, user: User) -> Meeting:
    """A draft meeting from minutes already read into the seeds' JSON layout.

    ``data`` holds date, start_time, end_time, place, registration_number, justerare (names),
    attendance (optional: names, or {name, principal, role, present}) and items, each with
    number, title, kind, presenters (names, or {name, title}), discussion, outcome and
    decisions ({text, kind, referred_to: forum name or code, requires_identical}).
    The meeting is left as a minutes draft for a secretary to review.
    """
    with changes_by(user):
        meeting = Meeting.objects.create(
            forum=forum,
            date=_as_date(data["date"]),
            start_time=_as_time(data.get("start_time")),
            end_time=_as_time(data.get("end_time")),
            place=data.get("place") or "",
            registration_number=data.get("registration_number") or "",
            status=Meeting.Status.MINUTES_DRAFT,
        )
        justerare = [person_named(name) for name in data.get("justerare") or []]
        if justerare:
            meeting.justerare.set(justerare)
        principals = {p.short_name.casefold(): p for p in Principal.objects.all()}
        principals.update({p.name.casefold(): p for p in principals.values()})
        for position, row in enumerate(data.get("attendance") or [], start=1):
            row = row if isinstance(row, dict) else {"name": row}
            principal = principals.get((row.get("principal") or "").casefold())
            Attendance.objects.get_or_create(
                meeting=meeting,
                person=person_named(row["name"], principal=principal),
                defaults={
                    "principal": principal,
                    "role": row.get("role") or Role.MEMBER,
                    "present": row.get("present", True),
                    "position": position,
                },
            )
        for position, row in enumerate(data.get("items") or [], start=1):
            item = AgendaItem.objects.create(
                meeting=meeting,
                position=position,
                number=row.get("number") or str(position),
                title=row["title"],
                kind=row.get("kind") or guess_item_kind(row),
                discussion=row.get("discussion") or "",
                outcome=row.get("outcome") or AgendaItem.Outcome.HANDLED,
            )
            for order, presenter in enumerate(row.get("presenters") or [], start=1):
                name, title = (
                    (presenter, "")
                    if isinstance(presenter, str)
                    else (presenter["name"], presenter.get("title", ""))
                )
                AgendaItemPresenter.objects.create(
                    item=item, position=order, person=person_named(name), title=title
                )
            for order, clause in enumerate(row.get("decisions") or [], start=1):
                target = clause.get("referred_to")
                decision = Decision(
                    item=item,
                    position=order,
                    text=clause["text"],
                    kind=clause.get("kind") or guess_decision_kind(clause["text"]),
                    referred_to=Forum.objects.resolve(target) if target else None,
                    requires_identical=bool(clause.get("requires_identical")),
                )
                validated(decision)
                decision.save()
                answer_sources(decision, item)
                if decision.is_for_adoption:
                    recommendation_recorded.send(sender=Decision, decision=decision)
    return meeting


def _as_date(value: datetime.date | str) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _as_time(value: datetime.time | str | None) -> datetime.time | None:
    if not value or isinstance(value, datetime.time):
        return value or None
    return datetime.time.fromisoformat(value.replace(".", ":"))


def guess_item_kind(row: dict) -> str:
    kinds = {d.get("kind") for d in row.get("decisions") or []}
    if kinds & {"approved", "recommended", "referred", "assigned", "rejected"}:
        return AgendaItem.Kind.DECISION
    if kinds and kinds <= {"procedural"}:
        return AgendaItem.Kind.PROCEDURAL
    return AgendaItem.Kind.INFORMATION


def guess_decision_kind(text: str) -> str:
    """A sensible kind for a clause whose kind the secretary left open."""
    return clause_kind(text) or Decision.Kind.OTHER


def person_named(
    name: str, *, title: str = "", principal: Principal | None = None, organisation: str = ""
) -> Person:
    """The one person known by this name or one of their other spellings, or a new one:
    guests are added by name."""
    name = " ".join(name.split())
    matches = list(Person.objects.filter(name__iexact=name)[:2])
    if not matches:
        # The minutes spell some names their own way; those spellings are kept per person.
        matches = [p for p in Person.objects.exclude(other_names=[]) if p.known_as(name)][:2]
    if len(matches) == 1:
        return matches[0]
    return Person.objects.create(
        name=name, title=title, principal=principal, organisation=organisation
    )


# --- editing ------------------------------------------------------------------------


def _claim(meeting: Meeting, version: int, reason: str) -> None:
    """Take the next version of the meeting, or fail if someone else took it first."""
    if meeting.status == Meeting.Status.PUBLISHED and not (reason or "").strip():
        raise CorrectionReasonRequired()
    claimed = Meeting.objects.filter(pk=meeting.pk, version=version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise EditConflict()
    meeting.version = version + 1


def _save_meeting_row(meeting: Meeting, reason: str) -> None:
    # Saving the row itself puts every edit, also one of an item, in the meeting's
    # history; a correction of published minutes carries its reason there.
    meeting._change_reason = (  # type: ignore[attr-defined]  # read by simple-history's save
        reason.strip() if meeting.status == Meeting.Status.PUBLISHED else None
    )
    # The justerare approve what they read: a change during justering sends it back to draft.
    if meeting.status in {Meeting.Status.IN_REVIEW, Meeting.Status.APPROVED}:
        meeting.status = Meeting.Status.MINUTES_DRAFT
    meeting.save()


@dataclass
class AttendanceRow:
    person: Person | None
    present: bool
    role: str
    principal: Principal | None = None
    remove: bool = False
    # For a guest added by name.
    name: str = ""
    title: str = ""
    organisation: str = ""


@dataclass
class ItemRow:
    item: AgendaItem  # unsaved changes; new when pk is None
    delete: bool = False


@transaction.atomic
def save_meeting(
    *,
    meeting: Meeting,
    version: int,
    user: User,
    justerare: list[Person] | None = None,
    attendance: list[AttendanceRow] | None = None,
    items: list[ItemRow] | None = None,
    renumber: bool = False,
    reason: str = "",
) -> Meeting:
    """Save the head of the meeting, its attendance and its list of items.

    ``meeting`` carries the user's unsaved changes; ``version`` is the one the form
    loaded. Items are numbered as given (or renumbered in their order: "4a" stays a
    sub-item of the item before it).
    """
    with changes_by(user):
        _claim(meeting, version, reason)
        _save_meeting_row(meeting, reason)
        if justerare is not None:
            meeting.justerare.set(justerare)
        if attendance is not None:
            _save_attendance(meeting, attendance)
        if justerare:
            _check_justerare_present(meeting, justerare)
        if items is not None:
            _save_items(meeting, items, renumber)
    return meeting


def _check_justerare_present(meeting: Meeting, justerare: list[Person]) -> None:
    """The justerare are chosen among those present, once attendance is recorded."""
    present = set(meeting.attendances.filter(present=True).values_list("person_id", flat=True))
    absent = [p.name for p in justerare if present and p.pk not in present]
    if absent:
        raise MinutesError(
            _("The approvers (justerare) are chosen among those present: %(names)s was not.")
            % {"names": ", ".join(absent)}
        )


def _save_attendance(meeting: Meeting, rows: list[AttendanceRow]) -> None:
    existing = {a.person_id: a for a in meeting.attendances.select_related("person", "principal")}
    stored = {pk: (a.present, a.role, a.principal_id, a.position) for pk, a in existing.items()}
    for row in rows:
        person = row.person
        if person is None:
            if not row.name.strip():
                continue
            person = person_named(
                row.name, title=row.title, principal=row.principal, organisation=row.organisation
            )
        attendance = existing.get(person.pk)
        if row.remove:
            if attendance is not None and attendance.pk:
                attendance.delete()
            existing.pop(person.pk, None)
            continue
        if attendance is not None and row.person is None:
            # Named again (e.g. pasted): present, with the role already recorded.
            attendance.present = row.present
            continue
        if attendance is None:
            attendance = existing[person.pk] = Attendance(meeting=meeting, person=person)
        attendance.present, attendance.role = row.present, row.role
        attendance.principal = row.principal or (person.principal if row.person is None else None)
    # Grouped by principal with the region first, as the minutes list them.
    ordered = sorted(
        existing.values(),
        key=lambda a: (
            a.principal.position if a.principal is not None else 999,
            a.principal.short_name if a.principal is not None else "",
            a.role == Role.PRESENTER,
            a.person.name,
        ),
    )
    for position, attendance in enumerate(ordered, start=1):
        attendance.position = position
        now = (attendance.present, attendance.role, attendance.principal_id, position)
        if attendance.pk is None or stored.get(attendance.person_id) != now:
            attendance.save()


def renumbered(numbers: list[str]) -> list[str]:
    """Numbers 1, 2, 3… in order; an item numbered with a letter or a sub-number stays a
    sub-item of the one before it, in its own style (4a, 4b; 4.1, 4.2)."""
    result: list[str] = []
    main = sub = 0
    for number in numbers:
        if number and number[-1].isalpha() and main:
            sub += 1
            result.append(f"{main}{ascii_lowercase[min(sub, 26) - 1]}")
        elif "." in number and main:
            sub += 1
            result.append(f"{main}.{sub}")
        else:
            main += 1
            sub = 0
            result.append(str(main))
    return result


def _save_items(meeting: Meeting, rows: list[ItemRow], renumber: bool) -> None:
    # Removing an item closes the gap it leaves, as adding one makes room for it; a new
    # row without a number is numbered in its place.
    if any(row.delete and row.item.pk for row in rows) or any(
        not row.item.number for row in rows if not row.delete
    ):
        # The editing view reads this to say that the items were renumbered.
        renumber = meeting.renumbered = True  # type: ignore[attr-defined]
    for row in rows:
        if row.delete and row.item.pk:
            row.item.delete()
    kept = sorted(
        (row.item for row in rows if not row.delete),
        key=lambda item: (item.position, item.pk or 10**9),
    )
    if renumber:
        for item, number in zip(kept, renumbered([i.number for i in kept]), strict=True):
            item.number = number
    for position, item in enumerate(kept, start=1):
        item.position = position
        item.meeting = meeting
    # Free every number that changes hands first, so the unique (meeting, number)
    # constraint never sees two items with the same number half way through.
    stored = dict(meeting.items.values_list("pk", "number"))
    moving = [item for item in kept if item.pk and stored.get(item.pk) != item.number]
    for index, item in enumerate(moving):
        AgendaItem.objects.filter(pk=item.pk).update(number=f"_{index}")
    for item in kept:
        item.save()


@dataclass
class PresenterRow:
    person: Person | None = None
    name: str = ""
    forum: Forum | None = None
    title: str = ""


@dataclass
class AssignmentData:
    assignee_forum: Forum | None = None
    assignee_principal: Principal | None = None
    assignee_text: str = ""
    description: str = ""
    due_date: datetime.date | None = None
    report_to_forum: Forum | None = None


@dataclass
class DecisionRow:
    decision: Decision  # unsaved changes; new when pk is None
    delete: bool = False
    assignment: AssignmentData | None = None


@dataclass
class NewAttachment:
    number: str
    title: str
    file: File


@dataclass
class ItemChanges:
    presenters: list[PresenterRow] = field(default_factory=list)
    decisions: list[DecisionRow] = field(default_factory=list)
    new_attachments: list[NewAttachment] = field(default_factory=list)
    removed_attachments: list[Attachment] = field(default_factory=list)
    new_case_title: str = ""


@transaction.atomic
def save_item(
    *,
    item: AgendaItem,
    version: int,
    user: User,
    changes: ItemChanges,
    reason: str = "",
) -> AgendaItem:
    """Save one agenda item with its presenters, att-clauses and attachments."""
    meeting = item.meeting
    with changes_by(user):
        _claim(meeting, version, reason)
        _save_meeting_row(meeting, reason)
        if changes.new_case_title.strip():
            item.case = Case.objects.create(
                title=changes.new_case_title.strip(),
                registration_number=meeting.registration_number,
            )
        if item.pk is None:
            _place_new_item(meeting, item)
        item.save()
        _save_presenters(item, changes.presenters)
        _save_decisions(item, changes.decisions)
        _save_attachments(item, changes)
    return item


def closing_tail(meeting: Meeting) -> list[AgendaItem]:
    """The standard closing items at the end of the meeting (Övriga frågor, Mötets avslutande)."""
    titles = {item.title for item in closing_items()}
    tail: list[AgendaItem] = []
    for item in reversed(list(meeting.items.order_by("position", "id"))):
        if item.title not in titles or not item.number.isdigit():
            break
        tail.insert(0, item)
    return tail


def new_item_number(meeting: Meeting) -> str:
    """The number a new item gets: the place of Övriga frågor, or the next number."""
    tail = closing_tail(meeting)
    if tail:
        return tail[0].number
    numbers = [int(n) for n in meeting.items.values_list("number", flat=True) if n.isdigit()]
    return str(max(numbers, default=0) + 1)


def _place_new_item(meeting: Meeting, item: AgendaItem) -> None:
    """A new item goes before the closing items, which move down one number if it takes theirs."""
    tail = closing_tail(meeting)
    if not tail:
        item.position = max(meeting.items.values_list("position", flat=True), default=0) + 1
        return
    item.position = tail[0].position
    shift_numbers = item.number == tail[0].number
    for index, closing in enumerate(tail):
        AgendaItem.objects.filter(pk=closing.pk).update(number=f"_{index}")
    for closing in reversed(tail):
        closing.position += 1
        if shift_numbers:
            closing.number = str(int(closing.number) + 1)
        closing.save()


def _save_presenters(item: AgendaItem, rows: list[PresenterRow]) -> None:
    current = list(item.presenters.all())
    wanted = []
    for row in rows:
        person = row.person or (person_named(row.name, title=row.title) if row.name else None)
        wanted.append((person, row.forum if person is None else None, row.title))
    if [(p.person_id, p.forum_id, p.title) for p in current] == [
        (p.pk if p else None, f.pk if f else None, t) for p, f, t in wanted
    ]:
        return
    for presenter in current:
        presenter.delete()
    for position, (person, forum, title) in enumerate(wanted, start=1):
        AgendaItemPresenter.objects.create(
            item=item, position=position, person=person, forum=forum, title=title
        )


def _save_decisions(item: AgendaItem, rows: list[DecisionRow]) -> None:
    for row in rows:
        if row.delete and row.decision.pk:
            row.decision.delete()
    kept = [row for row in rows if not row.delete]
    # Positions are unique per item: move the stored ones out of the way first.
    stored = [row.decision.pk for row in kept if row.decision.pk]
    for index, pk in enumerate(stored):
        Decision.objects.filter(pk=pk).update(position=1000 + index)
    for position, row in enumerate(kept, start=1):
        decision = row.decision
        was_for_adoption = (
            decision.pk is not None
            and Decision.objects.for_adoption().filter(pk=decision.pk).exists()
        )
        decision.item = item
        decision.position = position
        if decision.kind != Decision.Kind.RECOMMENDED:
            decision.requires_identical = False
        if decision.kind not in {Decision.Kind.REFERRED, Decision.Kind.RECOMMENDED}:
            decision.referred_to = None
        validated(decision)
        decision.save()
        answer_sources(decision, item)
        _save_assignment(decision, row.assignment)
        if decision.is_for_adoption and not was_for_adoption:
            recommendation_recorded.send(sender=Decision, decision=decision)
        elif was_for_adoption and not decision.is_for_adoption:
            recommendation_withdrawn.send(sender=Decision, decision=decision)


def answer_sources(decision: Decision, item: AgendaItem) -> None:
    """What a clause decided on an item of a generated agenda answers: the referral or
    recommendation the item was put on the agenda for (by its first clause only, so the
    chain shows one answer, not one per att-clause), and the assignment it reports on.

    Called by every service that saves a clause: the editor and the import. Tabling or
    withdrawing answers nothing: the matter comes back.
    """
    if decision.kind in NOT_AN_ANSWER:
        return
    if not item.source_decision_id and not item.source_assignment_id:
        return
    if item.outcome in (AgendaItem.Outcome.TABLED, AgendaItem.Outcome.WITHDRAWN):
        return
    if (
        item.source_decision_id
        and decision.answers_id is None
        and item.source_decision_id != decision.pk
        and not Decision.objects.filter(item=item, answers_id=item.source_decision_id).exists()
    ):
        decision.answers_id = item.source_decision_id
        decision.save(update_fields=["answers"])
    if item.source_assignment_id:
        assignment = Assignment.objects.filter(
            pk=item.source_assignment_id, status=Assignment.Status.OPEN
        ).first()
        if assignment is not None:
            assignment.status = Assignment.Status.REPORTED
            assignment.reported_in = item
            assignment.save(update_fields=["status", "reported_in"])


def _save_assignment(decision: Decision, data: AssignmentData | None) -> None:
    assignment = decision.assignments.first()
    if decision.kind != Decision.Kind.ASSIGNED or data is None:
        if assignment is not None and assignment.status == Assignment.Status.OPEN:
            assignment.delete()
        return
    if assignment is None:
        assignment = Assignment(decision=decision)
    values = {
        "assignee_forum": data.assignee_forum,
        "assignee_principal": data.assignee_principal,
        "assignee_text": data.assignee_text,
        "description": data.description or decision.text,
        "due_date": data.due_date,
        "report_to_forum": data.report_to_forum,
    }
    changed = assignment.pk is None or any(
        getattr(assignment, name) != value for name, value in values.items()
    )
    for name, value in values.items():
        setattr(assignment, name, value)
    if changed:
        validated(assignment)
        assignment.save()


def _save_attachments(item: AgendaItem, changes: ItemChanges) -> None:
    """Remove and add the item's attachments.

    A number the meeting has already is refused before any file is written; a file of a
    row the database still refuses is deleted with the failed save, and a removed
    attachment's file goes only once the save is committed, so that no file is left
    without its row, nor a row without its file.
    """
    taken = _taken_attachment_numbers(item.meeting, changes.removed_attachments)
    for new in changes.new_attachments:
        if new.number in taken:
            raise MinutesError(_("The meeting already has an attachment with this number."))
        taken.add(new.number)
    for attachment in changes.removed_attachments:
        file = attachment.file
        attachment.delete()
        if file:
            transaction.on_commit(partial(file.storage.delete, file.name))
    written: list[FieldFile] = []
    try:
        for new in changes.new_attachments:
            attachment = Attachment(
                meeting=item.meeting, item=item, number=new.number, title=new.title
            )
            attachment.file.save(new.file.name, new.file, save=False)
            written.append(attachment.file)
            attachment.save()
            kept = getattr(new.file, "kept_path", None)
            if kept:  # kept from an earlier, failed submit: stored for good now
                new.file.close()
                transaction.on_commit(partial(default_storage.delete, kept))
    except IntegrityError as error:  # the number was taken since it was checked
        _delete_files(written)
        raise MinutesError(_("The meeting already has an attachment with this number.")) from error
    except BaseException:
        _delete_files(written)
        raise
    if changes.new_attachments or changes.removed_attachments:
        numbers = list(item.attachments.order_by("number").values_list("number", flat=True))
        refs = ("Bilaga " + ", ".join(numbers)) if numbers else ""
        if item.attachment_refs != refs:
            item.attachment_refs = refs
            item.save(update_fields=["attachment_refs"])


def _taken_attachment_numbers(meeting: Meeting, removed: list[Attachment]) -> set[str]:
    """The meeting's attachment numbers, less those of the attachments being removed."""
    kept = meeting.attachments.exclude(pk__in=[a.pk for a in removed])
    return set(kept.values_list("number", flat=True))


def _delete_files(files: list[FieldFile]) -> None:
    for file in files:
        assert file.name is not None  # written: saved under a name
        file.storage.delete(file.name)


def next_item(item: AgendaItem) -> AgendaItem | None:
    """The item to write after this one: the next in the order, unless only the closing
    items are left (then a new item is written before them)."""
    following = (
        item.meeting.items.filter(position__gt=item.position).order_by("position", "id").first()
    )
    if following is None or following in closing_tail(item.meeting):
        return None
    return following


ATTACHMENT_REF = re.compile(r"\bbilag(?:a|orna)\s+((?:\d+(?:\s*(?:,|och|&|-|–)\s*)?)+)", re.I)


def suggested_attachment_number(item: AgendaItem, attachments: list[Attachment]) -> str:
    """The number to offer for the item's next attachment: the first one its text refers
    to ("Bilaga 6", "Bilaga 4, 5") that is not attached yet, else the next free number."""
    taken = {a.number for a in attachments}
    for text in (item.attachment_refs, item.discussion):
        for group in ATTACHMENT_REF.findall(text or ""):
            for number in re.findall(r"\d+", group):
                if number not in taken:
                    return number
    return _next_free(taken)


def next_attachment_number(meeting: Meeting) -> str:
    return _next_free(set(meeting.attachments.values_list("number", flat=True)))


def _next_free(numbers: set[str]) -> str:
    return str(max((int(n) for n in numbers if n.isdigit()), default=0) + 1)


# --- workflow -----------------------------------------------------------------------


def _lock(meeting: Meeting) -> None:
    """Reload the meeting under a row lock, so a status change never races an edit."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).exists()
    meeting.refresh_from_db()


def _set_status(meeting: Meeting, status: str, reason: str = "") -> None:
    # A status change is a new version too: a form loaded before it must not save over it.
    meeting.status = status
    meeting.version += 1
    meeting._change_reason = reason or None  # type: ignore[attr-defined]  # for simple-history
    meeting.save()


@transaction.atomic
def record_notice_sent(*, meeting: Meeting, user: User) -> Meeting:
    """Planned → agenda sent: the notice of the meeting has gone out."""
    _lock(meeting)
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.AGENDA_SENT):
        raise WorkflowError(
            _("The meeting has already been held; its notice can no longer be sent.")
        )
    if not meeting.items.exists():
        raise WorkflowError(_("The agenda is empty. Add the items before sending the notice."))
    with changes_by(user):
        meeting.notice_sent_at = timezone.now()
        _set_status(meeting, Meeting.Status.AGENDA_SENT)
    return meeting


def record_agenda_change(meeting: Meeting, fields: list[str]) -> None:
    """Save ``fields`` of a planned meeting whose row the caller has locked, as a new
    version: a form loaded before the change must not save over it."""
    meeting.version += 1
    meeting.save(update_fields=[*fields, "version"])


@transaction.atomic
def send_for_review(*, meeting: Meeting, user: User) -> Meeting:
    """Draft → sent for justering; each chosen justerare is sent the link by e-mail."""
    _lock(meeting)
    if meeting.status not in DRAFT_STATUSES:
        raise WorkflowError(_("Only a draft can be sent for approval."))
    if not meeting.items.exists():
        raise WorkflowError(_("The minutes have no items yet."))
    if not meeting.justerare.exists():
        raise WorkflowError(_("Choose the approvers (justerare) first, among those present."))
    with changes_by(user):
        meeting.review_requested_at = timezone.now()
        _set_status(meeting, Meeting.Status.IN_REVIEW)
    notifications.justering_requested(meeting)
    return meeting


@transaction.atomic
def record_review(
    *, meeting: Meeting, reviewer: Person, approved: bool, comment: str, user: User
) -> MinutesReview:
    """A justerare approves the minutes or comments on them.

    When every chosen justerare has approved, the minutes are approved. The secretaries
    are told by e-mail either way.
    """
    _lock(meeting)
    if meeting.status != Meeting.Status.IN_REVIEW:
        raise WorkflowError(_("The minutes are not waiting for approval."))
    if not meeting.justerare.filter(pk=reviewer.pk).exists():
        raise WorkflowError(_("Only the chosen approvers can approve these minutes."))
    if not approved and not comment.strip():
        raise WorkflowError(_("Write a comment, or approve the minutes."))
    with changes_by(user):
        review = MinutesReview.objects.create(
            meeting=meeting, reviewer=reviewer, approved=approved, comment=comment.strip()
        )
        if approved and not pending_justerare(meeting):
            _set_status(meeting, Meeting.Status.APPROVED)
    notifications.review_recorded(meeting, review)
    return review


@transaction.atomic
def record_justering_outside(
    *,
    meeting: Meeting,
    reviewer: Person,
    method: str,
    reviewed_on: datetime.date,
    note: str,
    user: User,
) -> MinutesReview:
    """The secretary records a justering made on paper or by e-mail, for a justerare who
    approves outside the register. The note is kept as the reason in the history."""
    _lock(meeting)
    if meeting.status != Meeting.Status.IN_REVIEW:
        raise WorkflowError(_("The minutes are not waiting for approval."))
    if not meeting.justerare.filter(pk=reviewer.pk).exists():
        raise WorkflowError(_("Only the chosen approvers can approve these minutes."))
    if method not in {MinutesReview.Method.PAPER, MinutesReview.Method.EMAIL}:
        raise WorkflowError(_("Say whether the minutes were approved on paper or by e-mail."))
    if reviewed_on > timezone.localdate():
        raise WorkflowError(_("The date of the justering cannot be in the future."))
    if reviewed_on < meeting.date:
        raise WorkflowError(_("The minutes cannot have been approved before the meeting."))
    if not note.strip():
        raise WorkflowError(
            _("Write a note: how the approval reached you, e.g. the signed page or the e-mail.")
        )
    with changes_by(user):
        review = MinutesReview(
            meeting=meeting,
            reviewer=reviewer,
            approved=True,
            comment=note.strip(),
            method=method,
            reviewed_on=reviewed_on,
            recorded_by=user,
        )
        review._change_reason = note.strip()  # type: ignore[attr-defined]  # for simple-history
        review.save()
        if not pending_justerare(meeting):
            _set_status(meeting, Meeting.Status.APPROVED, reason=note.strip())
    return review


def approvals(meeting: Meeting) -> list[MinutesReview]:
    """Each justerare's latest approval since the minutes were last sent for justering.

    Reads ``meeting.reviews.all()``, so a prefetched list costs no query."""
    since = meeting.review_requested_at
    latest: dict[int, MinutesReview] = {}
    for review in meeting.reviews.all():
        if review.approved and (since is None or review.created_at >= since):
            latest[review.reviewer_id] = review
    return list(latest.values())


def pending_justerare(meeting: Meeting) -> list[Person]:
    """The chosen justerare who have not approved since the minutes were last sent."""
    approved_ids = {r.reviewer_id for r in approvals(meeting)}
    return [p for p in meeting.justerare.all() if p.pk not in approved_ids]


def justering_line(meeting: Meeting) -> tuple[datetime.date, list[str]] | None:
    """The date and names for "Justerade den … av …" in the minutes, once approved."""
    if meeting.status not in {Meeting.Status.APPROVED, Meeting.Status.PUBLISHED}:
        return None
    chosen = {p.pk: p.name for p in meeting.justerare.all()}
    done = [r for r in approvals(meeting) if r.reviewer_id in chosen]
    if not done:
        return None
    return max(r.date for r in done), [chosen[r.reviewer_id] for r in done]


@transaction.atomic
def approve(*, meeting: Meeting, user: User) -> Meeting:
    """The secretary marks minutes approved that have no justerare, or were approved on paper."""
    _lock(meeting)
    if meeting.status not in {*DRAFT_STATUSES, Meeting.Status.IN_REVIEW}:
        raise WorkflowError(_("Only minutes that are not yet approved can be approved."))
    if meeting.status == Meeting.Status.IN_REVIEW and pending_justerare(meeting):
        raise WorkflowError(_("The chosen approvers have not all approved the minutes yet."))
    if meeting.status != Meeting.Status.IN_REVIEW and meeting.justerare.exists():
        raise WorkflowError(_("Send the minutes to the chosen approvers first."))
    with changes_by(user):
        _set_status(meeting, Meeting.Status.APPROVED)
    return meeting


@transaction.atomic
def return_to_draft(*, meeting: Meeting, user: User) -> Meeting:
    """Take minutes back from justering, e.g. after a justerare's comment."""
    _lock(meeting)
    if meeting.status not in {Meeting.Status.IN_REVIEW, Meeting.Status.APPROVED}:
        raise WorkflowError(_("Only minutes in approval can be taken back to draft."))
    with changes_by(user):
        _set_status(meeting, Meeting.Status.MINUTES_DRAFT)
    return meeting


@transaction.atomic
def publish(*, meeting: Meeting, user: User) -> Meeting:
    """Approved minutes become a public document."""
    _lock(meeting)
    if meeting.status != Meeting.Status.APPROVED:
        raise WorkflowError(_("Only approved minutes can be published."))
    with changes_by(user):
        meeting.published_at = timezone.now()
        _set_status(meeting, Meeting.Status.PUBLISHED)
    notifications.minutes_published(meeting)
    minutes_published.send(sender=Meeting, meeting=meeting)
    return meeting


@transaction.atomic
def publish_approved_earlier(*, meeting: Meeting, user: User, reason: str) -> Meeting:
    """Minutes brought in from the back catalogue, approved (justerade) before they came
    into the register, become public at once: no justering here, and nobody is told by
    e-mail of minutes that are years old. The reason is kept in the history."""
    _lock(meeting)
    if meeting.status not in DRAFT_STATUSES:
        raise WorkflowError(_("Only a draft can be published as approved earlier."))
    if not meeting.items.exists():
        raise WorkflowError(_("The minutes have no items yet."))
    with changes_by(user):
        meeting.published_at = timezone.now()
        _set_status(meeting, Meeting.Status.PUBLISHED, reason=reason)
    return meeting


@transaction.atomic
def correct_published(*, meeting: Meeting, version: int, user: User, reason: str) -> Meeting:
    """Save changes to the head of published minutes; the reason goes into the history."""
    if meeting.status != Meeting.Status.PUBLISHED:
        raise WorkflowError(_("Only published minutes are corrected this way."))
    return save_meeting(meeting=meeting, version=version, user=user, reason=reason)


def corrections(meeting: Meeting) -> list:
    """The corrections made after publishing, newest first, with who made them and why."""
    return list(
        meeting.history.filter(status=Meeting.Status.PUBLISHED)
        .exclude(history_change_reason__isnull=True)
        .exclude(history_change_reason="")
        .select_related("history_user__person")
        .order_by("-history_date")
    )
