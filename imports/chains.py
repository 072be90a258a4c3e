"""Links between meetings read from the minutes' own words, proposed for a person to confirm.

A matter travels: a network refers it to Välfärdsrådet, Välfärdsrådet recommends a forum
to act, a later meeting reports back on an assignment. The minutes say so in words: a
referral names the forum it goes to, a discussion names the meeting it recalls
("Välfärdsrådets möte den 11 mars", "Länschefsnätverket 220923, p.6"), and the items of
one matter share the words that name it. From that evidence this module proposes:

- that a decision answers an earlier one (``Decision.answers``), with the reason;
- that items of different meetings are one case.

The rules are generic: a forum by any of its names, dates in their forms, words compared
by their Swedish stems, weighted by how rare they are among the items compared, so that
"god och nära vård", which names a whole field, counts for less than "tillnyktringsplatser".
Items are compared by title and clauses, not discussion, which strays.

The module works on plain records (``Item``) so that it serves minutes not yet saved (keyed
by their place in the review) and the register alike.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from meetings.clauses import REFERRAL_VERB

ForumResolver = Callable[[str], "str | None"]

# Words that name no matter: the grammar and the standing phrases of every item.
_STOPWORDS = """
    att och i av för om med mot till från enligt samt inom på vid avseende kring rörande
    gällande den det de en ett som under efter inför genom mellan utan eller där denna detta
    dessa deras dess sin sina sitt vara är var har hade ska skall kan kommer får blir bli
    beslut beslutade beslutar besluta beslutet beslutades godkänna godkänner godkännande
    godkänd godkända lägga läggs handlingarna informationen information rapport rapporter
    rapporten redovisning redovisningen redovisade ärendet ärende frågan förslag förslaget
    förslagen föreslår kommunerna kommuner kommunen regionen region dalarna dalarnas länet
    länsgemensam länsgemensamma fortsatt fortsatta fortsättning gemensam gemensamma nytt ny
    nya reviderad reviderade uppdaterat uppdaterad arbetet arbete inte ej skickas vidare
    ställningstagande rekommendation rekommendera rekommenderar uppdrag uppdraget ge ges
    beslutsunderlag underlag mötet möte punkt nästa samverkan delgivningar övriga frågor
    överenskommelse överenskommelsen överenskommelser länsövergripande avtal avtalet
    riktlinjer rutin rutinen utvärdering utvärderingen förlängning förlängd revidering
    ändring ändringen uppföljning ansökan plan planen handlingsplan medel medlen budget
    insatser insats området område arbetsgrupp arbetsgruppen arbetsgruppens styrgruppen
    styrgruppens enl bilaga bilagor dnr sammanställning
"""
STOPWORDS = frozenset(_STOPWORDS.split())
# Below this share of the evidence two items are not proposed as one matter.
SAME_MATTER = 0.25
# Where the text names the meeting, less is needed.
NAMED_MEETING = 0.12
# A referral or recommendation answered without the answering minutes naming it.
ANSWERED = 0.22
# The forum's meeting that answers a referral comes within this many days.
ANSWER_WITHIN = 400


@dataclass
class Clause:
    key: object  # a Decision's id, or ("new", item index, position) before saving
    position: int
    kind: str
    text: str
    referred_to: str | None = None  # forum name


@dataclass
class Item:
    key: object  # an AgendaItem's id, or ("new", index)
    meeting: object  # a Meeting's id, or "new"
    forum: str  # the forum's current name
    date: datetime.date
    number: str
    title: str
    clauses: list[Clause] = field(default_factory=list)
    discussion: str = ""
    case: int | None = None
    # Meetings the text names: (forum name, date).
    references: list[tuple[str, datetime.date]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.forum} {self.date:%Y-%m-%d} p. {self.number}"


@dataclass
class Proposal:
    """A link for a person to confirm."""

    kind: str  # "answer" or "case"
    reason: str
    score: float
    # "answer": the clause that answers, and the one it answers.
    answering: Clause | None = None
    answered: Clause | None = None
    # "answer" and "case": the two items of one matter.
    item: Item | None = None
    other: Item | None = None
    shared: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- words


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("swedish")


WORD_RE = re.compile(r"[\wåäöÅÄÖéÉ]+(?:-[\wåäöÅÄÖéÉ]+)*")


def terms(text: str) -> list[str]:
    """The words that can name a matter, by their stems; a long compound also by its
    first part, so that "tillnyktringsplatser" meets "tillnyktringsverksamheten"."""
    return list(_terms(text))


@lru_cache(maxsize=65536)
def _terms(text: str) -> tuple[str, ...]:
    # The register's titles and clauses come back at every review: stemmed once.
    out: list[str] = []
    stem = _stemmer().stemWord
    for word in WORD_RE.findall(text):
        folded = word.casefold()
        if folded in STOPWORDS or len(folded) < 3 or folded.isdigit():
            continue
        if word.isupper() and len(word) <= 6:
            out.append(folded)  # an acronym: SUS, MVK, LPO
            continue
        parts = folded.split("-")
        base = stem(folded) if len(parts) == 1 else "-".join(stem(p) for p in parts)
        out.append(base)
        if len(parts) > 1:
            out.extend(stem(p) for p in parts if len(p) >= 3 and p not in STOPWORDS)
        elif len(base) >= 12:
            out.append(base[:9] + "…")
    return tuple(out)


def acronyms(text: str) -> set[str]:
    """The acronyms a text uses (SUS, MVK, LPO), as their terms."""
    return {w.casefold() for w in WORD_RE.findall(text) if w.isupper() and 3 <= len(w) <= 6}


def surface(term: str, texts: Iterable[str]) -> str:
    """A term as the texts write it: the group's name, or the first word whose stem it is."""
    if term.startswith("grupp: "):
        return term.removeprefix("grupp: ")
    for text in texts:
        for word in WORD_RE.findall(text):
            if term in _terms(word):
                return word if word.isupper() else word.casefold()
    return term


def matter_text(item: Item) -> str:
    return " ".join([item.title, *(c.text for c in item.clauses)])


# Items that every meeting has, on no matter of their own.
PROCEDURAL_TITLE = re.compile(
    r"(?i)^(?:mötets |sammanträdets )?(?:öppn|avslut|mötet avslut)|dagordning|föregående"
    r"|minnesanteckningar från|val av justerare|justering|övriga frågor|nästa möte"
    r"|mötesplan|mötestider|^(?:information|rapporter?|aktuellt|delgivning\w*)$"
)
YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")


def is_matter(item: Item) -> bool:
    """Whether an item is on a matter of its own, not the standing order of a meeting."""
    if PROCEDURAL_TITLE.search(item.title):
        return False
    return not item.clauses or any(c.kind != "procedural" for c in item.clauses)


def bag_of(item: Item, forum_terms: set[str], groups: Callable[[str], list[str]]) -> Counter[str]:
    """An item's terms with their counts: a title's count twice its clauses'; forums
    named are left out (every referral names one) but a group's name counts, as a term
    of its own."""
    bag: Counter[str] = Counter()
    for term in terms(item.title):
        if term not in forum_terms:
            bag[term] += 2
    clauses = " ".join(c.text for c in item.clauses)
    for term in terms(clauses):
        if term not in forum_terms:
            bag[term] += 1
    for name in groups(f"{item.title} {clauses}"):
        bag[f"grupp: {name}"] += 2
    return bag


@dataclass
class Weighed:
    """A meeting whose items only weigh the words (a batch's other minutes): the terms
    of each of its items, worked out once when the minutes were read."""

    forum: str
    date: datetime.date
    terms: list[list[str]]


class Vocabulary:
    """How rare each term is among the items compared (inverse document frequency),
    counting also the terms of items that are only weighed (``counted``)."""

    def __init__(
        self,
        items: Iterable[Item],
        *,
        forum_terms: set[str] = frozenset(),
        groups: Callable[[str], list[str]] = lambda text: [],
        counted: Iterable[Iterable[str]] = (),
    ) -> None:
        self.forum_terms = forum_terms
        self.groups = groups
        self.bags: dict[object, Counter] = {}
        self.acronyms: set[str] = set()
        counts: Counter[str] = Counter()
        for item in items:
            bag = self.bag(item)
            counts.update(bag.keys())
        extra = 0
        for item_terms in counted:
            counts.update(set(item_terms))
            extra += 1
        self.size = max(1, len(self.bags) + extra)
        self.frequency = counts
        self.idf = {t: math.log(1 + self.size / n) for t, n in counts.items()}

    def weight(self, term: str) -> float:
        return self.idf.get(term, math.log(1 + self.size))

    def bag(self, item: Item) -> Counter:
        if item.key not in self.bags:
            self.bags[item.key] = bag_of(item, self.forum_terms, self.groups)
            self.acronyms.update(acronyms(matter_text(item)))
        return self.bags[item.key]

    def similarity(self, a: Item, b: Item) -> tuple[float, list[str]]:
        """Cosine of the two items' weighted terms, and the terms they share, rarest first.

        Items naming different years ("ÖK psykisk hälsa 2020", "... 2021") are different
        matters, and so are two that share only words found all over the register.
        """
        years_a, years_b = set(YEAR_RE.findall(a.title)), set(YEAR_RE.findall(b.title))
        if years_a and years_b and not years_a & years_b:
            return 0.0, []
        bag_a, bag_b = self.bag(a), self.bag(b)
        shared = set(bag_a) & set(bag_b)
        if not shared:
            return 0.0, []
        rare = max(2, self.size // 12)
        if not any(self.frequency.get(t, 0) <= rare for t in shared):
            return 0.0, []
        dot = sum(bag_a[t] * bag_b[t] * self.weight(t) ** 2 for t in shared)
        norm_a = math.sqrt(sum((n * self.weight(t)) ** 2 for t, n in bag_a.items()))
        norm_b = math.sqrt(sum((n * self.weight(t)) ** 2 for t, n in bag_b.items()))
        ordered = sorted(shared, key=lambda t: -self.weight(t))
        return dot / (norm_a * norm_b), [t for t in ordered if not t.endswith("…")][:4]

    def enough(self, shared: list[str]) -> bool:
        """Whether the words two items share say they are one matter, without a text
        naming the other's meeting: two words or more, or one that names a thing of its
        own (a group, an acronym, a long compound) and not a word like "personer"."""
        if len(shared) >= 2:
            return True
        return any(t.startswith("grupp: ") or t in self.acronyms or len(t) >= 12 for t in shared)


# --------------------------------------------------------------------------- evidence


def recommended_forum(clause: Clause, resolve: ForumResolver, own: str) -> str | None:
    """The forum a recommendation is addressed to ("att rekommendera Länsnätverket för
    förvaltningschefer att formera ..."), where it is a forum and not the principals."""
    if clause.kind != "recommended":
        return None
    match = re.search(r"rekommendera\w*\s+(.{3,80}?)\s+att\b", clause.text)
    if not match:
        return None
    from .parser import find_forums

    found = [name for _i, name in find_forums(match[1], resolve) if name != own]
    return found[0] if found else None


def target_of(clause: Clause, resolve: ForumResolver, own: str) -> str | None:
    """The forum whose answer a clause waits for: a referral's, or a recommendation's to a
    forum."""
    if clause.kind == "referred" and clause.referred_to and REFERRAL_VERB.search(clause.text):
        return clause.referred_to
    return recommended_forum(clause, resolve, own)


SUBSTANTIVE = ("approved", "rejected", "recommended", "referred", "assigned", "other", "noted")


def answering_clause(item: Item) -> Clause | None:
    """The clause of an item that gives its forum's answer: the first that decides."""
    for kind_group in (SUBSTANTIVE[:3], SUBSTANTIVE[3:]):
        for clause in item.clauses:
            if clause.kind in kind_group:
                return clause
    return None


def answered_clause(item: Item, forum: str, resolve: ForumResolver) -> Clause | None:
    """The clause of an earlier item that a decision of ``forum`` answers: the one that
    sent the matter to that forum, or else the item's first that decides."""
    for clause in item.clauses:
        if target_of(clause, resolve, item.forum) == forum:
            return clause
    return answering_clause(item)


# --------------------------------------------------------------------------- proposing


def propose(
    new: Sequence[Item],
    register: Sequence[Item],
    *,
    resolve: ForumResolver,
    forum_terms: set[str] = frozenset(),
    groups: Callable[[str], list[str]] = lambda text: [],
    pool: Sequence[Item | Weighed] = (),
) -> list[Proposal]:
    """Links between the new items and the register's, and among the new ones.

    ``register`` holds the items of the meetings worth comparing (those the new
    minutes name, and those near them in time); every new item is compared with it.
    ``pool`` adds items that only weigh the words (a batch's other minutes), so that a
    batch proposes the same links in whatever order its minutes are saved.
    """
    every = [*register, *new]
    # A meeting of the pool already compared (saved from the batch into the register)
    # weighs its words once.
    meetings = {(item.forum, item.date) for item in every}
    others = [p for p in pool if (p.forum, p.date) not in meetings]
    vocabulary = Vocabulary(
        [*every, *(p for p in others if isinstance(p, Item))],
        forum_terms=forum_terms,
        groups=groups,
        counted=[t for p in others if isinstance(p, Weighed) for t in p.terms],
    )
    matters = {item.key for item in every if is_matter(item)}
    by_meeting: dict[tuple[str, datetime.date], list[Item]] = {}
    for item in every:
        by_meeting.setdefault((item.forum, item.date), []).append(item)
    proposals: dict[tuple, Proposal] = {}

    def offer(proposal: Proposal) -> None:
        a, b = proposal.item, proposal.other
        key = (proposal.kind, *sorted([str(a.key), str(b.key)]))
        if key not in proposals or proposals[key].score < proposal.score:
            proposals[key] = proposal

    fresh = {item.key for item in new}
    # 1. The meetings a text names: the item there on the same matter, whichever of the
    # two is new (minutes saved later can be named by minutes saved before).
    for item in every:
        if item.key not in matters:
            continue
        for forum, date in item.references:
            candidates = [c for c in by_meeting.get((forum, date), []) if c.key in matters]
            if item.key not in fresh:
                candidates = [c for c in candidates if c.key in fresh]
            best = _best(item, candidates, vocabulary, NAMED_MEETING)
            if best is not None:
                other, score, shared = best
                _link(item, other, score, shared, offer, resolve, named=True)
    for item in new:
        if item.key not in matters:
            continue
        # 2. Referrals and recommendations sent to this item's forum before it, and this
        # item's sent to a forum that met after it: the first meeting on the same matter.
        for other in every:
            if other is item or other.meeting == item.meeting or other.key not in matters:
                continue
            if not (0 < abs((item.date - other.date).days) <= ANSWER_WITHIN):
                continue
            earlier, later = (other, item) if other.date < item.date else (item, other)
            targets = {target_of(c, resolve, earlier.forum) for c in earlier.clauses} - {None}
            if later.forum not in targets:
                continue
            score, shared = vocabulary.similarity(item, other)
            if (
                score >= ANSWERED
                and vocabulary.enough(shared)
                and _first_on_matter(earlier, later, every, vocabulary)
            ):
                _link(item, other, score, shared, offer, resolve, named=False)
        # 3. Items of other meetings on the same matter: one case.
        for other in every:
            if other.meeting == item.meeting or other is item or other.key not in matters:
                continue
            score, shared = vocabulary.similarity(item, other)
            if score >= SAME_MATTER and vocabulary.enough(shared):
                offer(
                    Proposal(
                        "case",
                        case_reason(item, other, shared),
                        score,
                        item=item,
                        other=other,
                        shared=shared,
                    )
                )
    return sorted(proposals.values(), key=lambda p: (p.kind != "answer", -p.score))


def _best(item: Item, candidates: Sequence[Item], vocabulary: Vocabulary, threshold: float):
    scored = [(c, *vocabulary.similarity(item, c)) for c in candidates if c is not item]
    scored = [s for s in scored if s[1] >= threshold]
    return max(scored, key=lambda s: s[1]) if scored else None


def _first_on_matter(earlier: Item, later: Item, every: Sequence[Item], vocabulary) -> bool:
    """Whether ``later`` is its forum's first meeting after ``earlier`` on the same matter."""
    score, _shared = vocabulary.similarity(earlier, later)
    for item in every:
        if (
            item.forum == later.forum
            and earlier.date < item.date < later.date
            and vocabulary.similarity(earlier, item)[0] >= max(ANSWERED, score * 0.8)
        ):
            return False
    return True


def _link(item, other, score, shared, offer, resolve, *, named: bool) -> None:
    earlier, later = (other, item) if other.date < item.date else (item, other)
    answering = answering_clause(later)
    answered = answered_clause(earlier, later.forum, resolve)
    if answering is not None and answered is not None:
        offer(
            Proposal(
                "answer",
                _answer_reason(earlier, later, answered, shared, named, resolve),
                score + (1 if named else 0),
                answering=answering,
                answered=answered,
                item=later,
                other=earlier,
                shared=shared,
            )
        )
    offer(
        Proposal(
            "case", case_reason(item, other, shared), score, item=item, other=other, shared=shared
        )
    )


# --------------------------------------------------------------------------- reasons
# In Swedish for the review page; the words that matched are the evidence.


def _words(shared: list[str], items: Sequence[Item]) -> str:
    texts = [matter_text(item) for item in items]
    words = list(dict.fromkeys(surface(term, texts) for term in shared))
    return ", ".join(words) if words else "—"


def _answer_reason(earlier, later, answered, shared, named, resolve) -> str:
    target = target_of(answered, resolve, earlier.forum)
    if named:
        opening = f"{later.label} nämner {earlier.forum}s möte {earlier.date:%Y-%m-%d}"
    elif target == later.forum and answered.kind == "referred":
        opening = (
            f"{earlier.label} skickade ärendet vidare för {later.forum}s ställningstagande; "
            f"detta är {later.forum}s första möte därefter i samma ärende"
        )
    else:
        opening = (
            f"{earlier.label} rekommenderade {later.forum}; detta är {later.forum}s första "
            "möte därefter i samma ärende"
        )
    return f"{opening} (gemensamma ord: {_words(shared, [earlier, later])})."


def case_reason(item: Item, other: Item, shared: list[str]) -> str:
    return f"Samma ärende som {other.label} (gemensamma ord: {_words(shared, [item, other])})."


def forum_words(names: Iterable[str]) -> set[str]:
    """The terms of every name and code of the forums, left out of the words compared."""
    out: set[str] = set()
    for name in names:
        out.update(terms(name))
        out.update(terms(name + "s"))
    return out
