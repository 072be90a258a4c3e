"""The chain of a matter as pictures: its path across the forums on a time axis and the
adoption matrix, each with a table of the same facts for those who do not read pictures."""

import datetime
from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agreements.models import PrincipalDecision
from meetings.models import Decision
from register import charts
from register.chain import Chain, ChainItem, Link, Links, Referral

LANES = ["SCHNV", "LCHNV", "VFR"]
# A mark takes the colour of the weightiest of its decisions.
KIND_WEIGHT = [
    Decision.Kind.RECOMMENDED,
    Decision.Kind.REFERRED,
    Decision.Kind.REJECTED,
    Decision.Kind.APPROVED,
    Decision.Kind.ASSIGNED,
    Decision.Kind.OTHER,
    Decision.Kind.NOTED,
    Decision.Kind.TABLED,
    Decision.Kind.WITHDRAWN,
    Decision.Kind.PROCEDURAL,
]


def lane_of(forum_code: str) -> str:
    return forum_code if forum_code in LANES else _("Other groups")


def short_day(day: datetime.date) -> str:
    """A day as the marks write it under the axis's year: 8/5."""
    return f"{day.day}/{day.month}"


@dataclass
class ChainRow:
    """A row of the table beside the picture: the same facts as one of its marks."""

    id: str
    day: str
    forum: str  # the forum as it was called that day, or the principals
    items: list[Link] = field(default_factory=list)
    decided: list[str] = field(default_factory=list)
    onward: list[str] = field(default_factory=list)  # where the matter went from here


@dataclass
class ChainLayout:
    marks: list[charts.ChainMark]
    steps: list[charts.ChainStep]
    waits: list[charts.ChainWait]
    rows: list[ChainRow]
    lanes: list[str]
    description: str


def chain_layout(chain: Chain) -> ChainLayout:
    """The chain as the picture draws it and the table beside it lists it: one mark per
    forum and day, one per day of the principals' decisions; the arrows the way the
    matter travelled (to each later decision that answers an earlier one, dashed where a
    forum took the matter up without the answer recorded, from a recommendation to the
    principals' decisions); and a ring for each referral still waiting."""
    groups: dict[tuple[str, datetime.date], list[ChainItem]] = {}
    for item in chain.items:
        groups.setdefault((item.forum_code, item.date), []).append(item)
    mark_of: dict[int, str] = {}  # decision (and item) → its mark
    kind_of: dict[int, str] = {}
    item_mark: dict[int, str] = {}
    rows: dict[str, ChainRow] = {}
    marks: list[charts.ChainMark] = []
    for (code, day), items in groups.items():
        mark_id = f"m{items[0].pk}"
        decisions = [d for item in items for d in item.decisions]
        for item in items:
            item_mark[item.pk] = mark_id
        for d in decisions:
            mark_of[d.pk] = mark_id
            kind_of[d.pk] = d.kind
        kinds = {d.kind for d in decisions}
        kind = next((k for k in KIND_WEIGHT if k in kinds), "information")
        first = items[0]
        lines = []
        for n, item in enumerate(items):
            head = f"{day.isoformat()} · {code} · " if n == 0 else ""
            lines.append(f"{head}p. {item.number} {item.title}")
            lines += [f"– {d.kind_label}: {Truncator(d.text).chars(90)}" for d in item.decisions]
        more = f" +{len(items) - 1}" if len(items) > 1 else ""  # the day's other items
        marks.append(
            charts.ChainMark(
                id=mark_id,
                date=day,
                lane=lane_of(code),
                label=f"{code} {short_day(day)}{more}",
                title=f"p. {first.number} {first.title}",
                summary="\n".join(lines),
                url=first.url,
                kind=kind,
            )
        )
        rows[mark_id] = ChainRow(
            id=mark_id,
            day=first.day,
            forum=first.forum_name,
            items=[Link(item.url, f"p. {item.number} {item.title}") for item in items],
            decided=list(dict.fromkeys(d.kind_label for d in decisions)),
        )
    labels = {mark.id: f"{mark.label.split()[0]} {rows[mark.id].day}" for mark in marks}
    forums = {mark.id: rows[mark.id].forum for mark in marks}

    steps: list[charts.ChainStep] = []
    waits: list[charts.ChainWait] = []
    for item in chain.items:
        for d in item.decisions:
            here = mark_of[d.pk]
            if d.answers_id in mark_of and mark_of[d.answers_id] != here:
                source = mark_of[d.answers_id]
                steps.append(
                    charts.ChainStep(
                        source,
                        here,
                        kind_of[d.answers_id],
                        summary=_("%(forum)s answered %(earlier)s")
                        % {"forum": forums[here], "earlier": labels[source]},
                    )
                )
                rows[source].onward.append(
                    _("answered by %(forum)s %(day)s") % {"forum": forums[here], "day": item.day}
                )
            if d.state == Referral.TAKEN_UP and d.state_item is not None:
                there = item_mark[d.state_item.pk]
                steps.append(
                    charts.ChainStep(
                        here,
                        there,
                        d.kind,
                        dashed=True,
                        summary=_("%(forum)s took the matter up") % {"forum": forums[there]},
                    )
                )
                rows[here].onward.append(
                    _("taken up by %(forum)s %(day)s")
                    % {"forum": forums[there], "day": d.state_item.day}
                )
            elif d.state == Referral.SENT_AGAIN and d.state_item is not None:
                rows[here].onward.append(
                    _("sent to %(forum)s again %(day)s")
                    % {"forum": d.referred_to, "day": d.state_item.day}
                )
            elif d.state == Referral.WAITING:
                summary = _("Waiting for %(forum)s") % {"forum": d.referred_to}
                waits.append(charts.ChainWait(here, lane_of(d.referred_to_code), d.kind, summary))
                rows[here].onward.append(summary)

    principals_lane = _("Principals")
    statuses = {value: str(label) for value, label in PrincipalDecision.Status.choices}
    decided: dict[datetime.date, list] = {}
    for adoption in chain.adoptions:
        if adoption.decided_on and adoption.recommendation_id in mark_of:
            decided.setdefault(adoption.decided_on, []).append(adoption)
    links = Links()
    for day, adoptions in sorted(decided.items()):
        mark_id = f"a{day:%Y%m%d}"
        names = [a.principal for a in adoptions]
        marks.append(
            charts.ChainMark(
                id=mark_id,
                date=day,
                lane=principals_lane,
                label=", ".join(names),
                title=short_day(day),
                summary="\n".join(
                    [day.isoformat()]
                    + [f"{a.principal}: {statuses.get(a.status, a.status)}" for a in adoptions]
                ),
                url=None,
                kind="adoption",
            )
        )
        rows[mark_id] = ChainRow(
            id=mark_id,
            day=links.day(day),
            forum=principals_lane,
            decided=[f"{a.principal}: {statuses.get(a.status, a.status)}" for a in adoptions],
        )
        for recommendation in dict.fromkeys(a.recommendation_id for a in adoptions):
            source = mark_of[recommendation]
            steps.append(
                charts.ChainStep(
                    source,
                    mark_id,
                    Decision.Kind.RECOMMENDED,
                    summary=_("The principals' decisions on %(earlier)s")
                    % {"earlier": labels[source]},
                )
            )
        for source in dict.fromkeys(mark_of[a.recommendation_id] for a in adoptions):
            rows[source].onward.append(_("principals decided %(day)s") % {"day": rows[mark_id].day})

    order = [*LANES, _("Other groups"), principals_lane]
    used = {m.lane for m in marks} | {w.lane for w in waits}
    lanes = [lane for lane in order if lane in used]
    dates = {m.id: m.date for m in marks}
    ordered = sorted(rows.values(), key=lambda row: dates[row.id])
    return ChainLayout(
        marks=marks,
        steps=steps,
        waits=waits,
        rows=ordered,
        lanes=lanes,
        description=chain_description(chain, groups, waits),
    )


def chain_description(chain: Chain, groups: dict, waits: list) -> str:
    """The picture in a sentence, for its <desc>: where and when the matter was handled,
    and what still waits."""
    meetings = [f"{items[0].forum_name} {items[0].day}" for items in groups.values()]
    text = _("The matter at %(count)s meetings, from %(first)s to %(last)s: %(meetings)s.") % {
        "count": len(meetings),
        "first": chain.items[0].day,
        "last": chain.items[-1].day,
        "meetings": "; ".join(meetings),
    }
    if waits:
        text += " " + "; ".join(w.summary for w in waits) + "."
    return text


def chain_picture(chain: Chain) -> dict:
    """The chain's picture, with a legend of its colours and lanes and a table of the
    same facts."""
    layout = chain_layout(chain)
    kinds = {
        **{value: str(label) for value, label in Decision.Kind.choices},
        "adoption": _("A principal's decision"),
        "information": _("Item without a decision"),
    }
    present = {m.kind for m in layout.marks}
    names = dict(chain.forums.values())
    return {
        "svg": charts.case_chain(
            layout.marks, layout.lanes, layout.steps, layout.waits, layout.description
        ),
        # Each kind's swatch takes its colour from a class (static/css/site.css).
        "kinds": [(kind, label) for kind, label in kinds.items() if kind in present],
        "lanes": [(code, names[code]) for code in LANES if code in layout.lanes and code in names],
        "rows": layout.rows,
        "waiting": bool(layout.waits),
        "taken_up": any(s.dashed for s in layout.steps),
    }


def matrix_columns(chain: Chain) -> list[charts.MatrixColumn]:
    return [
        charts.MatrixColumn(
            id=d.pk,
            label=f"{item.forum_code} {item.date:%Y-%m-%d} p.{item.number}",
            url=item.url,
        )
        for item, d in chain.recommendations
    ]


def matrix_cells(chain: Chain) -> dict[tuple[int, str], str]:
    return {(a.recommendation_id, a.principal): a.status for a in chain.adoptions}


def matrix_picture(chain: Chain) -> str:
    principals = [p.short_name for p in chain.principals]
    return charts.adoption_matrix(matrix_columns(chain), principals, matrix_cells(chain))


def matrix_table(chain: Chain) -> dict:
    """The matrix's facts as a table, each status in words: for those who do not read
    pictures, and for a screen reader (WCAG 1.1.1, 1.3.1)."""
    columns = matrix_columns(chain)
    cells = matrix_cells(chain)
    labels = charts.status_labels()
    rows = [
        (p.short_name, [labels[cells.get((c.id, p.short_name), "missing")] for c in columns])
        for p in chain.principals
    ]
    return {"columns": columns, "rows": rows}


def matter_context(chain: Chain, list_filter: str) -> dict:
    """What the case and agreement pages show of their chain: pictures, items, history."""
    return {
        "items": chain.items,
        "recommendations": [d for _item, d in chain.recommendations],
        "chain_picture": chain_picture(chain) if chain.items else None,
        "matrix_svg": matrix_picture(chain) if chain.recommendations else None,
        "matrix_table": matrix_table(chain) if chain.recommendations else None,
        "history": chain.history,
        "list_filter": list_filter,
    }
