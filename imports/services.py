"""Turning parsed minutes into a draft meeting of the register.

The meeting itself is created by the minutes editor's service, so an imported meeting
is the same as one typed into the minutes form; this module adds what only an import
knows: the checksum that detects a second import, the presenters that are groups, the
attachment references and the assignments the clauses give.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext as _

from council.errors import DomainError
from council.history import changes_by
from council.models import Forum, Person, Principal, Role
from meetings.clauses import due_in, report_to_in
from meetings.models import AgendaItemPresenter, Assignment, Decision, Meeting
from meetings.services import create_meeting_from_data

from . import names
from .attendance import attendance_line
from .extract import extract_text
from .forums import forum_resolver, principal_names
from .parser import (
    ForumResolver,
    ParsedDecision,
    ParsedItem,
    ParsedMeeting,
    ParseWarning,
    normalise_text,
    parse_minutes,
)

# Reviews kept before the warnings named their field are read again.
REVIEW_STATE_VERSION = 2


class ImportRefused(DomainError):
    """The minutes cannot be imported; the message says why, in Swedish."""

    def __init__(self, message: str, meeting: Meeting | None = None) -> None:
        super().__init__(message)
        self.meeting = meeting


@dataclass
class ReadMinutes:
    text: str
    checksum: str
    parsed: ParsedMeeting


def checksum_of(text: str) -> str:
    """The fingerprint of a set of minutes: the same text in another file type matches."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def read_minutes(*, data: bytes, filename: str) -> ReadMinutes:
    """Extract and parse an uploaded file; raises ExtractionError for a bad file."""
    text = extract_text(data=data, filename=filename)
    parsed = parse_minutes(text, resolve_forum=forum_resolver(), principals=principal_names())
    return ReadMinutes(text=normalise_text(text), checksum=checksum_of(text), parsed=parsed)


def is_person_name(name: str) -> bool:
    """Whether an entry of an attendance list or a presenter may become a Person: a name
    of two to four words, or one the register already knows."""
    return names.looks_like_name(" ".join(name.split()), principal_names())


def existing_import(
    *, checksum: str, forum: Forum | None, date: datetime.date | None
) -> tuple[Meeting | None, str]:
    """The meeting that already holds these minutes, and the message that says so: one
    imported from the same text first, else one of the same forum and date (one query)."""
    same_text = Q(import_checksum=checksum)
    same_day = Q(forum=forum, date=date) if forum is not None and date is not None else Q()
    found = (
        Meeting.objects.filter(same_text | same_day if same_day else same_text)
        .select_related("forum")
        .annotate(by_text=Case(When(same_text, then=Value(0)), default=Value(1)))
        .order_by("by_text", *(str(field) for field in Meeting._meta.ordering or []))
        .first()
    )
    if found is None:
        return None, ""
    if found.by_text == 0:
        return found, _("These minutes have already been imported as the meeting %(meeting)s.") % {
            "meeting": f"{found.forum.name} {found.date:%Y-%m-%d}"
        }
    return found, _("%(forum)s already has a meeting on %(date)s in the register.") % {
        "forum": found.forum.name,
        "date": f"{found.date:%Y-%m-%d}",
    }


def _person(name: str, people: list[Person]) -> str:
    """The register's spelling of a name the minutes spell their own way."""
    for person in people:
        if person.known_as(name):
            return person.name
    return name


def _known(name: str, people: list[Person]) -> bool:
    return any(person.known_as(name) for person in people)


ASSIGNEE_PATTERNS = [
    re.compile(r"^att\s+ge\s+(?P<who>.+?)\s+(?:i\s+)?(?:ett\s+)?(?:\w+\s+)?uppdrag\b", re.I),
    re.compile(r"^att\s+(?P<who>.+?)\s+(?:får|ges|ska få)\s+i\s+uppdrag\b", re.I),
    re.compile(
        r"^att\s+(?P<who>[A-ZÅÄÖ][\w\s]+?),?(?:\s+efter\s+[^,]+,)?\s+ger\s+"
        r"(?P<to>\w+(?:\s+\w+)?)\s+(?:ett\s+)?(?:\w+\s+)?uppdrag\b"
    ),
    re.compile(r"^att\s+uppdra\s+(?:åt\s+)?(?P<who>.+?)\s+att\b", re.I),
]


def assignee_of(text: str) -> str:
    """Who a clause gives an assignment to, as the clause names them; empty when unclear."""
    for pattern in ASSIGNEE_PATTERNS:
        match = pattern.search(text)
        if match:
            who = match.groupdict().get("to") or match["who"]
            return " ".join(who.split()).strip(" ,")
    return ""


def _validate(parsed: ParsedMeeting, forum: Forum | None) -> None:
    if forum is None:
        raise ImportRefused(_("Choose the forum whose meeting the minutes record."))
    if parsed.date is None:
        raise ImportRefused(_("Give the date of the meeting."))
    if not parsed.items:
        raise ImportRefused(_("The minutes have no items."))
    if parsed.start_time and parsed.end_time and parsed.end_time <= parsed.start_time:
        raise ImportRefused(_("The meeting must end after it starts."))
    numbers = [item.number for item in parsed.items]
    if len(set(numbers)) != len(numbers):
        raise ImportRefused(_("Two items have the same number."))
    for item in parsed.items:
        if not item.title.strip():
            raise ImportRefused(_("Item %(number)s has no title.") % {"number": item.number})
        if len(item.title) > 500:
            raise ImportRefused(
                _("The title of item %(number)s is longer than 500 characters.")
                % {"number": item.number}
            )
        for position, decision in enumerate(item.decisions, start=1):
            if decision.kind == Decision.Kind.REFERRED and not decision.referred_to:
                raise ImportRefused(
                    _("Item %(number)s, clause %(clause)s: say which forum it is referred to.")
                    % {"number": item.number, "clause": position}
                )


@transaction.atomic
def create_draft_meeting(*, parsed: ParsedMeeting, user: User, checksum: str) -> Meeting:
    """A draft meeting (minutes draft) from parsed and reviewed minutes.

    Refuses a second import of the same minutes, and minutes of a meeting the register
    already holds, with ImportRefused naming the meeting.
    """
    resolve = forum_resolver()
    forum_name = resolve(parsed.forum) if parsed.forum else None
    forum = Forum.objects.filter(name=forum_name).first() if forum_name else None
    _validate(parsed, forum)
    assert forum is not None  # _validate refuses minutes without a forum
    # Two people importing the same minutes at once: the second waits here and then
    # finds the first one's meeting.
    Forum.objects.select_for_update().filter(pk=forum.pk).first()
    duplicate, message = existing_import(checksum=checksum, forum=forum, date=parsed.date)
    if duplicate is not None:
        raise ImportRefused(message, meeting=duplicate)

    people = list(Person.objects.all())
    principals = {p.short_name.casefold(): p for p in Principal.objects.all()}
    principals.update({p.name.casefold(): p for p in list(principals.values())})
    data = {
        "date": parsed.date,
        "start_time": parsed.start_time,
        "end_time": parsed.end_time,
        "place": parsed.place or "",
        "registration_number": parsed.registration_number or "",
        "justerare": [
            _person(name, people)
            for name in parsed.justerare
            if _known(name, people) or is_person_name(name)
        ],
        "attendance": [
            {
                "name": _person(a.name, people),
                "principal": a.principal,
                "role": a.role or Role.MEMBER,
                "present": a.present,
            }
            for a in parsed.attendees
            # Nothing that does not read as a person's name becomes a Person.
            if _known(a.name, people) or is_person_name(a.name)
        ],
        "items": [
            {
                "number": item.number,
                "title": item.title,
                "discussion": item.discussion,
                "outcome": item.outcome,
                "decisions": [
                    {
                        "text": d.text,
                        "kind": d.kind,
                        "referred_to": d.referred_to if d.kind == Decision.Kind.REFERRED else None,
                        "requires_identical": d.requires_identical
                        and d.kind == Decision.Kind.RECOMMENDED,
                    }
                    for d in item.decisions
                ],
            }
            for item in parsed.items
        ],
    }
    meeting = create_meeting_from_data(forum=forum, data=data, user=user)
    with changes_by(user):
        meeting.import_checksum = checksum
        meeting.minutes_date = parsed.minutes_date
        meeting.attendance_note = parsed.attendance_note
        meeting.save(update_fields=["import_checksum", "minutes_date", "attendance_note"])
        items = list(meeting.items.order_by("position").prefetch_related("decisions"))
        for item, source in zip(items, parsed.items, strict=True):
            if source.attachment_refs:
                item.attachment_refs = source.attachment_refs
                item.save(update_fields=["attachment_refs"])
            position = 0
            for name in source.presenters:
                group = group_named(name, forum, resolve)
                if group:
                    position += 1
                    AgendaItemPresenter.objects.create(item=item, position=position, forum=group)
                elif _known(name, people) or is_person_name(name):
                    position += 1
                    AgendaItemPresenter.objects.create(
                        item=item,
                        position=position,
                        person=_person_for(name, people),
                        title=source.presenter_titles.get(name, "")[:200],
                    )
                # A group the register does not know is not a person: the review page
                # said it would not be kept.
            for decision, parsed_decision in zip(
                item.decisions.all(), source.decisions, strict=True
            ):
                if decision.kind == Decision.Kind.ASSIGNED:
                    _assignment(decision, forum, resolve, principals)
                if parsed_decision.answers_id:
                    _link_answer(decision, parsed_decision.answers_id, meeting)
    return meeting


def review_warnings(parsed: ParsedMeeting) -> list[ParseWarning]:
    """The parser's warnings, and those only the register can give: a presenter that is
    neither a person nor a group it holds."""
    warnings = list(parsed.warnings)
    resolve = forum_resolver()
    forum_name = resolve(parsed.forum) if parsed.forum else None
    forum = Forum.objects.filter(name=forum_name).first() if forum_name else None
    people = list(Person.objects.all())
    for item in parsed.items:
        for name in item.presenters:
            known = _known(name, people) or is_person_name(name)
            if not known and (forum is None or group_named(name, forum, resolve) is None):
                warnings.append(
                    ParseWarning("not_a_person", item=item.number, detail=name, field="presenters")
                )
    return warnings


def _person_for(name: str, people: list[Person]) -> Person:
    for person in people:
        if person.known_as(name):
            return person
    person = Person.objects.create(name=" ".join(name.split()))
    people.append(person)
    return person


def _link_answer(decision: Decision, answers_id: int, meeting: Meeting) -> None:
    """Make the chain: this clause answers an earlier decision of another meeting."""
    earlier = Decision.objects.filter(pk=answers_id, item__meeting__date__lte=meeting.date).first()
    if earlier is None:
        raise ImportRefused(_("A clause can only answer a decision of an earlier meeting."))
    decision.answers = earlier
    decision.save(update_fields=["answers"])


def group_named(name: str, forum: Forum, resolve: ForumResolver) -> Forum | None:
    """The forum or group a name stands for, as the minutes of ``forum`` use it.

    "Styrgruppen" in a forum's minutes is that forum's steering group: "Styrgruppen
    för Länschefsnätverket" or "Styrgrupp LCHNV" in the register.
    """
    name = " ".join(name.split())
    candidates = [name, f"{name} för {forum.name}"]
    if name.casefold().endswith("en"):
        candidates.append(f"{name[:-2]} {forum.code}")
    for candidate in candidates:
        found = resolve(candidate)
        if found:
            return Forum.objects.filter(name=found).first()
    return None


def _assignment(
    decision: Decision, forum: Forum, resolve: ForumResolver, principals: dict[str, Principal]
) -> None:
    """An assignment where the clause clearly names who carries it out."""
    who = assignee_of(decision.text)
    if not who:
        return
    group = group_named(who, forum, resolve)
    principal = None if group else principals.get(who.casefold())
    # "… och återrapportera till Välfärdsrådet senast i juni 2021": the text says when
    # and to whom; otherwise the forum that gave it.
    to = report_to_in(decision.text)
    report_to = (group_named(to, forum, resolve) if to else None) or forum
    Assignment.objects.create(
        decision=decision,
        assignee_forum=group,
        assignee_principal=principal,
        assignee_text="" if (group or principal) else who[:200],
        description=decision.text,
        due_date=due_in(decision.text, after=decision.item.meeting.date),
        report_to_forum=report_to,
    )


def review_state(read: ReadMinutes, filename: str, forums: set[int] | None) -> dict:
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
        "version": REVIEW_STATE_VERSION,
    }


def parsed_from_state(state: dict) -> ParsedMeeting:
    """The minutes of a review's state as read, for saving them without the review page."""
    from .attendance import read_attendance_lines

    head = state["meeting"]

    def day(value):
        return datetime.date.fromisoformat(value) if value else None

    def moment(value):
        return datetime.time.fromisoformat(value) if value else None

    names = dict(Forum.objects.values_list("pk", "name"))
    parsed = ParsedMeeting(
        forum=names.get(head.get("forum")),
        date=day(head.get("date")),
        start_time=moment(head.get("start_time")),
        end_time=moment(head.get("end_time")),
        place=head.get("place") or None,
        registration_number=head.get("registration_number") or None,
        minutes_date=day(head.get("minutes_date")),
        justerare=_names(head.get("justerare", "")),
        attendance_note=head.get("attendance_note", ""),
        attendees=read_attendance_lines(head.get("attendance") or ""),
    )
    by_index = {}
    for index, row in enumerate(state["items"]):
        item = ParsedItem(
            number=row["number"],
            title=row["title"],
            presenters=_names(row.get("presenters", "")),
            presenter_titles=row.get("presenter_titles", {}),
            outcome=row["outcome"],
            attachment_refs=row.get("attachment_refs", ""),
            discussion=row.get("discussion", ""),
        )
        by_index[index] = item
        parsed.items.append(item)
    for row in state["decisions"]:
        by_index[row["item"]].decisions.append(
            ParsedDecision(
                text=row["text"],
                kind=row["kind"],
                referred_to=names.get(row.get("referred_to")),
                requires_identical=bool(row.get("requires_identical")),
            )
        )
    return parsed


def _names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r",|;|\n", text or "") if n.strip()]
