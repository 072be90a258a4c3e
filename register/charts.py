"""Server-rendered SVG pictures: agreement timeline, case chain and adoption matrix.

Every function here takes plain data (the frozen dataclasses below), never touches
the database, and returns one inline ``<svg>`` element marked safe for templates.
The pictures carry ``role="img"``, a ``<title>`` and an ``aria-label``, scale with a
``viewBox`` (``svg.chart`` in static/css/site.css fits them to the page), use no
JavaScript, load nothing and carry no ``style`` attribute, which the site's
Content-Security-Policy would refuse. Colours are
given both as CSS classes (for a stylesheet to override) and as fill/stroke
attributes, so they look right without any CSS.

The project does not depend on MarkupSafe, so Django's own escaping is used:
``escape`` for every piece of text and attribute value, ``SafeString`` for the result
(it has ``__html__``, so both Django and Jinja templates insert it unescaped).
"""

import datetime
import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from html import escape as _escape
from urllib.parse import urlsplit

from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

INK = "#1f2933"
MUTED = "#6b7280"
GRID = "#e5e7eb"
BACKGROUND = "#ffffff"
STRIPE = "#f5f7fa"

# Every mark has at least 3:1 against the white background (WCAG 1.4.11; the figures
# are in tests/agreements/test_charts.py), and none is told apart by colour alone: the
# legends and tables name each, and the matrix's cells carry a glyph.
BAR_FILLS = {
    "active": "#1f6fb2",
    "draft": "#5b8fc7",
    "ended": "#757575",
    "replaced": "#757575",
}
OTHER_FILL = "#78909c"
MARK_FILLS = {"notice": "#d97706", "evaluation": "#7b1fa2", "expiry": "#c62828"}
TODAY_STROKE = "#111827"

KIND_FILLS = {
    "referred": "#c25400",
    "recommended": "#1565c0",
    "approved": "#2e7d32",
    "adoption": "#6a1b9a",
    "rejected": "#c62828",
    "assigned": "#00838f",
    "noted": "#78909c",
    "information": "#607d8b",
}

STATUS_FILLS = {
    "adopted": "#2e7d32",
    "adopted_with_changes": "#00695c",
    "pending": "#a15c00",
    "rejected": "#c62828",
    "missing": "#ffffff",  # no decision opened: an empty cell with a dark border
}
MISSING_STROKE = MUTED
# A glyph in each cell, so the matrix does not rely on colour alone.
STATUS_GLYPHS = {
    "adopted": ("✓", "#ffffff"),
    "adopted_with_changes": ("✓*", "#ffffff"),
    "pending": ("…", "#ffffff"),
    "rejected": ("✗", "#ffffff"),
    "missing": ("–", INK),
}
STATUS_ORDER = ["adopted", "adopted_with_changes", "pending", "rejected", "missing"]


@dataclass(frozen=True)
class TimelineRow:
    """One agreement in the timeline."""

    short_name: str
    title: str
    url: str | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    until_further_notice: bool
    notice_deadline: datetime.date | None
    evaluation_due: datetime.date | None
    status: str  # draft / active / ended / replaced


@dataclass(frozen=True)
class MatrixColumn:
    """One recommendation sent to the principals."""

    id: int
    label: str
    url: str | None


# --- Markup helpers ---------------------------------------------------------------


def escape(value: object) -> str:
    # The standard library's escaping, which Django's escape() wraps: the same text,
    # without the lazy-string machinery, for the thousands of attributes a chart has.
    return _escape(str(value))


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _points(*points: tuple[float, float]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


_ATTRIBUTES: dict[str, str] = {}  # keyword → attribute name, worked out once each


def _tag(tag: str, *children: str, **attrs: object) -> str:
    """An element. Children must already be markup (from _tag or _text).

    Attributes are keywords, ``class_`` for class and ``_`` for ``-``
    (``font_size=10`` is ``font-size="10"``); None leaves one out.
    """
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, (float, int)) and not isinstance(value, bool):
            value = _num(value)
        attribute = _ATTRIBUTES.get(name)
        if attribute is None:
            attribute = _ATTRIBUTES[name] = name.rstrip("_").replace("_", "-")
        parts.append(f' {attribute}="{escape(value)}"')
    if not children:
        return f"<{tag}{''.join(parts)}/>"
    return f"<{tag}{''.join(parts)}>{''.join(children)}</{tag}>"


def _text(value: object) -> str:
    return str(escape(value))


def _title(value: object) -> str:
    return _tag("title", _text(value))


def _safe_href(url: str | None) -> str | None:
    """Only same-site paths and http(s) links; never javascript: and the like."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("", "http", "https") else None


def _link(url: str | None, *children: str) -> str:
    href = _safe_href(url)
    return _tag("a", *children, href=href) if href else "".join(children)


def _css(value: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", value.lower()).strip("-") or "other"


def _shorten(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _text_width(value: str, size: float) -> float:
    return len(value) * size * 0.6


GROWS_TO = 1.5  # the most a picture is enlarged on a wide screen
MIN_WIDTH = 560  # px: the least a chain or matrix shrinks to before it scrolls
MIN_WIDTH_STEP = 20  # px: the steps of the chart-min-N classes in static/css/site.css
# On a phone these scroll sideways in their figure rather than shrink their text past
# reading (at 390 px the timeline's labels came down to 5 px).
KEEPS_WIDTH = {"chain", "matrix", "timeline"}


def min_width_class(width: float) -> str:
    """The class that keeps a chain or matrix of this width from shrinking past reading.

    The page's Content-Security-Policy allows no style attributes, so the least width is a
    class from the stylesheet, rounded up to its steps: never narrower than drawn.
    """
    least = min(width, MIN_WIDTH)
    return f"chart-min-{math.ceil(least / MIN_WIDTH_STEP) * MIN_WIDTH_STEP}"


def _svg(
    kind: str, width: float, height: float, label: str, *body: str, description: str = ""
) -> SafeString:
    background = _tag("rect", class_="chart-bg", width=width, height=height, fill=BACKGROUND)
    css = f"chart chart-{kind}"
    if kind in KEEPS_WIDTH:
        # One whose labels sit close scrolls on a phone rather than shrink them past reading.
        css += " " + min_width_class(width)
    # A picture with links is a group of them (a screen reader lists each, by its
    # <title>); role="img" would hide them inside one image (axe: nested-interactive).
    interactive = any("<a " in part for part in body)
    svg = _tag(
        "svg",
        _title(label),
        # The picture's facts in words, for a reader that describes it (the table beside
        # it gives them in full).
        _tag("desc", _text(description)) if description else "",
        background,
        *body,
        xmlns=SVG_NS,
        class_=css,
        role="group" if interactive else "img",
        aria_label=label,
        viewBox=f"0 0 {_num(width)} {_num(height)}",
        # The largest it is drawn, which keeps a small picture from blowing up its text on
        # a wide screen; the stylesheet shrinks it to the page (max-width: 100%).
        width=width * GROWS_TO,
        height=height * GROWS_TO,
        preserveAspectRatio="xMinYMin meet",
        font_family=FONT,
        font_size=12,
        fill=INK,
    )
    return mark_safe(svg)


def _nothing_to_show(kind: str) -> SafeString:
    message = gettext("Nothing to show")
    text = _tag(
        "text", _text(message), class_="empty", x=160, y=24, text_anchor="middle", fill=MUTED
    )
    return _svg(kind, 320, 40, message, text)


# --- 1. Agreement timeline --------------------------------------------------------

TL_WIDTH = 800
TL_LABEL_CHARS = 18
TL_PLOT_LEFT = 160
TL_PLOT_RIGHT = TL_WIDTH - 24  # room for the "until further notice" arrowhead
TL_TOP = 28  # room for the "Today" label
TL_LANE = 32
TL_BAR = 12
TL_AXIS = 30
TL_FADE = 24  # length of the faded start of a bar with unknown or clipped start
TL_OPEN_END = 40  # length of the dashed open end of a bar with unknown end


def _timeline_range(
    rows: list[TimelineRow], today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    dates = [today]
    for row in rows:
        dates += [row.valid_from, row.valid_until, row.notice_deadline, row.evaluation_due]
    present = [d for d in dates if d is not None]
    low, high = min(present), max(present)
    margin = datetime.timedelta(days=max(round((high - low).days * 0.05), 60))
    return low - margin, high + margin


def agreement_timeline(
    rows: list[TimelineRow],
    today: datetime.date,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> SafeString:
    """One lane per agreement: its period of validity, its deadlines and today."""
    if not rows:
        return _nothing_to_show("timeline")
    default_start, default_end = _timeline_range(rows, today)
    start, end = start or default_start, end or default_end
    if end <= start:
        raise ValueError("The timeline must end after it starts.")
    span = (end - start).days
    plot = TL_PLOT_RIGHT - TL_PLOT_LEFT

    def x(day: datetime.date) -> float:
        return TL_PLOT_LEFT + (day - start).days / span * plot

    def visible(day: datetime.date | None) -> bool:
        return day is not None and start <= day <= end

    bottom = TL_TOP + len(rows) * TL_LANE
    height = bottom + TL_AXIS
    body = [_timeline_axis(start, end, x, bottom)]
    for index, row in enumerate(rows):
        body.append(_timeline_lane(index, row, today, start, end, x, visible))
    if visible(today):
        body.append(_timeline_today(x(today), today, bottom))
    return _svg("timeline", TL_WIDTH, height, gettext("Agreement timeline"), *body)


def _timeline_axis(start, end, x, bottom: float) -> str:
    parts = [
        _tag(
            "line",
            class_="axis",
            x1=TL_PLOT_LEFT,
            x2=TL_PLOT_RIGHT,
            y1=bottom,
            y2=bottom,
            stroke=MUTED,
        )
    ]
    years = [y for y in range(start.year + 1, end.year + 1) if datetime.date(y, 1, 1) <= end]
    step = max(1, math.ceil(len(years) / 14))
    for year in years:
        if year % step:
            continue
        tx = x(datetime.date(year, 1, 1))
        parts += [
            _tag("line", class_="grid", x1=tx, x2=tx, y1=TL_TOP, y2=bottom, stroke=GRID),
            _tag("line", class_="tick", x1=tx, x2=tx, y1=bottom, y2=bottom + 4, stroke=MUTED),
            _tag(
                "text",
                _text(year),
                class_="tick-label",
                x=tx,
                y=bottom + 16,
                text_anchor="middle",
                font_size=11,
                fill=MUTED,
            ),
        ]
    if not years:
        # A span inside one calendar year has no year tick: label the ends instead.
        for day, tx, anchor in ((start, TL_PLOT_LEFT, "start"), (end, TL_PLOT_RIGHT, "end")):
            parts.append(
                _tag(
                    "text",
                    _text(day.isoformat()),
                    class_="tick-label",
                    x=tx,
                    y=bottom + 16,
                    text_anchor=anchor,
                    font_size=11,
                    fill=MUTED,
                )
            )
    return _tag("g", *parts, class_="axis")


def _timeline_lane(index: int, row: TimelineRow, today, start, end, x, visible) -> str:
    top = TL_TOP + index * TL_LANE
    middle = top + TL_LANE / 2
    stripe = STRIPE if index % 2 == 0 else BACKGROUND
    parts = [
        _tag("rect", class_="lane-bg", x=0, y=top, width=TL_WIDTH, height=TL_LANE, fill=stripe),
        _link(
            row.url,
            _tag(
                "text",
                _title(row.title),
                _text(_shorten(row.short_name, TL_LABEL_CHARS)),
                class_="label",
                x=8,
                y=middle + 4,
            ),
        ),
    ]
    parts += _timeline_bar(row, today, start, end, x, middle, stripe)
    marks = [
        ("notice", row.notice_deadline, gettext("Notice deadline")),
        ("evaluation", row.evaluation_due, gettext("Evaluation due")),
        ("expiry", row.valid_until, gettext("Expires")),
    ]
    for kind, day, what in marks:
        if visible(day):
            tooltip = f"{row.short_name} – {what}: {day.isoformat()}"
            parts.append(_timeline_mark(kind, x(day), middle, tooltip))
    return _tag("g", *parts, class_="lane")


def _timeline_bar(row: TimelineRow, today, start, end, x, middle: float, stripe: str):
    if (row.valid_from and row.valid_from > end) or (row.valid_until and row.valid_until < start):
        return []
    status = _css(row.status)
    fill = BAR_FILLS.get(row.status, OTHER_FILL)
    faded = row.valid_from is None or row.valid_from < start
    left = TL_PLOT_LEFT if faded else x(row.valid_from)
    open_end = False
    if row.until_further_notice:
        right = TL_PLOT_RIGHT
    elif row.valid_until is not None:
        right = x(min(row.valid_until, end))
    else:
        # Unknown end: solid up to today (what we know has happened), then dashed.
        open_end = True
        known = max(today, row.valid_from or start)
        right = max(x(min(known, end)), left + 4)
    top = middle - TL_BAR / 2
    draft = row.status == "draft"
    bar = _tag(
        "rect",
        class_=f"bar {status}",
        x=left,
        y=top,
        width=max(right - left, 1),
        height=TL_BAR,
        rx=2,
        fill=fill,
        stroke=BAR_FILLS["active"] if draft else None,
        stroke_dasharray="3 2" if draft else None,
    )
    parts = [bar]
    if faded:
        # Overlays in the lane's colour, strongest at the edge: the start fades in.
        step = TL_FADE / 4
        for k, opacity in enumerate((0.85, 0.6, 0.4, 0.2)):
            parts.append(
                _tag(
                    "rect",
                    class_="fade",
                    x=left + k * step,
                    y=top,
                    width=step,
                    height=TL_BAR,
                    fill=stripe,
                    fill_opacity=opacity,
                )
            )
    if row.until_further_notice:
        parts.append(
            _tag(
                "polygon",
                class_=f"arrow {status}",
                fill=fill,
                points=_points((right, top - 3), (right + 10, middle), (right, top + TL_BAR + 3)),
            )
        )
        words = gettext("until further notice")
        inside = _text_width(words, 10) + 8 <= right - left
        parts.append(
            _tag(
                "text",
                _text(words),
                class_="ufn",
                x=right - 4,
                y=middle + 3.5 if inside else top - 2,
                text_anchor="end",
                font_size=10,
                fill="#ffffff" if inside else INK,
            )
        )
    if open_end:
        parts.append(
            _tag(
                "rect",
                class_=f"open-end {status}",
                x=right,
                y=top,
                width=max(min(TL_OPEN_END, TL_PLOT_RIGHT - right), 0),
                height=TL_BAR,
                fill="none",
                stroke=fill,
                stroke_dasharray="4 3",
            )
        )
    return parts


def _timeline_mark(kind: str, mx: float, middle: float, tooltip: str) -> str:
    fill = MARK_FILLS[kind]
    top, bottom = middle - TL_BAR / 2, middle + TL_BAR / 2
    if kind == "notice":  # pointing down onto the bar from above
        points = _points((mx, top), (mx - 5, top - 8), (mx + 5, top - 8))
        shape = _tag("polygon", fill=fill, points=points)
    elif kind == "evaluation":  # pointing up at the bar from below
        points = _points((mx, bottom), (mx - 5, bottom + 8), (mx + 5, bottom + 8))
        shape = _tag("polygon", fill=fill, points=points)
    else:  # expiry: a bar across the end
        shape = _tag("rect", fill=fill, x=mx - 1.5, y=top - 4, width=3, height=TL_BAR + 8)
    return _tag("g", _title(tooltip), shape, class_=f"mark {kind}", data_x=mx)


def _timeline_today(tx: float, today: datetime.date, bottom: float) -> str:
    anchor = "middle"
    if tx < TL_PLOT_LEFT + 20:
        anchor = "start"
    elif tx > TL_PLOT_RIGHT - 20:
        anchor = "end"
    word = gettext("Today")
    return _tag(
        "g",
        _title(f"{word}: {today.isoformat()}"),
        _tag(
            "line",
            class_="today",
            x1=tx,
            x2=tx,
            y1=TL_TOP - 8,
            y2=bottom,
            stroke=TODAY_STROKE,
            stroke_width=1.5,
            stroke_dasharray="4 3",
        ),
        _tag(
            "text",
            _text(word),
            class_="today-label",
            x=tx,
            y=TL_TOP - 12,
            text_anchor=anchor,
            font_size=11,
            font_weight="bold",
        ),
        class_="today",
    )


# --- 2. Case chain ------------------------------------------------------------------

# The time axis is to scale: a mark sits at its date, and the axis names each year.
# A chain typically has a cluster of meetings within a few weeks (SCHNV → LCHNV → VFR),
# then months of silence, then the principals deciding over half a year, so the scale
# grows (up to CH_PLOT_MAX) until the closest two marks of a lane stand apart; where even
# that is not enough, a mark moves right just as far as it must, and its date stays
# exact in its tooltip and in the table beside the picture. One forum's items of one day
# are one mark; the principals' decisions of one day are one mark.

CH_LABEL_WIDTH = 96  # at least; widened for long lane names
CH_LANE_CHARS = 24
CH_LANE = 92
CH_TOP = 8
CH_RADIUS = 7
CH_GAP = 2 * CH_RADIUS + 6  # the least distance between two marks of one lane
CH_PLOT = 640  # the least width of the time axis
CH_PLOT_MAX = 1600  # the most the scale widens it to keep marks apart
CH_MARGIN_DAYS = 20
CH_WAIT = 46  # how far right of a waiting referral the ring of the forum's answer sits
CH_FONT = 10
CH_LABEL_MIN = 6 * CH_FONT * 0.6  # a label narrower than six letters shows its first line only
CH_LABEL_MAX = 200
CH_AXIS = 30


@dataclass(frozen=True)
class ChainMark:
    """One forum's handling of a matter on one day, or the principals' decisions of a day."""

    id: str
    date: datetime.date
    lane: str
    label: str  # the first line under the mark: the forum (or the principals)
    title: str  # the second: the item ("p. 8 Beslut om …"), shortened to the room it has
    summary: str  # the tooltip, which names the link: date, forum, each item and decision
    url: str | None
    kind: str  # its colour: the weightiest kind of its decisions


@dataclass(frozen=True)
class ChainStep:
    """The matter travelling from an earlier mark to a later one: an answer recorded,
    a matter taken up without the answer recorded, or the principals' decisions."""

    source: str
    target: str
    kind: str  # the kind of the decision that sent it: the arrow's colour
    dashed: bool = False  # taken up without the answer recorded
    summary: str = ""


@dataclass(frozen=True)
class ChainWait:
    """A referral (or a recommendation to a forum) still waiting for that forum: drawn as
    an arrow to an open ring on the forum's lane."""

    source: str
    lane: str
    kind: str
    summary: str


def case_chain(
    marks: list[ChainMark],
    lanes: list[str],
    steps: list[ChainStep] | tuple = (),
    waits: list[ChainWait] | tuple = (),
    description: str = "",
) -> SafeString:
    """The marks on their lanes along a time axis with year marks, and arrows the way
    the matter travelled: from each decision to the later one that answers it."""
    if not marks:
        return _nothing_to_show("chain")
    for mark in marks:
        if mark.lane not in lanes:
            raise ValueError(f"Mark {mark.id!r} is on unknown lane {mark.lane!r}.")
    for wait in waits:
        if wait.lane not in lanes:
            raise ValueError(f"A wait from {wait.source!r} is for unknown lane {wait.lane!r}.")
    counts = Counter(m.id for m in marks)
    if doubles := [i for i, n in counts.items() if n > 1]:
        raise ValueError(f"Mark ids must be unique: {doubles!r}.")

    lane_y = {lane: CH_TOP + i * CH_LANE + CH_LANE / 2 for i, lane in enumerate(lanes)}
    lane_names = [_shorten(lane, CH_LANE_CHARS) for lane in lanes]
    label_width = max([CH_LABEL_WIDTH] + [_text_width(n, 13) + 16 for n in lane_names])
    left = label_width + 16

    first = min(m.date for m in marks)
    last = max(m.date for m in marks)
    margin = datetime.timedelta(days=max(CH_MARGIN_DAYS, round((last - first).days * 0.04)))
    start, end = first - margin, last + margin
    days = (end - start).days
    by_lane: dict[str, list[ChainMark]] = defaultdict(list)
    for mark in sorted(marks, key=lambda m: m.date):  # stable: the given order per day
        by_lane[mark.lane].append(mark)
    gaps = [
        (b.date - a.date).days
        for lane_marks in by_lane.values()
        for a, b in zip(lane_marks, lane_marks[1:], strict=False)
        if b.date > a.date
    ]
    scale = CH_PLOT / days
    if gaps:
        scale = max(scale, min(CH_GAP / min(gaps), CH_PLOT_MAX / days))

    def x_of(day: datetime.date) -> float:
        return left + (day - start).days * scale

    position: dict[str, tuple[float, float]] = {}
    for lane, lane_marks in by_lane.items():
        previous = -math.inf
        for mark in lane_marks:
            x = max(x_of(mark.date), previous + CH_GAP)
            position[mark.id] = (x, lane_y[lane])
            previous = x
    rings = {
        index: (position[w.source][0] + CH_WAIT, lane_y[w.lane])
        for index, w in enumerate(waits)
        if w.source in position
    }
    right = max(
        [x_of(end), *(x + CH_GAP for x, _y in position.values())]
        + [x + CH_RADIUS + 8 for x, _y in rings.values()]
    )
    width = right + 16
    bottom = CH_TOP + len(lanes) * CH_LANE
    height = bottom + CH_AXIS
    digest = repr((marks, list(steps), list(waits))).encode()
    prefix = "chain-" + hashlib.sha1(digest).hexdigest()[:8]

    body = [
        _chain_lanes(lanes, lane_names, lane_y, label_width, width),
        _chain_axis(start, end, x_of, left, bottom, width),
    ]
    drawn = [s for s in steps if s.source in position and s.target in position]
    kinds = sorted({_css(s.kind) for s in drawn} | {_css(waits[i].kind) for i in rings})
    if kinds:
        body.append(_tag("defs", *(_arrowhead(prefix, kind) for kind in kinds)))
    seen: set[tuple[str, str]] = set()
    for step in drawn:
        if (step.source, step.target) in seen:
            continue
        seen.add((step.source, step.target))
        body.append(_chain_arrow(step, position[step.source], position[step.target], prefix))
    for index, ring in rings.items():
        body.append(_chain_wait(waits[index], position[waits[index].source], ring, prefix))
    # The side of each mark its arrows leave or reach: its label goes on the other one.
    crowded: Counter[tuple[str, str]] = Counter()
    ends = [(s.source, position[s.target]) for s in drawn]
    ends += [(s.target, position[s.source]) for s in drawn]
    ends += [(waits[i].source, ring) for i, ring in rings.items()]
    for mark_id, other in ends:
        y = position[mark_id][1]
        crowded[mark_id, "above" if other[1] <= y else "below"] += 1
    for lane_marks in by_lane.values():
        sides = []
        for index, mark in enumerate(lane_marks):
            above, below = crowded[mark.id, "above"], crowded[mark.id, "below"]
            # Where no arrow decides, labels alternate below and above, so that
            # neighbours' labels do not collide.
            sides.append(below < above if above != below else index % 2 == 0)
        xs = [position[m.id][0] for m in lane_marks]
        for index, mark in enumerate(lane_marks):
            # As wide as the room to the nearest label on the same side.
            room = min(
                [CH_LABEL_MAX]
                + [
                    abs(xs[index] - xs[other]) - 8
                    for other in range(len(xs))
                    if other != index and sides[other] == sides[index]
                ]
            )
            body.append(
                _chain_mark(mark, position[mark.id], sides[index], room, label_width, width)
            )
    return _svg("chain", width, height, gettext("Case chain"), *body, description=description)


def _chain_lanes(lanes, names, lane_y, label_width: float, width: float) -> str:
    parts = []
    for index, (lane, name) in enumerate(zip(lanes, names, strict=True)):
        top = CH_TOP + index * CH_LANE
        parts += [
            _tag(
                "rect",
                class_="lane-bg",
                x=0,
                y=top,
                width=width,
                height=CH_LANE,
                fill=STRIPE if index % 2 == 0 else BACKGROUND,
            ),
            _tag(
                "line",
                class_="lane-line",
                x1=label_width,
                x2=width - 8,
                y1=lane_y[lane],
                y2=lane_y[lane],
                stroke=GRID,
            ),
            _tag(
                "text",
                _text(name),
                class_="lane-label",
                x=8,
                y=lane_y[lane] + 4,
                font_weight="bold",
            ),
        ]
    return _tag("g", *parts, class_="lanes")


def _chain_axis(start, end, x_of, left: float, bottom: float, width: float) -> str:
    """The time axis: a tick at each month where there is room, and at each new year a
    line across the lanes with the year beside it; the first year is named at the left."""
    parts = [_tag("line", class_="axis", x1=left, x2=width - 8, y1=bottom, y2=bottom, stroke=MUTED)]
    month = datetime.date(start.year, start.month, 1)
    month_room = x_of(datetime.date(2001, 2, 1)) - x_of(datetime.date(2001, 1, 1))
    years = []
    while month <= end:
        if month > start:
            x = x_of(month)
            if month.month == 1:
                years.append((month.year, x))
            elif month_room >= 6:
                parts.append(
                    _tag("line", class_="tick", x1=x, x2=x, y1=bottom, y2=bottom + 3, stroke=MUTED)
                )
                if month_room >= 28:  # room to name the month
                    parts.append(
                        _tag(
                            "text",
                            _text(MONTHS_3[month.month]),
                            class_="month-label",
                            x=x + 2,
                            y=bottom + 12,
                            font_size=9,
                            fill=MUTED,
                        )
                    )
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    if not years or years[0][1] - left > 34:
        years.insert(0, (start.year, left))
    for year, x in years:
        if x > left:
            parts += [
                _tag(
                    "line",
                    class_="year",
                    x1=x,
                    x2=x,
                    y1=CH_TOP,
                    y2=bottom + 6,
                    stroke=MUTED,
                    stroke_dasharray="3 3",
                ),
            ]
        parts.append(
            _tag(
                "text",
                _text(year),
                class_="year-label",
                x=x + 3,
                y=bottom + 18,
                font_size=11,
                font_weight="bold",
                fill=MUTED,
            )
        )
    return _tag("g", *parts, class_="axis")


def _arrowhead(prefix: str, kind: str) -> str:
    return _tag(
        "marker",
        _tag("path", d="M0,0 L10,5 L0,10 z", fill=KIND_FILLS.get(kind, OTHER_FILL)),
        id=f"{prefix}-{kind}",
        viewBox="0 0 10 10",
        refX=9,
        refY=5,
        markerWidth=6,
        markerHeight=6,
        orient="auto",
    )


def _toward(point, goal, distance):
    dx, dy = goal[0] - point[0], goal[1] - point[1]
    length = math.hypot(dx, dy) or 1
    return point[0] + dx / length * distance, point[1] + dy / length * distance


def _chain_arrow(step: ChainStep, source, target, prefix: str) -> str:
    """From the earlier mark to the later one, the way the matter travelled."""
    (x1, y1), (x2, y2) = source, target
    if y1 == y2:  # same lane: bow upwards so the arrow does not run through the marks
        control = ((x1 + x2) / 2, y1 - min(CH_LANE * 0.45, 12 + abs(x1 - x2) * 0.12))
    else:
        control = ((x1 + x2) / 2, (y1 + y2) / 2)
    # Start and end on the circles' edges, not at their centres.
    sx, sy = _toward(source, control, CH_RADIUS + 1)
    ex, ey = _toward(target, control, CH_RADIUS + 2)
    kind = _css(step.kind)
    return _tag(
        "path",
        _title(step.summary) if step.summary else "",
        class_=f"answer {kind}" + (" taken-up" if step.dashed else ""),
        data_from=step.source,
        data_to=step.target,
        d=f"M{_num(sx)},{_num(sy)} Q{_num(control[0])},{_num(control[1])} {_num(ex)},{_num(ey)}",
        fill="none",
        stroke=KIND_FILLS.get(kind, OTHER_FILL),
        stroke_width=1.5,
        stroke_dasharray="5 3" if step.dashed else None,
        marker_end=f"url(#{prefix}-{kind})",
    )


def _chain_wait(wait: ChainWait, source, ring, prefix: str) -> str:
    """A dashed arrow to an open ring with a question mark on the lane of the forum the
    referral waits for."""
    kind = _css(wait.kind)
    colour = KIND_FILLS.get(kind, OTHER_FILL)
    sx, sy = _toward(source, ring, CH_RADIUS + 1)
    ex, ey = _toward(ring, source, CH_RADIUS + 2)
    return _tag(
        "g",
        _title(wait.summary),
        _tag(
            "path",
            d=f"M{_num(sx)},{_num(sy)} L{_num(ex)},{_num(ey)}",
            fill="none",
            stroke=colour,
            stroke_width=1.5,
            stroke_dasharray="3 3",
            marker_end=f"url(#{prefix}-{kind})",
        ),
        _tag(
            "circle",
            cx=ring[0],
            cy=ring[1],
            r=CH_RADIUS,
            fill=BACKGROUND,
            stroke=colour,
            stroke_width=1.5,
            stroke_dasharray="3 2",
        ),
        _tag(
            "text",
            "?",
            x=ring[0],
            y=ring[1] + 3.5,
            text_anchor="middle",
            font_size=CH_FONT,
            font_weight="bold",
            fill=colour,
        ),
        class_=f"waiting {kind}",
        data_from=wait.source,
    )


def _fit(text: str, room: float) -> str:
    return _shorten(text, max(1, int(room / (CH_FONT * 0.6))))


def _chain_mark(mark: ChainMark, point, below: bool, room: float, left: float, width: float):
    cx, cy = point
    kind = _css(mark.kind)
    lines = [_fit(mark.label, room)]
    if mark.title and room >= CH_LABEL_MIN:
        lines.append(_fit(mark.title, room))
    widest = max(_text_width(line, CH_FONT) for line in lines)
    # Centred under the mark, unless that would run past either edge.
    anchor, tx = "middle", cx
    if cx - widest / 2 < left:
        anchor, tx = "start", max(cx - CH_RADIUS, left)
    elif cx + widest / 2 > width - 4:
        anchor, tx = "end", min(cx + CH_RADIUS, width - 4)
    step = CH_FONT + 2
    if below:
        ys = [cy + CH_RADIUS + 12 + step * n for n in range(len(lines))]
    else:
        ys = [cy - CH_RADIUS - 5 - step * n for n in reversed(range(len(lines)))]
    texts = [
        _tag(
            "text",
            _text(line),
            class_="event-label" if n == 0 else "event-title",
            x=tx,
            y=y,
            text_anchor=anchor,
            font_size=CH_FONT,
            font_weight="bold" if n == 0 else None,
        )
        for n, (line, y) in enumerate(zip(lines, ys, strict=True))
    ]
    circle = _tag(
        "circle",
        cx=cx,
        cy=cy,
        r=CH_RADIUS,
        fill=KIND_FILLS.get(kind, OTHER_FILL),
        stroke=BACKGROUND,
        stroke_width=1.5,
    )
    # The title goes inside the link, which it names for a screen reader: the date, the
    # forum and each item, not only the words drawn under the mark.
    inner = [_title(mark.summary), circle, *texts]
    return _tag(
        "g",
        _link(mark.url, *inner) if mark.url else "".join(inner),
        class_=f"event {kind}",
        data_id=mark.id,
    )


# --- 3. Adoption matrix -------------------------------------------------------------

MX_LABEL_WIDTH = 130
MX_CELL_W = 34
MX_CELL_H = 22
MX_COLUMN_CHARS = 26
MX_MIN_WIDTH = 360


def status_labels() -> dict[str, str]:
    """What each adoption status is called, for the matrix and the table beside it."""
    return {
        "adopted": gettext("Adopted"),
        "adopted_with_changes": gettext("Adopted with changes"),
        "pending": gettext("Pending"),
        "rejected": gettext("Rejected"),
        "missing": gettext("Not recorded"),
    }


def adoption_matrix(
    recommendations: list[MatrixColumn],
    principals: list[str],
    cells: dict[tuple[int, str], str],
) -> SafeString:
    """One row per principal, one column per recommendation, coloured by status.

    The count under a column is of unchanged adoptions only: adoption with changes
    is not the identical decision a recommendation asks for (see AdoptionSummary).
    """
    if not recommendations or not principals:
        return _nothing_to_show("matrix")
    labels = status_labels()
    for key, status in cells.items():
        if status not in STATUS_FILLS:
            raise ValueError(f"Unknown adoption status {status!r} for {key!r}.")

    headings = [_shorten(c.label, MX_COLUMN_CHARS) for c in recommendations]
    reach = max(_text_width(h, 10) for h in headings) * math.sqrt(0.5)  # rotated 45°
    top = reach + 14
    grid_right = MX_LABEL_WIDTH + len(recommendations) * MX_CELL_W
    width = max(grid_right - MX_CELL_W / 2 + reach + 8, MX_MIN_WIDTH)
    grid_bottom = top + len(principals) * MX_CELL_H
    legend, legend_height = _matrix_legend(labels, grid_bottom + 26, width)
    height = grid_bottom + 26 + legend_height + 6

    parts = []
    for j, (column, heading) in enumerate(zip(recommendations, headings, strict=True)):
        cx = MX_LABEL_WIDTH + (j + 0.5) * MX_CELL_W
        parts.append(
            _link(
                column.url,
                _tag(
                    "text",
                    _title(column.label),
                    _text(heading),
                    class_="column-label",
                    x=cx,
                    y=top - 6,
                    font_size=10,
                    transform=f"rotate(-45 {_num(cx)} {_num(top - 6)})",
                ),
            )
        )
    for i, principal in enumerate(principals):
        y = top + i * MX_CELL_H
        parts.append(
            _tag(
                "text",
                _text(_shorten(principal, 18)),
                class_="row-label",
                x=MX_LABEL_WIDTH - 6,
                y=y + MX_CELL_H / 2 + 4,
                text_anchor="end",
            )
        )
        for j, column in enumerate(recommendations):
            status = cells.get((column.id, principal), "missing")
            x = MX_LABEL_WIDTH + j * MX_CELL_W
            glyph, glyph_fill = STATUS_GLYPHS[status]
            content = [
                _title(f"{principal} – {labels[status]} ({column.label})"),
                _tag(
                    "rect",
                    class_=f"cell {status}",
                    x=x + 1,
                    y=y + 1,
                    width=MX_CELL_W - 2,
                    height=MX_CELL_H - 2,
                    rx=2,
                    fill=STATUS_FILLS[status],
                    stroke=MISSING_STROKE if status == "missing" else None,
                ),
            ]
            if glyph:
                content.append(
                    _tag(
                        "text",
                        _text(glyph),
                        class_="glyph",
                        x=x + MX_CELL_W / 2,
                        y=y + MX_CELL_H / 2 + 4,
                        text_anchor="middle",
                        font_size=11,
                        fill=glyph_fill,
                    )
                )
            parts.append(_tag("g", *content, class_="cell-group"))
    total = len(principals)
    for j, column in enumerate(recommendations):
        adopted = sum(cells.get((column.id, p)) == "adopted" for p in principals)
        parts.append(
            _tag(
                "text",
                _title(f"{labels['adopted']}: {adopted}/{total}"),
                _text(f"{adopted}/{total}"),
                class_="count",
                x=MX_LABEL_WIDTH + (j + 0.5) * MX_CELL_W,
                y=grid_bottom + 14,
                text_anchor="middle",
                font_size=10,
            )
        )
    title = gettext("Adoption by the principals")
    return _svg("matrix", width, height, title, *parts, legend)


def _matrix_legend(labels: dict[str, str], top: float, width: float) -> tuple[str, float]:
    items, x, y = [], 8.0, top
    for status in STATUS_ORDER:
        label = labels[status]
        item_width = 12 + 5 + _text_width(label, 11) + 16
        if x > 8 and x + item_width > width - 8:
            x, y = 8.0, y + 18
        items.append(
            _tag(
                "g",
                _tag(
                    "rect",
                    x=x,
                    y=y,
                    width=12,
                    height=12,
                    rx=2,
                    fill=STATUS_FILLS[status],
                    stroke=MISSING_STROKE if status == "missing" else None,
                ),
                _tag(
                    "text",
                    _text(STATUS_GLYPHS[status][0]),
                    x=x + 6,
                    y=y + 10,
                    text_anchor="middle",
                    font_size=9,
                    fill=STATUS_GLYPHS[status][1],
                ),
                _tag("text", _text(label), x=x + 17, y=y + 10, font_size=11),
                class_=f"legend-item {status}",
            )
        )
        x += item_width
    return _tag("g", *items, class_="legend"), y - top + 14
