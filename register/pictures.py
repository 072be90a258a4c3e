"""The chain of a matter as pictures: the timeline of its decisions and the adoption
matrix, each with a table of the same facts for those who do not read pictures."""

from dataclasses import replace

from django.utils.translation import gettext as _

from agreements.models import PrincipalDecision
from meetings.models import Decision
from register import charts
from register.chain import Chain

LANES = ["SCHNV", "LCHNV", "VFR"]


def lane_of(forum_code: str) -> str:
    return forum_code if forum_code in LANES else _("Other groups")


def chain_events(chain: Chain) -> list[charts.ChainEvent]:
    events = []
    for item in chain.items:
        # An item without decisions (information, withdrawn) still marks the path.
        points = [
            (f"d{d.pk}", d.text, d.kind, f"d{d.answers_id}" if d.answers_id else None)
            for d in item.decisions
        ] or [(f"i{item.pk}", item.title, "information", None)]
        for event_id, summary, kind, answers in points:
            events.append(
                charts.ChainEvent(
                    id=event_id,
                    date=item.date,
                    lane=lane_of(item.forum_code),
                    label=f"p. {item.number}",
                    summary=summary,
                    url=item.url,
                    kind=kind,
                    answers=answers,
                )
            )
    principals_lane = _("Principals")
    statuses = {value: str(label) for value, label in PrincipalDecision.Status.choices}
    for adoption in chain.adoptions:
        if adoption.decided_on:
            events.append(
                charts.ChainEvent(
                    id=f"a{adoption.pk}",
                    date=adoption.decided_on,
                    lane=principals_lane,
                    label=adoption.principal,
                    summary=statuses.get(adoption.status, adoption.status),
                    url=None,
                    kind="adoption",
                    answers=f"d{adoption.recommendation_id}",
                )
            )
    # An answer to a decision not on this page (another case, or not visible) is drawn
    # without its arrow.
    known = {e.id for e in events}
    return [
        e if e.answers in known or e.answers is None else replace(e, answers=None) for e in events
    ]


def chain_picture(chain: Chain) -> dict:
    """The chain's timeline, with a legend of the colours and lanes it uses."""
    events = chain_events(chain)
    lanes = [*LANES, _("Other groups"), _("Principals")]
    used = [lane for lane in lanes if any(e.lane == lane for e in events)]
    kinds = {
        **{value: str(label) for value, label in Decision.Kind.choices},
        "adoption": _("A principal's decision"),
        "information": _("Item without a decision"),
    }
    present = {e.kind for e in events}
    names = dict(chain.forums.values())
    return {
        "svg": charts.case_chain(events, used),
        # Each kind's swatch takes its colour from a class (static/css/site.css).
        "kinds": [(kind, label) for kind, label in kinds.items() if kind in present],
        "lanes": [(code, names[code]) for code in LANES if code in used and code in names],
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
