"""Drafting a forum's next agenda from what the register knows is pending, and its notice.

The proposal is computed, never stored, until an administrator accepts it: accepting
creates (or completes) a planned meeting whose items remember what they were proposed
for (``proposal_key``), so that accepting again adds nothing twice.
"""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeGuard

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agendas import queries
from agreements.models import Agreement, add_months
from council.errors import DomainError
from council.history import changes_by
from council.models import Forum, StandingItem
from meetings.models import AgendaItem, AgendaItemPresenter, Assignment, Decision, Meeting
from meetings.services import WorkflowError, record_agenda_change, record_notice_sent
from meetings.standard_items import StandardItem, closing_items, opening_items

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

MAX_HORIZON_MONTHS = 36
# Principals usually decide on a recommendation within a year. Older recommendations
# still missing decisions are counted in a note instead of filling every agenda; the
# principals' own pages list them one by one.
ADOPTION_LOOKBACK_MONTHS = 12
TITLE_LENGTH = 300


class AgendaError(DomainError):
    """A request for an agenda the register cannot answer; the message is for the user."""

    def __init__(self, message: str, *, first_meeting_possible: bool = False) -> None:
        super().__init__(message)
        # The forum has no meetings yet: the user may still ask for a first agenda.
        self.first_meeting_possible = first_meeting_possible


@dataclass(frozen=True)
class ProposedItem:
    number: str
    title: str
    kind: str
    reason: str
    key: str
    source_type: str
    source_id: int | None = None
    source_url: str = ""
    source_label: str = ""
    overdue: bool = False
    # Already on the planned meeting of that date, so accepting leaves it as it is.
    on_meeting: bool = False
    case_id: int | None = None
    source_decision_id: int | None = None
    source_assignment_id: int | None = None
    source_item_id: int | None = None
    agreement_id: int | None = None
    # (person id, forum id, title) of each presenter the item starts with.
    presenters: tuple[tuple[int | None, int | None, str], ...] = ()

    @property
    def kind_label(self) -> "_StrOrPromise":
        return AgendaItem.Kind(self.kind).label

    def as_json(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "kind": self.kind,
            "reason": self.reason,
            "source": {"type": self.source_type, "id": self.source_id},
        }


@dataclass
class AgendaProposal:
    forum: Forum
    meeting_date: datetime.date
    horizon_months: int
    horizon_end: datetime.date
    items: list[ProposedItem]
    previous_meeting: Meeting | None = None
    # The planned meeting on this date that accepting completes, if there is one.
    existing_meeting_id: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(item.overdue for item in self.items)

    def as_json(self) -> dict:
        return {
            "forum": self.forum.code,
            "date": self.meeting_date.isoformat(),
            "items": [item.as_json() for item in self.items],
        }


def _iso(day: datetime.date) -> str:
    return day.isoformat()


def _shorten(text: str, limit: int = TITLE_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


def _meeting_url(meeting_id: int, number: str | None = None) -> str:
    url = reverse("meeting_detail", args=[meeting_id])
    return f"{url}#p{number}" if number else url


def _item_label(forum_name: str, day: datetime.date, number: str) -> str:
    return _("%(forum)s %(date)s, item %(number)s") % {
        "forum": forum_name,
        "date": _iso(day),
        "number": number,
    }


def next_weekday(after: datetime.date) -> datetime.date:
    day = after + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def default_meeting_date(forum: Forum, today: datetime.date | None = None) -> datetime.date:
    """The first weekday after today and after the forum's last held meeting."""
    today = today or timezone.localdate()
    last = queries.last_held_date(forum)
    return next_weekday(max(today, last) if last else today)


# ---------------------------------------------------------------- the sources


def _standard(item: StandardItem, forum: Forum) -> dict:
    if item.refers_to is not None:
        return {
            "title": item.title,
            "kind": item.kind,
            "key": item.key,
            "reason": _("The minutes of the previous meeting, %(date)s, are to be approved.")
            % {"date": _iso(item.refers_to.date)},
            "source_type": "meeting",
            "source_id": item.refers_to.pk,
            "source_url": _meeting_url(item.refers_to.pk),
            "source_label": _("The minutes of %(forum)s %(date)s")
            % {"forum": forum.name, "date": _iso(item.refers_to.date)},
        }
    return {
        "title": item.title,
        "kind": item.kind,
        "key": item.key,
        "reason": _("A standard item of every meeting."),
        "source_type": "standard",
    }


def _waiting(decision: Decision, forum: Forum) -> dict:
    item = decision.item
    values = {
        "forum": item.meeting.forum.name,
        "date": _iso(item.meeting.date),
        "number": item.number,
        "target": forum.name,
    }
    if decision.kind == Decision.Kind.REFERRED:
        reason = _(
            "%(forum)s referred the matter on %(date)s (item %(number)s) for the position "
            "of %(target)s, which has not answered it yet."
        )
    else:
        reason = _(
            "%(forum)s recommended %(target)s on %(date)s (item %(number)s) and %(target)s "
            "has not answered yet."
        )
    return {
        "title": _shorten(item.title),
        "kind": AgendaItem.Kind.DECISION,
        "key": f"referral:{decision.pk}",
        "reason": reason % values,
        "source_type": "decision",
        "source_id": decision.pk,
        "source_url": _meeting_url(item.meeting_id, item.number),
        "source_label": _item_label(item.meeting.forum.name, item.meeting.date, item.number),
        "case_id": item.case_id,
        "source_decision_id": decision.pk,
    }


def _assignment(assignment: Assignment, forum: Forum, meeting_date: datetime.date) -> dict:
    item = assignment.decision.item
    overdue = assignment.is_overdue(today=meeting_date)
    assert assignment.due_date is not None  # assignments_due picks them by due date
    reason = _(
        "Assignment to %(assignee)s given by %(forum)s on %(date)s (item %(number)s), to "
        "report to %(target)s by %(due)s."
    ) % {
        "assignee": assignment.assignee,
        "forum": item.meeting.forum.name,
        "date": _iso(item.meeting.date),
        "number": item.number,
        "target": forum.name,
        "due": _iso(assignment.due_date),
    }
    if overdue:
        reason += " " + _("Overdue: the report was due before this meeting.")
    return {
        "title": _shorten(f"Återrapportering från {assignment.assignee}: {assignment.description}"),
        "kind": AgendaItem.Kind.REPORT,
        "key": f"assignment:{assignment.pk}",
        "reason": reason,
        "source_type": "assignment",
        "source_id": assignment.pk,
        "source_url": _meeting_url(item.meeting_id, item.number),
        "source_label": _item_label(item.meeting.forum.name, item.meeting.date, item.number),
        "overdue": overdue,
        "case_id": item.case_id,
        "source_assignment_id": assignment.pk,
    }


def _returning(item: AgendaItem, previous: Meeting, forum: Forum) -> dict:
    values = {"date": _iso(previous.date), "number": item.number}
    if item.outcome == AgendaItem.Outcome.WITHDRAWN:
        assert item.case is not None  # returning_items: withdrawn, its case still open
        reason = _(
            "Withdrawn at the previous meeting on %(date)s (item %(number)s); its case "
            "“%(case)s” is still open."
        ) % {**values, "case": item.case.title}
        key = f"withdrawn:{item.pk}"
    else:
        reason = _("Tabled at the previous meeting on %(date)s (item %(number)s).") % values
        key = f"tabled:{item.pk}"
    return {
        "title": item.title,
        "kind": item.kind,
        "key": key,
        "reason": reason,
        "source_type": "item",
        "source_id": item.pk,
        "source_url": _meeting_url(previous.pk, item.number),
        "source_label": _item_label(forum.name, previous.date, item.number),
        "case_id": item.case_id,
        "source_item_id": item.pk,
    }


def _standing(standing: StandingItem, forum: Forum) -> dict:
    presenters: tuple[tuple[int | None, int | None, str], ...]
    if standing.responsible is not None:
        reason = _("A standing item on the agenda of %(forum)s, presented by %(responsible)s.") % {
            "forum": forum.name,
            "responsible": standing.responsible.name,
        }
        presenters = ((None, standing.responsible_id, ""),)
    else:
        reason = _("A standing item on the agenda of %(forum)s.") % {"forum": forum.name}
        presenters = ()
    return {
        "title": standing.title,
        "kind": AgendaItem.Kind.REPORT,
        "key": f"standing:{standing.pk}",
        "reason": reason,
        "source_type": "standing_item",
        "source_id": standing.pk,
        "source_url": reverse("forum_detail", args=[forum.code]),
        "source_label": forum.name,
        "presenters": presenters,
    }


def _current_term_end(agreement: Agreement, start: datetime.date) -> datetime.date | None:
    """The end of the running term: an automatically extended agreement rolls on."""
    end = agreement.valid_until
    months = agreement.automatic_extension_months
    if end is None or not months:
        return end
    while end < start:
        end = add_months(end, months)
    return end


def _next_follow_up(agreement: Agreement, start: datetime.date) -> datetime.date | None:
    months = agreement.follow_up_interval_months
    if not months or agreement.valid_from is None:
        return None
    step, due = 1, add_months(agreement.valid_from, months)
    while due < start:
        step += 1
        due = add_months(agreement.valid_from, months * step)
    return due


def agreement_deadlines(
    agreement: Agreement, forum: Forum, start: datetime.date, end: datetime.date
) -> list[dict]:
    """The deadlines of one agreement that fall from ``start`` to ``end``, both included."""
    found = []
    url = reverse("agreement_detail", args=[agreement.pk])
    name = agreement.short_name
    base = {
        "source_type": "agreement",
        "source_id": agreement.pk,
        "source_url": url,
        "source_label": agreement.short_name,
        "agreement_id": agreement.pk,
    }

    def within(day: datetime.date | None) -> TypeGuard[datetime.date]:
        return day is not None and start <= day <= end

    responsible = agreement.responsible_forum_id == forum.pk
    active = agreement.status == Agreement.Status.ACTIVE
    if (
        responsible
        and active
        and not agreement.automatic_extension_months
        and within(agreement.valid_until)
    ):
        found.append(
            {
                **base,
                "title": f"{name}: avtalstiden löper ut {_iso(agreement.valid_until)}",
                "kind": AgendaItem.Kind.DECISION,
                "key": f"agreement-expiry:{agreement.pk}",
                "reason": _(
                    "“%(agreement)s” expires on %(date)s and is not extended automatically; "
                    "%(forum)s is responsible for it."
                )
                % {"agreement": name, "date": _iso(agreement.valid_until), "forum": forum.name},
            }
        )
    term_end = _current_term_end(agreement, start)
    if responsible and active and agreement.automatic_extension_months and agreement.notice_months:
        notice = add_months(term_end, -agreement.notice_months) if term_end else None
        if within(notice):
            assert term_end is not None  # the notice is counted back from it
            found.append(
                {
                    **base,
                    "title": f"{name}: sista dag för uppsägning {_iso(notice)}",
                    "kind": AgendaItem.Kind.DECISION,
                    "key": f"agreement-notice:{agreement.pk}:{_iso(notice)}",
                    "reason": _(
                        "The last day to give notice on “%(agreement)s” is %(date)s; otherwise "
                        "it is extended by %(months)s months from %(end)s."
                    )
                    % {
                        "agreement": name,
                        "date": _iso(notice),
                        "months": agreement.automatic_extension_months,
                        "end": _iso(term_end),
                    },
                }
            )
    if responsible and within(agreement.evaluation_due):
        found.append(
            {
                **base,
                "title": f"{name}: utvärdering senast {_iso(agreement.evaluation_due)}",
                "kind": AgendaItem.Kind.REPORT,
                "key": f"agreement-evaluation:{agreement.pk}",
                "reason": _("The evaluation of “%(agreement)s” is due on %(date)s.")
                % {"agreement": name, "date": _iso(agreement.evaluation_due)},
            }
        )
    follow_up_forum = agreement.follow_up_forum_id or agreement.responsible_forum_id
    follow_up = _next_follow_up(agreement, start)
    if follow_up_forum == forum.pk and within(follow_up):
        # _next_follow_up finds none without an interval.
        assert agreement.follow_up_interval_months is not None
        found.append(
            {
                **base,
                "title": f"{name}: uppföljning {_iso(follow_up)}",
                "kind": AgendaItem.Kind.REPORT,
                "key": f"agreement-follow-up:{agreement.pk}:{_iso(follow_up)}",
                "reason": ngettext(
                    "“%(agreement)s” is followed up every month; the next follow-up is due "
                    "on %(date)s.",
                    "“%(agreement)s” is followed up every %(months)s months; the next "
                    "follow-up is due on %(date)s.",
                    agreement.follow_up_interval_months,
                )
                % {
                    "agreement": name,
                    "months": agreement.follow_up_interval_months,
                    "date": _iso(follow_up),
                },
            }
        )
    return found


def _adoption(decision: Decision, forum: Forum) -> dict:
    item = decision.item
    return {
        "title": _shorten(f"Huvudmännens beslut om rekommendationen: {item.title}"),
        "kind": AgendaItem.Kind.INFORMATION,
        "key": f"adoption:{decision.pk}",
        "reason": _(
            "%(forum)s recommended the principals on %(date)s (item %(number)s) to adopt "
            "the decision; %(decided)s of %(expected)s principals have decided."
        )
        % {
            "forum": forum.name,
            "date": _iso(item.meeting.date),
            "number": item.number,
            # Counts that incomplete_adoptions annotates on each recommendation.
            "decided": decision.decided,  # type: ignore[attr-defined]
            "expected": decision.expected,  # type: ignore[attr-defined]
        },
        "source_type": "decision",
        "source_id": decision.pk,
        "source_url": _meeting_url(item.meeting_id, item.number),
        "source_label": _item_label(forum.name, item.meeting.date, item.number),
        "case_id": item.case_id,
    }


# ---------------------------------------------------------------- generation


def generate_agenda(
    *,
    forum: Forum,
    meeting_date: datetime.date,
    horizon_months: int = 6,
    allow_first_meeting: bool = False,
) -> AgendaProposal:
    """Propose the agenda of the forum's meeting on the date, in the order of a real one.

    Writes nothing. A date on or before the forum's last held meeting is refused, and
    so is a forum with no meetings at all unless ``allow_first_meeting`` says that this
    is to be its first.
    """
    if not 1 <= horizon_months <= MAX_HORIZON_MONTHS:
        raise AgendaError(
            _("The horizon must be from 1 to %(max)s months.") % {"max": MAX_HORIZON_MONTHS}
        )
    around = queries.meetings_around(forum, meeting_date)
    held_after = [row for row in around if row["status"] not in queries.UPCOMING]
    if held_after:
        last = max(row["date"] for row in held_after)
        raise AgendaError(
            _(
                "%(forum)s last met on %(last)s. Choose a date after that meeting: an agenda "
                "is drafted for a meeting that has not been held."
            )
            % {"forum": forum.name, "last": _iso(last)}
        )
    existing_id = next((row["id"] for row in around if row["date"] == meeting_date), None)
    existing_keys = {
        row["items__proposal_key"]
        for row in around
        if row["id"] == existing_id and row["items__proposal_key"]
    }
    elsewhere: dict[str, datetime.date] = {}
    for row in around:
        if row["id"] != existing_id and row["items__proposal_key"]:
            elsewhere.setdefault(row["items__proposal_key"], row["date"])

    opening = opening_items(forum, meeting_date)
    previous = next((item.refers_to for item in opening if item.refers_to is not None), None)
    if previous is None and not allow_first_meeting:
        raise AgendaError(
            _(
                "%(forum)s has no meetings in the register, so there are no earlier minutes, "
                "tabled items or report-backs to draft from. Confirm that this is the "
                "forum's first meeting to get an agenda of the standard items, standing "
                "items and what other forums have sent to it."
            )
            % {"forum": forum.name},
            first_meeting_possible=True,
        )

    horizon_end = add_months(meeting_date, horizon_months)
    rows: list[dict] = [_standard(item, forum) for item in opening]
    rows += [_waiting(d, forum) for d in queries.waiting_decisions(forum, meeting_date)]
    rows += [
        _assignment(a, forum, meeting_date) for a in queries.assignments_due(forum, meeting_date)
    ]
    if previous is not None:
        rows += [
            _returning(item, previous, forum)
            for item in queries.returning_items(previous, existing_id)
        ]
    rows += [_standing(s, forum) for s in queries.standing_items(forum)]
    for agreement in queries.agreements_for(forum):
        rows += agreement_deadlines(agreement, forum, meeting_date, horizon_end)
    adoptions_since = add_months(meeting_date, -ADOPTION_LOOKBACK_MONTHS)
    older_adoptions = 0
    for recommendation in queries.incomplete_adoptions(forum, meeting_date):
        if recommendation.item.meeting.date >= adoptions_since:
            rows.append(_adoption(recommendation, forum))
        else:
            older_adoptions += 1
    rows += [_standard(item, forum) for item in closing_items()]

    notes = []
    standard_keys = {item.key for item in opening} | {item.key for item in closing_items()}
    kept = []
    for row in rows:
        placed = elsewhere.get(row["key"])
        # Standard and standing items belong on every agenda, whatever the others carry.
        repeats = row["key"] in standard_keys or row["source_type"] == "standing_item"
        if placed is not None and not repeats:
            notes.append(
                _("“%(title)s” is already on the agenda of the meeting on %(date)s.")
                % {"title": row["title"], "date": _iso(placed)}
            )
            continue
        kept.append(row)
    if older_adoptions:
        notes.append(
            ngettext(
                "%(count)s recommendation of %(forum)s made before %(date)s still waits for "
                "decisions by some principals.",
                "%(count)s recommendations of %(forum)s made before %(date)s still wait for "
                "decisions by some principals.",
                older_adoptions,
            )
            % {"count": older_adoptions, "forum": forum.name, "date": _iso(adoptions_since)}
        )
    if previous is None:
        notes.append(
            _("This is to be the first meeting of %(forum)s in the register.")
            % {"forum": forum.name}
        )
    items = [
        ProposedItem(number=str(n), on_meeting=row["key"] in existing_keys, **row)
        for n, row in enumerate(kept, start=1)
    ]
    return AgendaProposal(
        forum=forum,
        meeting_date=meeting_date,
        horizon_months=horizon_months,
        horizon_end=horizon_end,
        items=items,
        previous_meeting=previous,
        existing_meeting_id=existing_id,
        notes=notes,
    )


# ---------------------------------------------------------------- accepting


def _case_for_agreements(proposal: AgendaProposal) -> dict[int, int]:
    """The case of each agreement with exactly one, so that its deadline items join it."""
    ids = {item.agreement_id for item in proposal.items if item.agreement_id}
    if not ids:
        return {}
    cases: dict[int, list[int]] = {}
    for agreement_id, case_id in Agreement.cases.through.objects.filter(
        agreement_id__in=ids
    ).values_list("agreement_id", "case_id"):
        cases.setdefault(agreement_id, []).append(case_id)
    return {agreement: found[0] for agreement, found in cases.items() if len(found) == 1}


def _create_item(
    meeting: Meeting, proposed: ProposedItem, position: int, number: str, cases: dict[int, int]
) -> AgendaItem:
    # A deadline item joins its agreement's case.
    agreement_case = cases.get(proposed.agreement_id) if proposed.agreement_id else None
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        number=number,
        title=proposed.title,
        kind=proposed.kind,
        case_id=proposed.case_id or agreement_case,
        source_decision_id=proposed.source_decision_id,
        source_assignment_id=proposed.source_assignment_id,
        source_item_id=proposed.source_item_id,
        proposal_key=proposed.key,
        proposal_reason=proposed.reason,
    )
    presenters = list(proposed.presenters)
    if proposed.source_item_id:
        # A returning item comes back with the people who were to present it.
        presenters += AgendaItemPresenter.objects.filter(
            item_id=proposed.source_item_id
        ).values_list("person_id", "forum_id", "title")
    for order, (person_id, forum_id, title) in enumerate(presenters):
        AgendaItemPresenter.objects.create(
            item=item, position=order, person_id=person_id, forum_id=forum_id, title=title
        )
    return item


def _renumber(meeting: Meeting) -> None:
    """Number the items 1, 2, 3 … in their order, unless someone has used sub-items."""
    items = list(meeting.items.order_by("position", "id"))
    if not all(item.number.isdigit() for item in items):
        return
    changed = [(item, str(n)) for n, item in enumerate(items, start=1) if item.number != str(n)]
    # Two passes, so that no two items share a number at any moment.
    for offset, (item, _number) in enumerate(changed):
        item.number = str(900 + offset)
        item.save(update_fields=["number"])
    for item, number in changed:
        item.number = number
        item.save(update_fields=["number"])


@transaction.atomic
def accept_agenda(
    *,
    forum: Forum,
    meeting_date: datetime.date,
    user: User,
    horizon_months: int = 6,
    start_time: datetime.time | None = None,
    place: str = "",
    allow_first_meeting: bool = False,
) -> Meeting:
    """Create the planned meeting with the proposed items, or complete the one on that date.

    The proposal is drawn again inside the transaction rather than trusted from the page
    the user saw, and the forum row is locked so that two administrators accepting at
    the same moment cannot create two meetings.
    """
    Forum.objects.select_for_update().filter(pk=forum.pk).first()
    proposal = generate_agenda(
        forum=forum,
        meeting_date=meeting_date,
        horizon_months=horizon_months,
        allow_first_meeting=allow_first_meeting,
    )
    cases = _case_for_agreements(proposal)
    with changes_by(user):
        if proposal.existing_meeting_id is None:
            meeting = Meeting(
                forum=forum,
                date=meeting_date,
                start_time=start_time,
                place=place.strip(),
                status=Meeting.Status.PLANNED,
            )
            meeting.full_clean()
            meeting.save()
            for position, proposed in enumerate(proposal.items, start=1):
                _create_item(meeting, proposed, position, proposed.number, cases)
            return meeting

        meeting = Meeting.objects.select_for_update().get(pk=proposal.existing_meeting_id)
        missing = [item for item in proposal.items if not item.on_meeting]
        changed_fields = []
        if start_time and not meeting.start_time:
            meeting.start_time = start_time
            changed_fields.append("start_time")
        if place.strip() and not meeting.place:
            meeting.place = place.strip()
            changed_fields.append("place")
        if not missing and not changed_fields:
            return meeting
        if missing:
            _insert_missing(meeting, missing, cases)
        record_agenda_change(meeting, changed_fields)
        return meeting


def _insert_missing(meeting: Meeting, missing: list[ProposedItem], cases: dict[int, int]) -> None:
    """Put the missing proposals before the closing items, keeping the meeting's order."""
    closing_keys = {item.key for item in closing_items()}
    items = list(meeting.items.order_by("position", "id"))
    at = next((i for i, item in enumerate(items) if item.proposal_key in closing_keys), len(items))
    head, tail = items[:at], items[at:]
    leading = [item for item in missing if item.key not in closing_keys]
    trailing = [item for item in missing if item.key in closing_keys]
    numbers = {item.number for item in items}
    next_free = max([int(n) for n in numbers if n.isdigit()] or [0]) + 1
    order: list[AgendaItem | ProposedItem] = [*head, *leading, *tail, *trailing]
    for position, entry in enumerate(order, start=1):
        if isinstance(entry, AgendaItem):
            if entry.position != position:
                entry.position = position
                entry.save(update_fields=["position"])
            continue
        while str(next_free) in numbers:
            next_free += 1
        numbers.add(str(next_free))
        _create_item(meeting, entry, position, str(next_free), cases)
    _renumber(meeting)


# ---------------------------------------------------------------- the notice


@transaction.atomic
def send_notice(*, meeting: Meeting, user: User) -> Meeting:
    """Record that the notice has gone out: the meeting moves to "agenda sent"."""
    try:
        locked = record_notice_sent(meeting=meeting, user=user)
    except WorkflowError as error:
        raise AgendaError(str(error.message)) from error
    # The PDF and the calendar invitation are written by the worker, after the commit.
    from agendas.tasks import email_notice

    version = locked.version
    transaction.on_commit(lambda: email_notice.enqueue(locked.pk, version))
    return locked
