"""The chain of a case or an agreement, read as columns in a fixed number of queries.

The case and agreement pages show every item and decision of a matter in date order,
the answers and assignments between them, the principals' adoptions and every later
change. Built as model instances through select_related, each of those reads cost
Django several times what the database took to answer it, so the chain is read as
plain columns, put together here, and handed to the templates and pictures ready to
print: links worked out, dates written out, labels translated.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.models import PrincipalDecision
from council.models import Forum, Principal
from meetings.history import Change, changes
from meetings.models import AgendaItem, Assignment, Case, Decision, visible_meetings_q


class Links:
    """``reverse()`` and date labels for many rows, each distinct one worked out once.

    A page of decisions names the same few meetings, forums and dates over and over.
    """

    def __init__(self) -> None:
        self._urls: dict[tuple[str, object], str] = {}
        self._days: dict = {}

    def url(self, name: str, key) -> str:
        found = self._urls.get((name, key))
        if found is None:
            found = self._urls[name, key] = reverse(name, args=[key])
        return found

    def day(self, date) -> str:
        found = self._days.get(date)
        if found is None:
            found = self._days[date] = date_format(date, "j F Y")
        return found


@dataclass
class Link:
    url: str
    label: str


@dataclass
class ChainAssignment:
    assignee: str
    description: str
    due: str
    report_to: str
    status: str
    reported: str  # where it was reported: forum and date


@dataclass
class ChainDecision:
    pk: int
    text: str
    kind: str
    kind_label: str
    referred_to: str
    answers_id: int | None
    answers: Link | None = None
    answered_by: list[Link] = field(default_factory=list)
    assignments: list[ChainAssignment] = field(default_factory=list)
    adoption: Link | None = None  # where the principals' decisions are recorded

    @property
    def waiting_for(self) -> str:
        """The forum a referral or recommendation still waits for, if no answer is seen."""
        waits = self.kind in (Decision.Kind.REFERRED, Decision.Kind.RECOMMENDED)
        return self.referred_to if waits and not self.answered_by else ""


@dataclass
class ChainItem:
    pk: int
    meeting_id: int
    date: datetime.date
    day: str
    forum_code: str
    forum_name: str
    forum_url: str
    url: str
    number: str
    title: str
    outcome: str  # the outcome's label where the item was not simply handled
    decisions: list[ChainDecision] = field(default_factory=list)


@dataclass
class Adoption:
    pk: int
    recommendation_id: int
    principal: str  # short name
    status: str
    decided_on: datetime.date | None


@dataclass
class PrincipalRow:
    pk: int
    short_name: str
    name: str
    url: str
    is_party: bool = False


@dataclass
class Chain:
    items: list[ChainItem]
    adoptions: list[Adoption]
    principals: list[PrincipalRow]
    forums: dict[int, tuple[str, str]]  # every forum's code and name, by key
    # (change, field label, old value, new value) for the template, newest first.
    history: list[tuple[Change, str, object, object]]

    @property
    def recommendations(self) -> list[tuple[ChainItem, ChainDecision]]:
        return [
            (item, d)
            for item in self.items
            for d in item.decisions
            if d.kind == Decision.Kind.RECOMMENDED
        ]


ITEM_FIELDS = ["number", "title", "kind", "outcome", "discussion", "case_id"]
DECISION_FIELDS = ["text", "kind", "referred_to_id", "requires_identical", "answers_id"]


def read_chain(
    user,
    items,
    *,
    cases: dict[int, str] | None = None,
    principals=None,
) -> Chain:
    """The chain of the agenda items ``items`` that ``user`` may see.

    ``cases`` gives the titles of cases the caller has read already, so that the
    history names them without asking again; ``principals`` a queryset of principals
    to read instead of all of them (annotated ``is_party`` on the agreement page).
    """
    links = Links()
    forums = {
        pk: (code, name)
        for pk, code, name in Forum.objects.order_by().values_list("id", "code", "name")
    }
    outcomes = {value: str(label) for value, label in AgendaItem.Outcome.choices}
    kinds = {value: str(label) for value, label in Decision.Kind.choices}

    rows = (
        items.filter(visible_meetings_q(user, "meeting__"))
        .order_by()
        .values_list(
            "id",
            "number",
            "title",
            "outcome",
            "position",
            "meeting_id",
            "meeting__date",
            "meeting__start_time",
            "meeting__forum_id",
        )
    )
    chain_items: list[ChainItem] = []
    # Date order; a meeting without a time before those with one, as in_chain_order().
    for pk, number, title, outcome, _position, meeting_id, date, _start, forum_id in sorted(
        rows, key=lambda r: (r[6], r[7] is not None, r[7] or datetime.time(), r[5], r[4], r[0])
    ):
        code, name = forums[forum_id]
        meeting_url = links.url("meeting_detail", meeting_id)
        chain_items.append(
            ChainItem(
                pk=pk,
                meeting_id=meeting_id,
                date=date,
                day=links.day(date),
                forum_code=code,
                forum_name=name,
                forum_url=links.url("forum_detail", code),
                url=f"{meeting_url}#p{number}",
                number=number,
                title=title,
                outcome="" if outcome == AgendaItem.Outcome.HANDLED else outcomes[outcome],
            )
        )
    by_item = {item.pk: item for item in chain_items}

    decisions: dict[int, ChainDecision] = {}
    decision_rows = (
        Decision.objects.filter(item_id__in=by_item)
        .order_by()
        .values_list("id", "item_id", "position", "text", "kind", "referred_to_id", "answers_id")
    )
    for pk, item_id, _position, text, kind, referred_to_id, answers_id in sorted(
        decision_rows, key=lambda r: (r[2], r[0])
    ):
        decision = ChainDecision(
            pk=pk,
            text=text,
            kind=kind,
            kind_label=kinds.get(kind, kind),
            referred_to=forums[referred_to_id][1] if referred_to_id else "",
            answers_id=answers_id,
        )
        if kind == Decision.Kind.RECOMMENDED:
            item = by_item[item_id]
            decision.adoption = Link(
                links.url("adoption_list", pk),
                f"{item.forum_code} {item.date:%Y-%m-%d} p. {item.number}",
            )
        by_item[item_id].decisions.append(decision)
        decisions[pk] = decision

    raw_history = read_history(list(by_item), list(decisions))
    linked = read_linked_decisions(user, decisions, raw_history, forums, links)
    for decision in decisions.values():
        if decision.answers_id in linked:
            decision.answers = linked[decision.answers_id][1]
    answers = [row for row in linked.values() if row[0]["answers_id"] in decisions]
    # The latest answer first; on one day, by forum and place in the minutes.
    answers.sort(key=lambda row: row[0]["order"])
    answers.sort(key=lambda row: row[0]["when"], reverse=True)
    for row, link in answers:
        decisions[row["answers_id"]].answered_by.append(link)

    attach_assignments(decisions, forums, links)
    recommendation_ids = [pk for pk, d in decisions.items() if d.kind == Decision.Kind.RECOMMENDED]
    # The principals are the matrix's rows; a chain without recommendations has none.
    if principals is None:
        principals = Principal.objects.all() if recommendation_ids else Principal.objects.none()
    principal_rows = list(principals)
    short_names = {p.pk: p.short_name for p in principal_rows}
    adoptions = [
        Adoption(pk, recommendation_id, short_names[principal_id], status, decided_on)
        for pk, recommendation_id, principal_id, status, decided_on in (
            PrincipalDecision.objects.filter(recommendation_id__in=recommendation_ids)
            .order_by()
            .values_list("id", "recommendation_id", "principal_id", "status", "decided_on")
        )
    ]
    return Chain(
        items=chain_items,
        adoptions=adoptions,
        principals=[
            PrincipalRow(
                pk=p.pk,
                short_name=p.short_name,
                name=p.name,
                url=links.url("principal_detail", p.slug),
                is_party=getattr(p, "is_party", False),
            )
            for p in principal_rows
        ],
        forums=forums,
        history=describe_history(raw_history, forums, linked, cases or {}),
    )


def read_history(item_ids: list[int], decision_ids: list[int]) -> list[Change]:
    """Every later change to the items and decisions, newest first."""
    user = F(f"history_user__{get_user_model().USERNAME_FIELD}")
    item_rows = (
        AgendaItem.history.filter(id__in=item_ids)
        .order_by("id", "history_date", "history_id")
        .values("id", "history_date", *ITEM_FIELDS, user=user)
    )
    decision_rows = (
        Decision.history.filter(id__in=decision_ids)
        .order_by("id", "history_date", "history_id")
        .values("id", "history_date", *DECISION_FIELDS, user=user)
    )
    found = changes(item_rows, lambda r: f"{_('Item')} {r['number']}. {r['title']}", ITEM_FIELDS)
    found += changes(decision_rows, lambda r: r["text"][:80], DECISION_FIELDS)
    found.sort(key=lambda c: c.when, reverse=True)
    return found


def read_linked_decisions(user, decisions, history, forums, links) -> dict[int, tuple]:
    """The decisions outside the chain that it names, by key, with a link to each.

    They are the earlier decisions the chain answers, the later ones that answer it and
    those the history says a clause once answered, all from one query, and only those
    ``user`` may see.
    """
    wanted = {d.answers_id for d in decisions.values() if d.answers_id}
    wanted |= {
        value
        for change in history
        if change.field == "answers_id"
        for value in (change.old, change.new)
        if value
    }
    if not decisions and not wanted:
        return {}
    rows = (
        Decision.objects.filter(Q(pk__in=wanted) | Q(answers_id__in=list(decisions)))
        .filter(visible_meetings_q(user, "item__meeting__"))
        .order_by()
        .values(
            "id",
            "answers_id",
            "position",
            number=F("item__number"),
            meeting_id=F("item__meeting_id"),
            date=F("item__meeting__date"),
            start=F("item__meeting__start_time"),
            forum_id=F("item__meeting__forum_id"),
            item_position=F("item__position"),
        )
    )
    linked = {}
    for row in rows:
        name = forums[row["forum_id"]][1]
        row["when"] = (row["date"], row["start"] is not None, row["start"] or datetime.time())
        row["order"] = (name, row["item_position"], row["position"])
        url = f"{links.url('meeting_detail', row['meeting_id'])}#p{row['number']}"
        linked[row["id"]] = (row, Link(url, f"{name} {links.day(row['date'])}, p. {row['number']}"))
    return linked


def attach_assignments(decisions, forums, links) -> None:
    """Give each decision the assignments it gave, from one query."""
    statuses = {value: str(label) for value, label in Assignment.Status.choices}
    rows = (
        Assignment.objects.filter(decision_id__in=list(decisions))
        .order_by()
        .values_list(
            "id",
            "decision_id",
            "assignee_forum_id",
            "assignee_principal__name",
            "assignee_text",
            "description",
            "due_date",
            "report_to_forum_id",
            "status",
            "reported_in__meeting__date",
            "reported_in__meeting__forum_id",
        )
    )
    # As the model orders them: by due date, those without one last.
    for row in sorted(rows, key=lambda r: (r[6] is None, r[6] or datetime.date.min, r[0])):
        _pk, decision_id, forum_id, principal, text, description, due, report_to, status = row[:9]
        reported_on, reported_forum = row[9:]
        # By the forum's current name where there is one, as Assignment.assignee.
        assignee = forums[forum_id][1] if forum_id else principal or text
        decisions[decision_id].assignments.append(
            ChainAssignment(
                assignee=assignee,
                description=description,
                due=links.day(due) if due else "",
                report_to=forums[report_to][1] if report_to else "",
                status=statuses.get(status, status),
                reported=f"{forums[reported_forum][1]} {links.day(reported_on)}"
                if reported_on
                else "",
            )
        )


def describe_history(history, forums, linked, cases: dict[int, str]) -> list[tuple]:
    """Each change with its field's label and readable old and new values.

    Forums and the decisions answered are named from what the chain has read; cases
    the caller did not name are read in one query, only when a change mentions them.
    """
    labels = {
        **{
            f: str(AgendaItem._meta.get_field(f.removesuffix("_id")).verbose_name)
            for f in ITEM_FIELDS
        },
        **{
            f: str(Decision._meta.get_field(f.removesuffix("_id")).verbose_name)
            for f in DECISION_FIELDS
        },
    }
    case_ids = {
        value
        for change in history
        if change.field == "case_id"
        for value in (change.old, change.new)
        if value and value not in cases
    }
    if case_ids:
        cases = {**cases, **dict(Case.objects.filter(pk__in=case_ids).values_list("id", "title"))}
    names = {
        "referred_to_id": lambda pk: forums[pk][1] if pk in forums else pk,
        "case_id": lambda pk: cases.get(pk, pk),
        "answers_id": lambda pk: (
            f"{forums[linked[pk][0]['forum_id']][1]} {linked[pk][0]['date']:%Y-%m-%d} "
            f"p. {linked[pk][0]['number']}"
            if pk in linked
            else pk
        ),
    }

    def readable(change: Change, value):
        describe = names.get(change.field)
        return describe(value) if describe and value is not None else value

    return [
        (change, labels[change.field], readable(change, change.old), readable(change, change.new))
        for change in history
    ]
