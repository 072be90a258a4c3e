"""The links of minutes being reviewed to the register: proposed, then made on saving.

``imports.chains`` finds the links from the words of the minutes; this module gives it the
reviewed minutes and the register's meetings near them, names each proposal with a key
that stays the same from the review page to its submit, and makes the links a person
confirmed once the meeting is saved.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext as _

from agreements.models import Agreement
from council.history import changes_by
from council.models import Forum
from meetings.models import AgendaItem, Case, Decision, Meeting, visible_meetings_q

from . import chains
from .forums import forum_resolver
from .parser import find_forums, mapping_resolver

# Meetings this far before or after the minutes are compared with them.
WINDOW = datetime.timedelta(days=550)
NEW = "new"


@dataclass
class LinkProposal:
    key: str
    kind: str  # "answer", "case" or "agreement"
    item: int  # the index of the reviewed item it concerns
    text: str  # what confirming it does
    reason: str
    # The register's meeting on the other side, to open beside the review.
    meeting: int | None = None


def _new_key(index: int, position: int | None = None) -> str:
    return f"n{index}" if position is None else f"n{index}.{position}"


def _forum_names() -> dict[int, str]:
    return dict(Forum.objects.values_list("pk", "name"))


def reviewed_items(
    state: dict, key_prefix: str = "", forum_names: dict[int, str] | None = None
) -> list[chains.Item]:
    """The items of a review's state as the matching engine reads them."""
    meeting = state["meeting"]
    forum_names = _forum_names() if forum_names is None else forum_names
    forum = forum_names.get(meeting.get("forum"))
    if not forum or not meeting.get("date"):
        return []
    date = datetime.date.fromisoformat(meeting["date"])
    by_item: dict[int, list[chains.Clause]] = {}
    positions: dict[int, int] = {}
    for decision in state["decisions"]:
        index = decision["item"]
        positions[index] = positions.get(index, 0) + 1
        target = decision.get("referred_to")
        by_item.setdefault(index, []).append(
            chains.Clause(
                key=f"{key_prefix}{_new_key(index, positions[index])}",
                position=positions[index],
                kind=decision["kind"],
                text=decision["text"],
                referred_to=forum_names.get(target) if target else None,
            )
        )
    items = []
    for index, item in enumerate(state["items"]):
        references = [
            (name, datetime.date.fromisoformat(day))
            for name, day in state.get("references", {}).get(str(index), [])
        ]
        items.append(
            chains.Item(
                key=f"{key_prefix}{_new_key(index)}",
                meeting=f"{key_prefix}{NEW}",
                forum=forum,
                date=date,
                number=item["number"],
                title=item["title"],
                clauses=by_item.get(index, []),
                references=references,
            )
        )
    return items


def register_items(
    *,
    forum: str,
    date: datetime.date,
    user,
    referenced: list[tuple[str, datetime.date]],
    resolve=None,
) -> list[chains.Item]:
    """The register's items the reviewed minutes are compared with: those of the meetings
    near them in time and of the meetings they name, as the reviewer may see them (every
    meeting for a command on the server: ``user`` None)."""

    def near(prefix: str) -> Q:
        """Within the window of the minutes, or named by them; not the minutes' own
        meeting; seen by the reviewer."""
        found = Q(**{f"{prefix}date__range": (date - WINDOW, date + WINDOW)})
        for name, day in referenced:
            found |= Q(**{f"{prefix}forum__name": name, f"{prefix}date": day})
        own = Q(**{f"{prefix}forum__name": forum, f"{prefix}date": date})
        seen = Q() if user is None else visible_meetings_q(user, prefix)
        return found & ~own & seen

    resolve = resolve or forum_resolver()
    clauses: dict[int, list[chains.Clause]] = {}
    for pk, item_id, position, kind, text, target in Decision.objects.filter(
        near("item__meeting__")
    ).values_list("pk", "item_id", "position", "kind", "text", "referred_to__name"):
        clauses.setdefault(item_id, []).append(
            chains.Clause(key=f"d{pk}", position=position, kind=kind, text=text, referred_to=target)
        )
    items = []
    for pk, meeting_id, name, day, number, title, case_id, discussion in AgendaItem.objects.filter(
        near("meeting__")
    ).values_list(
        "pk",
        "meeting_id",
        "meeting__forum__name",
        "meeting__date",
        "number",
        "title",
        "case_id",
        "discussion",
    ):
        items.append(
            chains.Item(
                key=f"i{pk}",
                meeting=meeting_id,
                forum=name,
                date=day,
                number=number,
                title=title,
                clauses=sorted(clauses.get(pk, []), key=lambda c: c.position),
                case=case_id,
                references=_references(discussion, day, resolve),
            )
        )
    return items


def _references(text: str, day: datetime.date, resolve) -> list[tuple[str, datetime.date]]:
    from .parser import MinutesParser

    if not text:
        return []
    parser = MinutesParser("", resolve_forum=resolve)
    parser.result.date = day
    return parser._references(text)


@dataclass
class Matching:
    """What the matching engine needs of the register's forums."""

    names: dict[int, str]
    resolve: object
    forum_terms: set[str]
    groups: object  # text -> the names of the groups it names


@dataclass
class ForumNames:
    """A forum as the review reads it: its names, former ones too, and its kind."""

    pk: int
    name: str
    code: str
    kind: str
    active: bool
    former: list[str]


def read_forums() -> list[ForumNames]:
    """Every forum with its former names, highest in the chain first, from one query."""
    forums: dict[int, ForumNames] = {}
    for pk, name, code, kind, active, former in Forum.objects.order_by(
        "-chain_level", "name", "former_names__name"
    ).values_list("pk", "name", "code", "kind", "active", "former_names__name"):
        forum = forums.get(pk)
        if forum is None:
            forum = forums[pk] = ForumNames(pk, name, code, kind, active, [])
        if former is not None:
            forum.former.append(former)
    return list(forums.values())


def matching(forums: list[ForumNames] | None = None) -> Matching:
    """The forums as the engine reads them, from one pass over them and their names
    (``forums`` as read_forums gives them, or read here)."""
    forums = read_forums() if forums is None else forums
    every_name: dict[str, str] = {}
    for forum in forums:
        for name in [forum.name, forum.code, *forum.former]:
            every_name[name] = forum.name
    resolve = mapping_resolver(every_name)
    # Steering groups, programme areas and working groups: a matter's own bodies.
    groups = {f.name for f in forums if f.kind not in {Forum.Kind.COUNCIL, Forum.Kind.NETWORK}}

    def group_names(text: str) -> list[str]:
        return sorted({name for _i, name in find_forums(text, resolve) if name in groups})

    return Matching(
        names={f.pk: f.name for f in forums},
        resolve=resolve,
        # A forum's names, former ones too ("Länsnätverket för förvaltningschefer"), are
        # no words of a matter; codes are left to the acronyms.
        forum_terms=chains.forum_words(
            {*(f.name for f in forums), *(name for f in forums for name in f.former)}
        ),
        groups=group_names,
    )


def state_terms(state: dict, context: Matching | None = None) -> list[list[str]]:
    """The terms of each item of minutes read, as they weigh the words of the links
    proposed for the other minutes of their batch."""
    context = context or matching()
    return [
        sorted(chains.bag_of(item, context.forum_terms, context.groups))
        for item in reviewed_items(state, forum_names=context.names)
    ]


def proposals_for(
    state: dict,
    user: User | None,
    *,
    pool: list[chains.Item | chains.Weighed] = (),
    forums: list[ForumNames] | None = None,
) -> list[LinkProposal]:
    """The links the reviewed minutes propose, each with what it does and why, to the
    meetings the user may see (all of them with ``user`` None); ``forums`` as
    read_forums gives them, or read here."""
    context = matching(forums)
    new = reviewed_items(state, forum_names=context.names)
    if not new:
        return []
    resolve = context.resolve
    referenced = [ref for item in new for ref in item.references]
    register = register_items(
        forum=new[0].forum, date=new[0].date, user=user, referenced=referenced, resolve=resolve
    )
    found = chains.propose(
        new,
        register,
        resolve=resolve,
        forum_terms=context.forum_terms,
        groups=context.groups,
        pool=pool,
    )
    out: list[LinkProposal] = []
    for proposal in found:
        if proposal.kind == "answer":
            answering, answered = proposal.answering, proposal.answered
            if str(answering.key).startswith("n") == str(answered.key).startswith("n"):
                continue
            new_first = str(proposal.item.key).startswith("n")
            mine, theirs = (
                (proposal.item, proposal.other) if new_first else (proposal.other, proposal.item)
            )
            text = _("Clause %(clause)s of %(item)s answers %(other)s: %(text)s") % {
                "clause": answering.position,
                "item": proposal.item.label,
                "other": proposal.other.label,
                "text": _short(answered.text),
            }
            out.append(
                LinkProposal(
                    f"a:{answering.key}:{answered.key}",
                    "answer",
                    int(str(mine.key)[1:]),
                    text,
                    proposal.reason,
                    _meeting_id(theirs),
                )
            )
        else:
            mine, other = proposal.item, proposal.other
            if not str(mine.key).startswith("n"):
                mine, other = other, mine
            if str(other.key).startswith("n"):
                continue
            out.append(
                LinkProposal(
                    f"c:{mine.key}:{other.key}",
                    "case",
                    int(str(mine.key)[1:]),
                    _("Item %(number)s is one case with %(other)s: %(title)s")
                    % {"number": mine.number, "other": other.label, "title": _short(other.title)},
                    # Told from the reviewed item's side, whichever side the engine saw.
                    chains.case_reason(mine, other, proposal.shared),
                    _meeting_id(other),
                )
            )
    out = _fewest_cases(out, found)
    out.extend(_agreement_proposals(new))
    return out


# An item on a matter the register has met many times is offered a few items to join,
# not every one: joining one item of a case joins the case.
CASES_PER_ITEM = 3


def _fewest_cases(out: list[LinkProposal], found: list[chains.Proposal]) -> list[LinkProposal]:
    """The case proposals of each reviewed item: one per case already in the register,
    the closest first, at most ``CASES_PER_ITEM``."""
    register_case = {}
    for proposal in found:
        for item in (proposal.item, proposal.other):
            if item is not None and item.case is not None:
                register_case[str(item.key)] = item.case
    kept: list[LinkProposal] = []
    seen: dict[int, set] = {}
    counted: dict[int, int] = {}
    # ``out`` is in the engine's order: answers first, then cases by falling score.
    for proposal in out:
        if proposal.kind != "case":
            kept.append(proposal)
            continue
        other = proposal.key.split(":")[2]
        case = register_case.get(other, other)
        if case in seen.setdefault(proposal.item, set()):
            continue
        if counted.get(proposal.item, 0) >= CASES_PER_ITEM:
            continue
        seen[proposal.item].add(case)
        counted[proposal.item] = counted.get(proposal.item, 0) + 1
        kept.append(proposal)
    return kept


def _meeting_id(item: chains.Item) -> int | None:
    return item.meeting if isinstance(item.meeting, int) else None


def _short(text: str, length: int = 240) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@functools.lru_cache(maxsize=4096)
def _naming(short_name: str) -> re.Pattern:
    """The short name of an agreement as a word of its own, in any case.

    Compiled once per process: a register of hundreds of agreements holds more patterns
    than the re module keeps, so that each review compiled every one again for each item.
    """
    return re.compile(rf"(?<![\wåäö-]){re.escape(short_name)}(?![\wåäö-]*[\wåäö])", re.I)


def _agreement_proposals(new: list[chains.Item]) -> list[LinkProposal]:
    """An item naming an agreement by its short name ("SUS", "TN-platser") concerns it."""
    agreements = [
        (pk, short_name, _naming(short_name), title.casefold())
        for pk, short_name, title in Agreement.objects.values_list("pk", "short_name", "title")
        if len(short_name) >= 3
    ]
    out = []
    for item in new:
        if not chains.is_matter(item):
            continue
        text = " ".join([item.title, *(c.text for c in item.clauses)])
        folded = text.casefold()
        for pk, short_name, naming, title in agreements:
            if naming.search(text) or title in folded:
                out.append(
                    LinkProposal(
                        f"g:{item.key}:{pk}",
                        "agreement",
                        int(str(item.key)[1:]),
                        _("Item %(number)s concerns the agreement %(agreement)s")
                        % {"number": item.number, "agreement": short_name},
                        _("The item names %(agreement)s.") % {"agreement": short_name},
                    )
                )
    return out


def apply(*, meeting: Meeting, keys: set[str], proposals: list[LinkProposal], user) -> int:
    """Make the confirmed links of a saved meeting; how many were made.

    Only keys the review page proposed count, and a link already made by someone else is
    never overwritten.
    """
    wanted = [p for p in proposals if p.key in keys]
    if not wanted:
        return 0
    items = list(meeting.items.order_by("position"))
    decisions = {
        (index, d.position): d for index, item in enumerate(items) for d in item.decisions.all()
    }

    def decision_of(key: str) -> Decision | None:
        if key.startswith("d"):
            # Locked, so that a link someone else makes meanwhile is seen, not overwritten.
            return (
                Decision.objects.select_for_update(of=("self",))
                .filter(pk=int(key[1:]))
                .select_related("item__meeting")
                .first()
            )
        index, position = key[1:].split(".")
        return decisions.get((int(index), int(position)))

    def item_of(key: str) -> AgendaItem | None:
        if key.startswith("i"):
            return AgendaItem.objects.select_for_update().filter(pk=int(key[1:])).first()
        index = int(key[1:])
        return items[index] if index < len(items) else None

    made = 0
    with changes_by(user):
        for proposal in wanted:
            parts = proposal.key.split(":")
            if proposal.kind == "answer":
                answering, answered = decision_of(parts[1]), decision_of(parts[2])
                if (
                    answering is not None
                    and answered is not None
                    and answering.answers_id is None
                    and answered.item.meeting.date < answering.item.meeting.date
                ):
                    answering.answers = answered
                    answering.save(update_fields=["answers"])
                    made += 1
            elif proposal.kind == "case":
                mine, other = item_of(parts[1]), item_of(parts[2])
                if mine is not None and other is not None:
                    made += _same_case(mine, other)
            else:
                item = item_of(parts[1])
                agreement = Agreement.objects.filter(pk=int(parts[2])).first()
                if item is not None and agreement is not None:
                    case = item.case or _new_case(item)
                    if not agreement.cases.filter(pk=case.pk).exists():
                        agreement.cases.add(case)
                        made += 1
    return made


def _new_case(item: AgendaItem) -> Case:
    case = Case.objects.create(title=item.title[:300])
    item.case = case
    item.save(update_fields=["case"])
    return case


def _same_case(mine: AgendaItem, other: AgendaItem) -> int:
    if mine.case_id and mine.case_id == other.case_id:
        return 0
    case = other.case or mine.case or _new_case(other)
    changed = 0
    for item in (mine, other):
        if item.case_id is None:
            item.case = case
            item.save(update_fields=["case"])
            changed = 1
    return changed
