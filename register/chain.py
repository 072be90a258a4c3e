"""The chain of a case or an agreement, read as columns in a fixed number of queries.

The case and agreement pages show every item and decision of a matter in date order,
the answers and assignments between them, the principals' adoptions and every later
change. Built as model instances through select_related, each of those reads cost
Django several times what the database took to answer it, so the chain is read as
plain columns, put together here, and handed to the templates and pictures ready to
print: links worked out, dates written out, labels translated.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import BooleanField, F, FilteredRelation, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agreements.models import PrincipalDecision
from council.models import ForumNames, Principal
from meetings.attachments import number_key
from meetings.history import Change, HistoryQuery, changes, history_rows
from meetings.models import AgendaItem, Assignment, Attachment, Decision, visible_meetings_q


class Links:
    """``reverse()`` and date labels for many rows, each distinct one worked out once.

    A page of decisions names the same few meetings, forums and dates over and over.
    An address by a row's id is reversed once per page name and the id put into it, so
    that sixty agreements on the start page cost one ``reverse()``, not sixty.
    """

    MARKER = 987654321  # an id no register has, replaced by each row's

    def __init__(self) -> None:
        self._urls: dict[tuple[str, object], str] = {}
        self._by_id: dict[str, tuple[str, str]] = {}
        self._days: dict = {}
        self._months: dict[int, str] | None = None

    def url(self, name: str, key) -> str:
        found = self._urls.get((name, key))
        if found is None:
            if isinstance(key, int):
                parts = self._by_id.get(name)
                if parts is None:
                    before, _marker, after = reverse(name, args=[self.MARKER]).partition(
                        str(self.MARKER)
                    )
                    parts = self._by_id[name] = (before, after)
                found = f"{parts[0]}{key}{parts[1]}"
            else:
                found = reverse(name, args=[key])
            self._urls[name, key] = found
        return found

    def day(self, date) -> str:
        """``date`` as the date filter writes "j F Y" ("1 december 2020")."""
        found = self._days.get(date)
        if found is None:
            if self._months is None:
                # Each month's name translated once, not once per date.
                self._months = {number: str(name) for number, name in MONTHS.items()}
            found = self._days[date] = f"{date.day} {self._months[date.month]} {date.year}"
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


class Referral:
    """Where a referral, or a recommendation to a forum, stands (ChainDecision.state)."""

    ANSWERED = "answered"  # the forum it went to answered it (Decision.answers)
    TAKEN_UP = "taken_up"  # that forum decided on the matter later, without the link
    SENT_AGAIN = "sent_again"  # the matter was sent to that forum again later
    WAITING = "waiting"


@dataclass
class ChainDecision:
    pk: int
    text: str
    kind: str
    kind_label: str
    referred_to: str  # the forum's name on the decision's date
    answers_id: int | None
    referred_to_id: int | None = None
    referred_to_code: str = ""
    answers: Link | None = None
    answered_by: list[Link] = field(default_factory=list)
    answering_forums: set[int] = field(default_factory=set)  # of the answers in answered_by
    assignments: list[ChainAssignment] = field(default_factory=list)
    adoption: Link | None = None  # where the principals' decisions are recorded
    state: str = ""  # a Referral, for a clause that sends the matter to a forum
    state_item: "ChainItem | None" = None  # the item that took it up, or sent it again

    @property
    def for_adoption(self) -> bool:
        """A recommendation to the principals (not one addressed to a forum)."""
        return self.kind == Decision.Kind.RECOMMENDED and not self.referred_to_id

    @property
    def sends_to_forum(self) -> bool:
        """A referral, or a recommendation addressed to a forum: it waits for that forum."""
        return bool(self.referred_to_id) and self.kind in SENDS_TO_FORUM

    @property
    def waiting_for(self) -> str:
        """The forum a referral or recommendation to a forum still waits for."""
        return self.referred_to if self.state == Referral.WAITING else ""


SENDS_TO_FORUM = (Decision.Kind.REFERRED, Decision.Kind.RECOMMENDED)
# A clause that decides nothing on the matter: the forum will take it up again.
NOT_DECIDING = (Decision.Kind.TABLED, Decision.Kind.WITHDRAWN, Decision.Kind.PROCEDURAL)


@dataclass
class ChainItem:
    pk: int
    date: datetime.date
    day: str
    forum_id: int
    forum_code: str
    forum_name: str
    forum_url: str
    url: str
    number: str
    title: str
    outcome: str  # the outcome's label where the item was not simply handled
    decisions: list[ChainDecision] = field(default_factory=list)
    attachments: list[Link] = field(default_factory=list)


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
    url: str
    is_party: bool = False


@dataclass
class HistoryRow:
    """A later change as the page lists it."""

    when: str
    user: str
    what: str
    field: str
    old: str
    new: str


@dataclass
class Chain:
    items: list[ChainItem]
    adoptions: list[Adoption]
    principals: list[PrincipalRow]
    forums: dict[int, tuple[str, str]]  # every forum's code and today's name, by key
    history: list[HistoryRow]  # newest first

    @property
    def recommendations(self) -> list[tuple[ChainItem, ChainDecision]]:
        """The recommendations to the principals: the adoption matrix's columns."""
        return [(item, d) for item in self.items for d in item.decisions if d.for_adoption]


@dataclass(frozen=True)
class HistorySource:
    """A model whose later changes the chain lists, and how its rows read."""

    model: type
    fields: list[str]
    label: Callable[[dict], str]
    # Further values of each history row, by their path across foreign keys, for the
    # labels and the values shown.
    columns: dict[str, str] = field(default_factory=dict)
    # Fields shown by a value of the row instead of their own (a case by its title).
    shown: dict[str, Callable[[dict], object]] = field(default_factory=dict)


def _reported_at(row: dict) -> str | None:
    if not row["reported_number"]:
        return None
    return f"{row['reported_forum']} {row['reported_date']:%Y-%m-%d} p. {row['reported_number']}"


ITEMS = HistorySource(
    AgendaItem,
    ["number", "title", "kind", "outcome", "discussion", "case_id"],
    lambda r: f"{_('Item')} {r['number']}. {r['title']}",
    columns={"case_title": "case__title"},
    shown={"case_id": lambda r: r["case_title"]},
)
DECISIONS = HistorySource(
    Decision,
    ["text", "kind", "referred_to_id", "requires_identical", "answers_id"],
    lambda r: Truncator(r["text"]).chars(80),
)
ASSIGNMENTS = HistorySource(
    Assignment,
    [
        "description",
        "assignee_forum_id",
        "assignee_principal_id",
        "assignee_text",
        "due_date",
        "report_to_forum_id",
        "status",
        "reported_in_id",
    ],
    lambda r: f"{_('Assignment')}: {Truncator(r['description']).chars(60)}",
    columns={
        "principal_name": "assignee_principal__name",
        "reported_number": "reported_in__number",
        "reported_date": "reported_in__meeting__date",
        "reported_forum": "reported_in__meeting__forum__name",
    },
    shown={
        "assignee_principal_id": lambda r: r["principal_name"],
        "reported_in_id": _reported_at,
    },
)
ADOPTIONS = HistorySource(
    PrincipalDecision,
    ["status", "decided_on", "body", "reference", "adopted_text"],
    lambda r: f"{_('Adoption')}: {r['principal_name']}",
    columns={"principal_name": "principal__short_name"},
)
FORUM_FIELDS = {"referred_to_id", "assignee_forum_id", "report_to_forum_id"}


def read_chain(user, items, *, principals=None) -> Chain:
    """The chain of the agenda items ``items`` that ``user`` may see.

    ``principals`` is a queryset of principals to read instead of all of them
    (annotated ``is_party`` on the agreement page).
    """
    links = Links()
    # Each forum by the name it had on the date of the item or decision that names it.
    names = ForumNames()
    forums = {pk: (names.code(pk), names.name(pk)) for pk in names.names}
    outcomes = {value: str(label) for value, label in AgendaItem.Outcome.choices}
    kinds = {value: str(label) for value, label in Decision.Kind.choices}

    # The items with their clauses: a row per clause, and one for an item without any.
    rows = (
        items.filter(visible_meetings_q(user, "meeting__"))
        .order_by()
        .values(
            "id",
            "number",
            "title",
            "outcome",
            "position",
            "meeting_id",
            date=F("meeting__date"),
            start=F("meeting__start_time"),
            forum_id=F("meeting__forum_id"),
            decision_id=F("decisions__id"),
            decision_position=F("decisions__position"),
            text=F("decisions__text"),
            decision_kind=F("decisions__kind"),
            referred_to_id=F("decisions__referred_to_id"),
            answers_id=F("decisions__answers_id"),
        )
    )
    # Date order; a meeting without a time before those with one, as in_chain_order().
    rows = sorted(
        rows,
        key=lambda r: (
            r["date"],
            r["start"] is not None,
            r["start"] or datetime.time(),
            r["meeting_id"],
            r["position"],
            r["id"],
            r["decision_position"] or 0,
            r["decision_id"] or 0,
        ),
    )
    by_item: dict[int, ChainItem] = {}
    decisions: dict[int, ChainDecision] = {}
    for row in rows:
        item = by_item.get(row["id"])
        if item is None:
            code, name = names.code(row["forum_id"]), names.name(row["forum_id"], row["date"])
            meeting_url = links.url("meeting_detail", row["meeting_id"])
            outcome = row["outcome"]
            item = by_item[row["id"]] = ChainItem(
                pk=row["id"],
                date=row["date"],
                day=links.day(row["date"]),
                forum_id=row["forum_id"],
                forum_code=code,
                forum_name=name,
                forum_url=links.url("forum_detail", code),
                url=f"{meeting_url}#p{row['number']}",
                number=row["number"],
                title=row["title"],
                outcome="" if outcome == AgendaItem.Outcome.HANDLED else outcomes[outcome],
            )
        if row["decision_id"] is None:
            continue
        decision = decisions[row["decision_id"]] = ChainDecision(
            pk=row["decision_id"],
            text=row["text"],
            kind=row["decision_kind"],
            kind_label=kinds.get(row["decision_kind"], row["decision_kind"]),
            referred_to=names.name(row["referred_to_id"], row["date"])
            if row["referred_to_id"]
            else "",
            answers_id=row["answers_id"],
            referred_to_id=row["referred_to_id"],
            referred_to_code=names.code(row["referred_to_id"]) if row["referred_to_id"] else "",
        )
        if decision.for_adoption:
            decision.adoption = Link(
                links.url("adoption_list", decision.pk),
                f"{item.forum_code} {item.date:%Y-%m-%d} p. {item.number}",
            )
        item.decisions.append(decision)

    attach_attachments(by_item, links)
    assignment_ids = attach_assignments(decisions, names, links)
    recommendation_ids = [pk for pk, d in decisions.items() if d.for_adoption]
    principal_rows, adoptions = read_adoptions(principals, recommendation_ids, links)

    history = read_history(
        [
            (ITEMS, list(by_item)),
            (DECISIONS, list(decisions)),
            (ASSIGNMENTS, assignment_ids),
            (ADOPTIONS, [a.pk for a in adoptions]),
        ]
    )
    linked = read_linked_decisions(user, decisions, history, names, links)
    for decision in decisions.values():
        if decision.answers_id in linked:
            decision.answers = linked[decision.answers_id][1]
    answers = [row for row in linked.values() if row[0]["answers_id"] in decisions]
    # The latest answer first; on one day, by forum and place in the minutes.
    answers.sort(key=lambda row: row[0]["order"])
    answers.sort(key=lambda row: row[0]["when"], reverse=True)
    for row, link in answers:
        decisions[row["answers_id"]].answered_by.append(link)
        decisions[row["answers_id"]].answering_forums.add(row["forum_id"])
    settle_referrals(list(by_item.values()))

    return Chain(
        items=list(by_item.values()),
        adoptions=adoptions,
        principals=principal_rows,
        forums=forums,
        history=describe_history(history, forums, linked, links),
    )


def read_adoptions(
    principals, recommendation_ids: list[int], links: Links
) -> tuple[list[PrincipalRow], list[Adoption]]:
    """The principals, the rows of the adoption matrix, and their decisions on the
    recommendations, from one query: each principal joined to its adoptions.

    ``principals`` is None for every principal, or a queryset of them (annotated
    ``is_party`` on the agreement page); without recommendations a chain has no matrix,
    and with ``principals`` None no principals either.
    """
    if principals is None:
        if not recommendation_ids:
            return [], []
        principals = Principal.objects.all()
    columns = ["id", "short_name", "slug"]
    if "is_party" in principals.query.annotations:
        columns.append("is_party")
    if recommendation_ids:
        principals = principals.annotate(
            adoption=FilteredRelation(
                "principal_decisions",
                condition=Q(principal_decisions__recommendation_id__in=recommendation_ids),
            )
        )
        columns += ["adoption__id", "adoption__recommendation_id"]
        columns += ["adoption__status", "adoption__decided_on"]
    rows: dict[int, PrincipalRow] = {}
    adoptions = []
    for row in principals.values(*columns):
        if row["id"] not in rows:
            rows[row["id"]] = PrincipalRow(
                pk=row["id"],
                short_name=row["short_name"],
                url=links.url("principal_detail", row["slug"]),
                is_party=bool(row.get("is_party")),
            )
        if row.get("adoption__id") is not None:
            adoptions.append(
                Adoption(
                    row["adoption__id"],
                    row["adoption__recommendation_id"],
                    row["short_name"],
                    row["adoption__status"],
                    row["adoption__decided_on"],
                )
            )
    return list(rows.values()), adoptions


def settle_referrals(items: list[ChainItem]) -> None:
    """Where each referral, and each recommendation to a forum, stands, from what the
    chain itself shows, so that no referral says it waits for a forum the chain shows
    deciding on the matter:

    - answered: a decision of the forum it went to answers it (``Decision.answers``);
      an answer by another forum leaves it waiting, as ``unanswered_by_target`` has it;
    - taken up: that forum decided on the matter at a later meeting (or later in the
      same one), but the minutes did not link the answer (minutes imported without the
      link proposed, or typed without the item the agenda put it on);
    - sent again: a later clause sent the matter to that forum again, so the later one
      is what waits (the answer to the first came from minutes not in the register);
    - waiting: none of these.

    ``items`` are in chain order (date, then the minutes' order).
    """
    for index, item in enumerate(items):
        for decision in item.decisions:
            if not decision.sends_to_forum:
                continue
            target = decision.referred_to_id
            if target in decision.answering_forums:
                decision.state = Referral.ANSWERED
                continue
            later = items[index + 1 :]
            decision.state_item = next(
                (
                    other
                    for other in later
                    if other.forum_id == target
                    and any(d.kind not in NOT_DECIDING for d in other.decisions)
                ),
                None,
            )
            if decision.state_item is not None:
                decision.state = Referral.TAKEN_UP
                continue
            decision.state_item = next(
                (
                    other
                    for other in later
                    if any(d.sends_to_forum and d.referred_to_id == target for d in other.decisions)
                ),
                None,
            )
            decision.state = Referral.SENT_AGAIN if decision.state_item else Referral.WAITING


def read_history(sources: list[tuple[HistorySource, list[int]]]) -> list[tuple[type, Change]]:
    """Every later change to the given rows of each source, newest first, with its model.

    One query reads the history of every source; with no rows to look at, none.
    """
    queries = [HistoryQuery(s.model, ids, s.fields, s.columns) for s, ids in sources]
    found = [
        (source.model, change)
        for (source, _ids), rows in zip(sources, history_rows(queries), strict=True)
        for change in changes(rows, source.label, source.fields, source.shown)
    ]
    found.sort(key=lambda pair: pair[1].when, reverse=True)
    return found


def read_linked_decisions(user, decisions, history, names: ForumNames, links) -> dict[int, tuple]:
    """The decisions outside the chain that it names, by key, with a link to each.

    They are the earlier decisions the chain answers, the later ones that answer it and
    those the history says a clause once answered, all from one query, and only those
    ``user`` may see.
    """
    wanted = {d.answers_id for d in decisions.values() if d.answers_id}
    wanted |= {
        value
        for _model, change in history
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
        name = names.name(row["forum_id"], row["date"])
        row["when"] = (row["date"], row["start"] is not None, row["start"] or datetime.time())
        row["order"] = (name, row["item_position"], row["position"])
        url = f"{links.url('meeting_detail', row['meeting_id'])}#p{row['number']}"
        linked[row["id"]] = (row, Link(url, f"{name} {links.day(row['date'])}, p. {row['number']}"))
    return linked


def attach_attachments(items: dict[int, ChainItem], links: Links) -> None:
    """Each item's attachments as links, in number order (one query)."""
    rows = (
        Attachment.objects.filter(item_id__in=list(items))
        .order_by()
        .values_list("id", "item_id", "number", "title")
    )
    label = _("Attachment %(number)s: %(title)s")
    for pk, item_id, number, title in sorted(rows, key=lambda r: number_key(r[2])):
        items[item_id].attachments.append(
            Link(links.url("attachment_download", pk), label % {"number": number, "title": title})
        )


def attach_assignments(decisions, names: ForumNames, links) -> list[int]:
    """Give each decision the assignments it gave, from one query; their keys."""
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
    keys = []
    # As the model orders them: by due date, those without one last.
    for row in sorted(rows, key=lambda r: (r[6] is None, r[6] or datetime.date.min, r[0])):
        pk, decision_id, forum_id, principal, text, description, due, report_to, status = row[:9]
        reported_on, reported_forum = row[9:]
        keys.append(pk)
        # By the forum's current name where there is one, as Assignment.assignee.
        assignee = names.name(forum_id) if forum_id else principal or text
        decisions[decision_id].assignments.append(
            ChainAssignment(
                assignee=assignee,
                description=description,
                due=links.day(due) if due else "",
                report_to=names.name(report_to) if report_to else "",
                status=statuses.get(status, status),
                reported=f"{names.name(reported_forum, reported_on)} {links.day(reported_on)}"
                if reported_on
                else "",
            )
        )
    return keys


def describe_history(history, forums, linked, links) -> list[HistoryRow]:
    """Each change with its field's label and readable old and new values.

    Forums and the decisions answered are named from what the chain has read, choices
    by their labels, dates and yes or no in Swedish.
    """
    labels: dict[tuple[type, str], str] = {}
    choices: dict[tuple[type, str], dict] = {}
    booleans: set[tuple[type, str]] = set()
    for model in {model for model, _change in history}:
        for model_field in model._meta.concrete_fields:
            key = (model, model_field.attname)
            labels[key] = str(model_field.verbose_name)
            if model_field.choices:
                choices[key] = {value: str(label) for value, label in model_field.flatchoices}
            if isinstance(model_field, BooleanField):
                booleans.add(key)
    yes_no = {True: _("yes"), False: _("no")}

    def readable(model, name: str, value):
        key = (model, name)
        if value is None or value == "":
            return None
        if name in FORUM_FIELDS:
            return forums[value][1] if value in forums else value
        if name == "answers_id":
            if value not in linked:
                return value
            row = linked[value][0]
            return f"{forums[row['forum_id']][1]} {row['date']:%Y-%m-%d} p. {row['number']}"
        if key in choices:
            return choices[key].get(value, value)
        if key in booleans:
            return yes_no[bool(value)]
        if isinstance(value, datetime.date):
            return links.day(value)
        return value

    def shown(model, name: str, value) -> str:
        value = readable(model, name, value)
        return "–" if value is None else Truncator(str(value)).words(30, truncate=" …")

    return [
        HistoryRow(
            when=timezone.localtime(change.when).strftime("%Y-%m-%d %H:%M"),
            user=change.user,
            what=change.object_label,
            field=labels[model, change.field],
            old=shown(model, change.field, change.old),
            new=shown(model, change.field, change.new),
        )
        for model, change in history
    ]
