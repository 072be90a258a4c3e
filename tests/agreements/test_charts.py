"""The SVG pictures: well-formed, accessible, and drawn where the dates say."""

import datetime
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from council.reference import MUNICIPALITIES, REGION
from register.charts import (
    KIND_FILLS,
    OTHER_FILL,
    SVG_NS,
    ChainMark,
    ChainStep,
    ChainWait,
    MatrixColumn,
    TimelineRow,
    adoption_matrix,
    agreement_timeline,
    case_chain,
    min_width_class,
)

D = datetime.date
ET.register_namespace("", SVG_NS)
NS = {"svg": SVG_NS}
TODAY = D(2025, 5, 1)
PRINCIPALS = [REGION, *MUNICIPALITIES]


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def classes(element: ET.Element) -> list[str]:
    return element.get("class", "").split()


def find_all(root: ET.Element, tag: str, css: str | None = None) -> list[ET.Element]:
    found = root.iter(f"{{{SVG_NS}}}{tag}")
    return [e for e in found if css is None or css in classes(e)]


def text_of(element: ET.Element) -> str:
    """The element's own text, leaving out its <title> tooltip."""
    return "".join(
        [element.text or ""] + [c.tail or "" for c in element if c.tag == f"{{{SVG_NS}}}title"]
    ).strip()


def title_of(element: ET.Element) -> str:
    """The element's title, or its link's, which the title names."""
    title = element.find("svg:title", NS)
    if title is None:
        title = element.find("svg:a/svg:title", NS)
    assert title is not None
    return title.text or ""


def span(bar: ET.Element) -> tuple[float, float]:
    x = float(bar.get("x"))
    return x, x + float(bar.get("width"))


def row(short_name: str, **fields) -> TimelineRow:
    values = {
        "short_name": short_name,
        "title": f"Överenskommelse {short_name}",
        "url": None,
        "valid_from": None,
        "valid_until": None,
        "until_further_notice": False,
        "notice_deadline": None,
        "evaluation_due": None,
        "status": "active",
    }
    return TimelineRow(**(values | fields))


def assert_accessible_svg(root: ET.Element) -> None:
    assert root.tag == f"{{{SVG_NS}}}svg"
    # A picture of links is a group a screen reader can enter, each link named by its
    # <title>; one without links is a single image.
    links = find_all(root, "a")
    assert root.get("role") == ("group" if links else "img")
    for link in links:
        assert [t for t in link.iter(f"{{{SVG_NS}}}title") if t.text], ET.tostring(link)
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    # Drawn at most half as large again as designed, in the viewBox's proportions; the
    # stylesheet shrinks it to the page. No style attribute: the CSP refuses them.
    _, _, width, height = (float(n) for n in root.get("viewBox").split())
    assert float(root.get("width")) == pytest.approx(width * 1.5, abs=0.1)
    assert float(root.get("height")) == pytest.approx(height * 1.5, abs=0.1)
    assert not [e for e in root.iter() if "style" in e.attrib]
    assert root[0].tag == f"{{{SVG_NS}}}title"
    assert root[0].text and root.get("aria-label") == root[0].text
    assert not find_all(root, "script")
    assert not find_all(root, "image")
    assert not find_all(root, "foreignObject")


# --- Timeline ---------------------------------------------------------------------

ENDED = row(
    "TN-platser",
    valid_from=D(2020, 12, 1),
    valid_until=D(2021, 11, 30),
    notice_deadline=D(2021, 5, 30),
    status="ended",
    url="/overenskommelser/1/",
)
CURRENT = row(
    "Hälsoval",
    valid_from=D(2022, 1, 1),
    valid_until=D(2026, 12, 31),
    notice_deadline=D(2026, 6, 30),
    evaluation_due=D(2025, 9, 1),
    url="/overenskommelser/2/",
)
OPEN_ENDED = row("Tills vidare", valid_from=D(2019, 3, 1), until_further_notice=True)
FUTURE = row("Utkast", valid_from=D(2025, 9, 1), valid_until=D(2027, 8, 31), status="draft")


def timeline(*rows: TimelineRow, **kwargs) -> ET.Element:
    return parse(agreement_timeline(list(rows), TODAY, **kwargs))


def bars_by_name(root: ET.Element) -> dict[str, ET.Element]:
    found = {}
    for lane in find_all(root, "g", "lane"):
        label = next(iter(find_all(lane, "text", "label")))
        bars = find_all(lane, "rect", "bar")
        found[text_of(label)] = bars[0] if bars else None
    return found


def today_x(root: ET.Element) -> float:
    (line,) = find_all(root, "line", "today")
    assert line.get("x1") == line.get("x2")
    return float(line.get("x1"))


def test_timeline_is_an_accessible_svg_with_a_lane_and_bar_per_agreement():
    root = timeline(ENDED, CURRENT, OPEN_ENDED, FUTURE)
    assert_accessible_svg(root)
    assert len(find_all(root, "g", "lane")) == 4
    assert len(find_all(root, "rect", "bar")) == 4
    assert list(bars_by_name(root)) == ["TN-platser", "Hälsoval", "Tills vidare", "Utkast"]


def test_timeline_marks_each_deadline_once_with_its_date_in_the_tooltip():
    root = timeline(ENDED, CURRENT, OPEN_ENDED, FUTURE)
    notice = find_all(root, "g", "notice")
    evaluation = find_all(root, "g", "evaluation")
    expiry = find_all(root, "g", "expiry")
    assert (len(notice), len(evaluation), len(expiry)) == (2, 1, 3)
    assert "2021-05-30" in title_of(notice[0]) and "TN-platser" in title_of(notice[0])
    assert "2025-09-01" in title_of(evaluation[0])
    assert [title_of(m)[-10:] for m in expiry] == ["2021-11-30", "2026-12-31", "2027-08-31"]


def test_timeline_mark_wording_in_english():
    with translation.override("en"):
        root = timeline(CURRENT)
    tooltips = [title_of(g) for g in find_all(root, "g", "mark")]
    assert tooltips == [
        "Hälsoval – Notice deadline: 2026-06-30",
        "Hälsoval – Evaluation due: 2025-09-01",
        "Hälsoval – Expires: 2026-12-31",
    ]


def test_bar_runs_from_start_to_end_with_marks_in_between():
    root = timeline(ENDED, CURRENT)
    bars = bars_by_name(root)
    ended_left, ended_right = span(bars["TN-platser"])
    current_left, current_right = span(bars["Hälsoval"])
    assert ended_left < ended_right < current_left < current_right
    # Scale: a 4-year agreement is drawn about four times as long as a 1-year one.
    ratio = (current_right - current_left) / (ended_right - ended_left)
    assert 4.5 < ratio < 5.5
    lane = find_all(root, "g", "lane")[1]
    notice_x = float(find_all(lane, "g", "notice")[0].get("data-x"))
    evaluation_x = float(find_all(lane, "g", "evaluation")[0].get("data-x"))
    expiry_x = float(find_all(lane, "g", "expiry")[0].get("data-x"))
    assert current_left < evaluation_x < notice_x < expiry_x
    assert expiry_x == pytest.approx(current_right, abs=0.2)
    expiry_rect = find_all(lane, "g", "expiry")[0].find("svg:rect", NS)
    assert sum(span(expiry_rect)) / 2 == pytest.approx(expiry_x, abs=0.2)
    apex = find_all(lane, "g", "notice")[0].find("svg:polygon", NS).get("points").split()[0]
    assert float(apex.split(",")[0]) == pytest.approx(notice_x, abs=0.2)


def test_today_line_lies_between_the_past_and_the_future():
    root = timeline(ENDED, CURRENT, FUTURE)
    bars = bars_by_name(root)
    x = today_x(root)
    assert span(bars["TN-platser"])[1] < x
    assert span(bars["Hälsoval"])[0] < x < span(bars["Hälsoval"])[1]
    assert x < span(bars["Utkast"])[0]


def test_today_is_labelled():
    with translation.override("en"):
        root = timeline(CURRENT)
    (group,) = find_all(root, "g", "today")
    assert text_of(find_all(group, "text", "today-label")[0]) == "Today"
    assert title_of(group) == "Today: 2025-05-01"
    with translation.override("sv"):
        root = timeline(CURRENT)
    label = find_all(root, "text", "today-label")[0]
    with translation.override("sv"):
        assert text_of(label) == gettext("Today")


def test_until_further_notice_reaches_the_right_edge_with_an_arrow():
    with translation.override("en"):
        root = timeline(ENDED, OPEN_ENDED, CURRENT)
    (axis,) = find_all(root, "line", "axis")
    right_edge = float(axis.get("x2"))
    bars = bars_by_name(root)
    assert span(bars["Tills vidare"])[1] == pytest.approx(right_edge, abs=0.2)
    assert span(bars["Hälsoval"])[1] < right_edge
    lane = find_all(root, "g", "lane")[1]
    assert len(find_all(lane, "polygon", "arrow")) == 1
    assert text_of(find_all(lane, "text", "ufn")[0]) == "until further notice"
    assert not find_all(find_all(root, "g", "lane")[2], "polygon", "arrow")


def test_until_further_notice_wording_goes_through_gettext():
    with translation.override("sv"):
        root = timeline(OPEN_ENDED)
        assert text_of(find_all(root, "text", "ufn")[0]) == gettext("until further notice")


def test_unknown_start_begins_faded_at_the_left_edge():
    root = timeline(CURRENT, row("Gammal", valid_until=D(2024, 6, 30)))
    (axis,) = find_all(root, "line", "axis")
    bars = bars_by_name(root)
    assert span(bars["Gammal"])[0] == pytest.approx(float(axis.get("x1")))
    old_lane, current_lane = find_all(root, "g", "lane")[1], find_all(root, "g", "lane")[0]
    assert len(find_all(old_lane, "rect", "fade")) == 4
    assert not find_all(current_lane, "rect", "fade")


def test_unknown_end_is_drawn_open_and_dashed_up_from_today():
    root = timeline(CURRENT, row("Öppet", valid_from=D(2022, 3, 1)))
    bars = bars_by_name(root)
    assert span(bars["Öppet"])[1] == pytest.approx(today_x(root), abs=0.2)
    (open_end,) = find_all(root, "rect", "open-end")
    assert open_end.get("stroke-dasharray")
    assert float(open_end.get("x")) == pytest.approx(span(bars["Öppet"])[1], abs=0.2)
    assert not find_all(root, "polygon", "arrow")


def test_ended_and_replaced_bars_are_grey():
    replaced = row("Ersatt", valid_from=D(2018, 1, 1), valid_until=D(2020, 1, 1))
    replaced = TimelineRow(**{**replaced.__dict__, "status": "replaced"})
    bars = bars_by_name(timeline(ENDED, replaced, CURRENT))
    assert bars["TN-platser"].get("fill") == bars["Ersatt"].get("fill")
    assert bars["TN-platser"].get("fill") != bars["Hälsoval"].get("fill")
    assert "ended" in classes(bars["TN-platser"]) and "replaced" in classes(bars["Ersatt"])
    assert "active" in classes(bars["Hälsoval"])


def test_year_ticks_along_the_axis():
    root = timeline(CURRENT, start=D(2021, 6, 1), end=D(2025, 6, 1))
    years = [text_of(t) for t in find_all(root, "text", "tick-label")]
    assert years == ["2022", "2023", "2024", "2025"]
    xs = [float(t.get("x")) for t in find_all(root, "text", "tick-label")]
    assert xs == sorted(xs)


def test_default_axis_spans_every_date_with_a_margin():
    root = timeline(ENDED, CURRENT)
    (axis,) = find_all(root, "line", "axis")
    left, right = float(axis.get("x1")), float(axis.get("x2"))
    bars = bars_by_name(root)
    assert left < span(bars["TN-platser"])[0]
    assert span(bars["Hälsoval"])[1] < right


def test_explicit_range_clips_bars_and_leaves_out_marks_outside_it():
    root = timeline(ENDED, CURRENT, start=D(2023, 1, 1), end=D(2025, 12, 31))
    bars = bars_by_name(root)
    assert bars["TN-platser"] is None  # ended before the range
    (axis,) = find_all(root, "line", "axis")
    assert span(bars["Hälsoval"]) == pytest.approx((float(axis.get("x1")), float(axis.get("x2"))))
    assert [m.get("class") for m in find_all(root, "g", "mark")] == ["mark evaluation"]


def test_timeline_labels_link_to_the_agreements():
    root = timeline(ENDED, CURRENT, OPEN_ENDED)
    links = find_all(root, "a")
    assert [a.get("href") for a in links] == ["/overenskommelser/1/", "/overenskommelser/2/"]
    assert text_of(find_all(links[0], "text", "label")[0]) == "TN-platser"


def test_link_addresses_are_escaped_in_attributes():
    address = '/overenskommelser/?q="x"&sida=2'
    svg = str(agreement_timeline([row("Sökning", valid_from=D(2022, 1, 1), url=address)], TODAY))
    assert 'href="/overenskommelser/?q=&quot;x&quot;&amp;sida=2"' in svg
    (link,) = find_all(parse(svg), "a")
    assert link.get("href") == address


def test_javascript_links_are_dropped():
    root = timeline(row("Farlig", valid_from=D(2022, 1, 1), url="javascript:alert(1)"))
    assert not find_all(root, "a")


def test_timeline_escapes_text():
    nasty = row(
        "<script>x</script>",
        title='<script>alert("x")</script> & Co',
        valid_from=D(2022, 1, 1),
        valid_until=D(2024, 1, 1),
    )
    svg = str(agreement_timeline([nasty], TODAY))
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in svg
    label = find_all(parse(svg), "text", "label")[0]
    assert title_of(label) == '<script>alert("x")</script> & Co'
    assert text_of(label) == "<script>x</script>"


def test_empty_timeline_says_so():
    with translation.override("en"):
        root = parse(agreement_timeline([], TODAY))
    assert_accessible_svg(root)
    assert root.get("aria-label") == "Nothing to show"
    assert not find_all(root, "rect", "bar")


def test_timeline_rejects_a_backwards_range():
    with pytest.raises(ValueError):
        agreement_timeline([CURRENT], TODAY, start=D(2025, 1, 1), end=D(2024, 1, 1))


# --- Case chain -------------------------------------------------------------------

LANES = ["SCHNV", "LCHNV", "VFR", "Huvudmän"]


def mark(mark_id, day, lane, kind="approved", url=None, label=None, title="p. 1 Ärende"):
    return ChainMark(
        mark_id,
        day,
        lane,
        label or f"{lane} {day.day}/{day.month}",
        title,
        f"{day.isoformat()} · {lane} · {title}",
        url,
        kind,
    )


CHAIN = [
    mark("s8", D(2020, 3, 1), "SCHNV", "referred", "/moten/1/#p8", title="p. 8 Remiss om TN"),
    mark("l3", D(2020, 4, 1), "LCHNV", "referred", "/moten/2/#p3", title="p. 3 Tillstyrks"),
    mark("v4", D(2020, 6, 17), "VFR", "recommended", "/moten/3/#p4", title="p. 4 TN-platser"),
    mark("a1", D(2020, 9, 1), "Huvudmän", "adoption", label="Falun, Mora", title="1/9"),
]
STEPS = [
    ChainStep("s8", "l3", "referred"),
    ChainStep("l3", "v4", "referred"),
    ChainStep("v4", "a1", "recommended"),
]


def marks_by_id(root: ET.Element) -> dict[str, tuple[float, float]]:
    found = {}
    for group in find_all(root, "g", "event"):
        circle = group.find(".//svg:circle", NS)
        found[group.get("data-id")] = (float(circle.get("cx")), float(circle.get("cy")))
    return found


def ends_of(arrow: ET.Element) -> tuple[tuple[float, float], tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", arrow.get("d"))]
    return (numbers[0], numbers[1]), (numbers[-2], numbers[-1])


def test_chain_is_an_accessible_svg_with_every_mark_and_lane():
    root = parse(case_chain(CHAIN, LANES, STEPS, description="Ärendet vid fyra möten."))
    assert_accessible_svg(root)
    assert len(find_all(root, "g", "event")) == 4
    assert [text_of(t) for t in find_all(root, "text", "lane-label")] == LANES
    # A text alternative beside the title: the picture's facts in a sentence.
    assert root.find("svg:desc", NS).text == "Ärendet vid fyra möten."


def test_marks_sit_on_their_lanes_at_their_dates_to_scale():
    where = marks_by_id(parse(case_chain(CHAIN, LANES, STEPS)))
    assert where["s8"][1] < where["l3"][1] < where["v4"][1] < where["a1"][1]
    # The distance between two marks is in proportion to the days between them.
    per_day = (where["l3"][0] - where["s8"][0]) / (D(2020, 4, 1) - D(2020, 3, 1)).days
    for later, day in [("v4", D(2020, 6, 17)), ("a1", D(2020, 9, 1))]:
        days = (day - D(2020, 3, 1)).days
        assert where[later][0] - where["s8"][0] == pytest.approx(per_day * days, abs=0.5)


def test_the_axis_marks_each_year_where_it_begins():
    later = mark("s9", D(2022, 9, 23), "SCHNV", "noted")
    root = parse(case_chain([*CHAIN, later], LANES, STEPS))
    where = marks_by_id(root)
    years = {text_of(t): float(t.get("x")) for t in find_all(root, "text", "year-label")}
    assert list(years) == ["2020", "2021", "2022"]
    lines = [float(line.get("x1")) for line in find_all(root, "line", "year")]
    per_day = (where["s9"][0] - where["s8"][0]) / (D(2022, 9, 23) - D(2020, 3, 1)).days
    for line, first_of_year in zip(lines, [D(2021, 1, 1), D(2022, 1, 1)], strict=True):
        days = (first_of_year - D(2020, 3, 1)).days
        assert line == pytest.approx(where["s8"][0] + per_day * days, abs=0.5)
    assert years["2021"] == pytest.approx(lines[0] + 3)


def test_a_short_chain_names_its_year_and_months():
    root = parse(case_chain(CHAIN[:2], LANES[:2], STEPS[:1]))
    assert [text_of(t) for t in find_all(root, "text", "year-label")] == ["2020"]
    with translation.override("sv"):
        root = parse(case_chain(CHAIN[:2], LANES[:2], STEPS[:1]))
    months = [text_of(t) for t in find_all(root, "text", "month-label")]
    assert "mar" in months and "apr" in months


def test_marks_of_one_lane_close_in_time_stand_apart():
    crowd = [
        mark(f"p{n}", D(2021, 3, 1) + datetime.timedelta(days=n), "Huvudmän", "adoption")
        for n in range(6)
    ]
    root = parse(case_chain(crowd, LANES))
    radius = float(find_all(root, "circle")[0].get("r"))
    xs = sorted(x for x, _y in marks_by_id(root).values())
    assert all(b - a >= 2 * radius + 4 for a, b in zip(xs, xs[1:], strict=False))


def test_arrows_run_the_way_the_matter_travelled():
    root = parse(case_chain(CHAIN, LANES, STEPS))
    where = marks_by_id(root)
    radius = float(find_all(root, "circle")[0].get("r"))
    arrows = {(a.get("data-from"), a.get("data-to")): a for a in find_all(root, "path", "answer")}
    assert sorted(arrows) == [("l3", "v4"), ("s8", "l3"), ("v4", "a1")]
    start, end = ends_of(arrows["l3", "v4"])
    assert math.dist(start, where["l3"]) == pytest.approx(radius + 1, abs=0.2)
    assert math.dist(end, where["v4"]) == pytest.approx(radius + 2, abs=0.2)
    assert start[0] < end[0]  # from the earlier to the later
    marker_id = re.fullmatch(r"url\(#(.+)\)", arrows["l3", "v4"].get("marker-end")).group(1)
    assert marker_id in {m.get("id") for m in find_all(root, "marker")}
    # An arrow takes the colour of the decision that sent the matter on.
    assert arrows["l3", "v4"].get("stroke") == KIND_FILLS["referred"]


def test_a_matter_taken_up_without_its_answer_recorded_is_dashed():
    taken_up = ChainStep("l3", "v4", "referred", dashed=True, summary="VFR tog upp ärendet")
    root = parse(case_chain(CHAIN, LANES, [STEPS[0], taken_up]))
    arrow = next(a for a in find_all(root, "path", "answer") if a.get("data-from") == "l3")
    assert "taken-up" in classes(arrow) and arrow.get("stroke-dasharray")
    assert arrow.find("svg:title", NS).text == "VFR tog upp ärendet"


def test_a_waiting_referral_points_to_an_open_ring_on_the_forums_lane():
    wait = ChainWait("l3", "VFR", "referred", "Väntar på Välfärdsrådet")
    root = parse(case_chain(CHAIN[:2], ["SCHNV", "LCHNV", "VFR"], STEPS[:1], [wait]))
    where = marks_by_id(root)
    (group,) = find_all(root, "g", "waiting")
    assert group.find("svg:title", NS).text == "Väntar på Välfärdsrådet"
    ring = group.find("svg:circle", NS)
    assert ring.get("fill") == "#ffffff" and ring.get("stroke") == KIND_FILLS["referred"]
    vfr_y = float(find_all(root, "text", "lane-label")[2].get("y")) - 4
    assert float(ring.get("cy")) == pytest.approx(vfr_y)
    assert float(ring.get("cx")) > where["l3"][0]
    with pytest.raises(ValueError, match="lane"):
        case_chain(CHAIN[:2], ["SCHNV", "LCHNV"], waits=[wait])


def test_same_lane_arrow_bows_over_the_marks_between():
    later = mark("s9", D(2022, 9, 23), "SCHNV", "noted")
    root = parse(case_chain([*CHAIN, later], LANES, [ChainStep("s8", "s9", "referred")]))
    where = marks_by_id(root)
    (arrow,) = find_all(root, "path", "answer")
    control_y = float(re.search(r"Q-?[\d.]+,(-?[\d.]+)", arrow.get("d")).group(1))
    assert control_y < where["s8"][1]


def test_steps_to_a_mark_not_in_the_picture_draw_no_arrow():
    lonely = mark("x", D(2020, 1, 1), "VFR")
    root = parse(case_chain([lonely], LANES, [ChainStep("elsewhere", "x", "approved")]))
    assert not find_all(root, "path", "answer")
    assert not find_all(root, "marker")


def test_marks_link_and_are_named_by_forum_date_and_item():
    root = parse(case_chain(CHAIN, LANES, STEPS))
    assert [a.get("href") for a in find_all(root, "a")] == [
        "/moten/1/#p8",
        "/moten/2/#p3",
        "/moten/3/#p4",
    ]
    group = next(g for g in find_all(root, "g", "event") if g.get("data-id") == "v4")
    assert title_of(group) == "2020-06-17 · VFR · p. 4 TN-platser"
    assert "recommended" in classes(group)
    # Under the mark: the forum and day, then the item with its title, not only "p. 4".
    assert text_of(find_all(group, "text", "event-label")[0]) == "VFR 17/6"
    assert text_of(find_all(group, "text", "event-title")[0]) == "p. 4 TN-platser"


def test_a_label_takes_the_side_its_arrows_leave_free():
    root = parse(case_chain(CHAIN, LANES, STEPS))
    where = marks_by_id(root)
    groups = {g.get("data-id"): g for g in find_all(root, "g", "event")}

    def label_y(mark_id: str) -> float:
        return float(find_all(groups[mark_id], "text", "event-label")[0].get("y"))

    # SCHNV's one arrow leaves downwards: its label is above; the principals' arrives
    # from above: theirs is below.
    assert label_y("s8") < where["s8"][1]
    assert label_y("a1") > where["a1"][1]


def test_labels_shorten_to_the_room_between_neighbours():
    long_title = "p. 7 Beslut om förlängning av överenskommelsen om rehabilitering och hjälpmedel"
    close = [
        mark(f"v{n}", D(2020, 1, 1) + datetime.timedelta(days=5 * n), "VFR", title=long_title)
        for n in range(4)
    ]
    root = parse(case_chain(close, ["VFR"]))
    titles = [text_of(t) for t in find_all(root, "text", "event-title")]
    assert titles and all(t.endswith("…") and len(t) < len(long_title) for t in titles)
    alone = parse(case_chain(close[:1], ["VFR"]))
    (title,) = [text_of(t) for t in find_all(alone, "text", "event-title")]
    assert len(title) > len(titles[0])


def test_chain_escapes_text():
    nasty = ChainMark("n", D(2020, 1, 1), "VFR", "<b>p</b>", "x", "A & <script>", None, "x<y")
    svg = str(case_chain([nasty], ["VFR"], description="<desc>"))
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)
    group = find_all(root, "g", "event")[0]
    assert title_of(group).endswith("A & <script>")
    assert "<" not in group.get("class")


def test_a_chain_and_a_timeline_keep_their_width_on_a_phone_up_to_a_limit():
    short = parse(case_chain(CHAIN[:1], LANES[:1]))
    width = float(short.get("viewBox").split()[2])
    (least,) = [c for c in classes(short) if c.startswith("chart-min-")]
    assert width <= int(least.removeprefix("chart-min-")) or least == "chart-min-560"
    many = [
        mark(f"e{n}", D(2020, 1, 1) + datetime.timedelta(days=n), "VFR", "noted") for n in range(30)
    ]
    assert "chart-min-560" in classes(parse(case_chain(many, ["VFR"])))
    # A timeline too: on a phone it scrolls instead of shrinking its text to 5 px.
    assert [c for c in classes(timeline(CURRENT)) if c.startswith("chart-min-")]


def test_chain_rejects_marks_on_unknown_lanes_and_twice_the_same_id():
    with pytest.raises(ValueError, match="lane"):
        case_chain(CHAIN, ["SCHNV", "LCHNV", "VFR"])
    with pytest.raises(ValueError, match="unique"):
        case_chain([CHAIN[0], CHAIN[0]], LANES)


def test_empty_chain_says_so():
    with translation.override("en"):
        root = parse(case_chain([], LANES))
    assert root.get("aria-label") == "Nothing to show"
    assert not find_all(root, "circle")


# --- Adoption matrix --------------------------------------------------------------

COLUMNS = [
    MatrixColumn(4, "VFR 2020-06-17 p.4", "/moten/3/#p4"),
    MatrixColumn(7, "VFR 2021-03-11 p.7", None),
]
CELLS = {
    **{(4, p): "adopted" for p in PRINCIPALS[:12]},
    (4, "Smedjebacken"): "adopted_with_changes",
    (4, "Säter"): "rejected",
    (4, "Vansbro"): "pending",
    # Älvdalen has nothing recorded on the first; the second is mostly pending.
    **{(7, p): "pending" for p in PRINCIPALS},
    (7, "Falun"): "adopted",
    (7, "Mora"): "adopted",
    (7, "Orsa"): "adopted_with_changes",
}


def cell_groups(root: ET.Element) -> list[tuple[ET.Element, ET.Element]]:
    found = []
    for group in find_all(root, "g", "cell-group"):
        (rect,) = find_all(group, "rect", "cell")
        found.append((group, rect))
    return found


def status_of(rect: ET.Element) -> str:
    (status,) = [c for c in classes(rect) if c != "cell"]
    return status


def test_matrix_has_a_cell_per_principal_and_recommendation():
    root = parse(adoption_matrix(COLUMNS, PRINCIPALS, CELLS))
    assert_accessible_svg(root)
    cells = cell_groups(root)
    assert len(cells) == 16 * 2
    assert [text_of(t) for t in find_all(root, "text", "row-label")] == PRINCIPALS
    assert PRINCIPALS[0] == "Region Dalarna"
    rows = [float(rect.get("y")) for _, rect in cells[::2]]
    assert rows == sorted(rows) and len(set(rows)) == 16


def test_matrix_cells_are_coloured_by_status():
    root = parse(adoption_matrix(COLUMNS, PRINCIPALS, CELLS))
    legend = {
        status: item.find("svg:rect", NS).get("fill")
        for item in find_all(root, "g", "legend-item")
        for status in classes(item)
        if status != "legend-item"
    }
    assert len(legend) == 5 and len(set(legend.values())) == 5
    cells = iter(cell_groups(root))
    for principal in PRINCIPALS:
        for column in COLUMNS:
            _, rect = next(cells)
            expected = CELLS.get((column.id, principal), "missing")
            assert status_of(rect) == expected, (principal, column.label)
            assert rect.get("fill") == legend[expected]


def test_matrix_counts_unchanged_adoptions_per_column():
    root = parse(adoption_matrix(COLUMNS, PRINCIPALS, CELLS))
    assert [text_of(t) for t in find_all(root, "text", "count")] == ["12/16", "2/16"]


def test_matrix_tooltips_name_the_principal_and_status_in_swedish():
    with translation.override("sv"):
        root = parse(adoption_matrix(COLUMNS, PRINCIPALS, CELLS))
        missing = gettext("Not recorded")
    tooltips = [title_of(group) for group, _ in cell_groups(root)]
    assert "Falun – Antaget (VFR 2020-06-17 p.4)" in tooltips
    assert "Säter – Avslaget (VFR 2020-06-17 p.4)" in tooltips
    assert "Smedjebacken – Antaget med ändringar (VFR 2020-06-17 p.4)" in tooltips
    assert "Vansbro – Väntar på beslut (VFR 2020-06-17 p.4)" in tooltips
    assert f"Älvdalen – {missing} (VFR 2020-06-17 p.4)" in tooltips


def test_matrix_legend_in_english():
    with translation.override("en"):
        root = parse(adoption_matrix(COLUMNS, PRINCIPALS, CELLS))
    items = find_all(root, "g", "legend-item")
    labels = [text_of(i.findall("svg:text", NS)[-1]) for i in items]
    assert labels == ["Adopted", "Adopted with changes", "Pending", "Rejected", "Not recorded"]
    # Each swatch carries the glyph its cells carry, so the legend does not rely on colour.
    glyphs = [text_of(i.findall("svg:text", NS)[0]) for i in items]
    assert glyphs == ["✓", "✓*", "…", "✗", "–"]


def test_matrix_column_labels_link_to_the_recommendations():
    root = parse(adoption_matrix(COLUMNS, PRINCIPALS, CELLS))
    (link,) = find_all(root, "a")
    assert link.get("href") == "/moten/3/#p4"
    headings = [text_of(t) for t in find_all(root, "text", "column-label")]
    assert headings == ["VFR 2020-06-17 p.4", "VFR 2021-03-11 p.7"]


def test_matrix_escapes_text():
    columns = [MatrixColumn(1, "A & <script>", None)]
    svg = str(adoption_matrix(columns, ["Falun & <Mora>"], {}))
    assert "<script>" not in svg and "<Mora>" not in svg
    root = parse(svg)
    assert text_of(find_all(root, "text", "row-label")[0]) == "Falun & <Mora>"
    assert text_of(find_all(root, "text", "count")[0]) == "0/1"


def test_matrix_rejects_unknown_statuses():
    with pytest.raises(ValueError):
        adoption_matrix(COLUMNS, PRINCIPALS, {(4, "Falun"): "maybe"})


def test_empty_matrix_says_so():
    with translation.override("en"):
        root = parse(adoption_matrix([], PRINCIPALS, CELLS))
    assert root.get("aria-label") == "Nothing to show"
    assert not find_all(root, "rect", "cell")


# --- The stylesheet's side ----------------------------------------------------------

SITE_CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text()


def css_rule(selector: str) -> str:
    found = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", SITE_CSS)
    assert found, f"static/css/site.css has no rule for {selector}"
    return found.group(1)


def test_every_least_width_a_chart_can_ask_for_is_in_the_stylesheet():
    for width in range(1, 2000):
        least = min_width_class(width)
        assert css_rule(f".{least}").strip() == f"min-width: {least.removeprefix('chart-min-')}px;"


def test_the_legend_swatches_have_the_colours_of_the_pictures():
    for kind, colour in KIND_FILLS.items():
        assert css_rule(f".legend .swatch-{kind}").strip() == f"background: {colour};"
    assert f"background: {OTHER_FILL};" in css_rule(".legend .swatch")


def contrast(colour: str, background: str = "#ffffff") -> float:
    """WCAG 2.1's contrast ratio of two colours written #rrggbb."""

    def luminance(value: str) -> float:
        channels = [int(value[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted([luminance(colour), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_mark_and_swatch_stands_out_from_the_page_at_3_to_1():
    from pathlib import Path

    from register import charts

    marks = {
        **{f"bar {k}": v for k, v in charts.BAR_FILLS.items()},
        **{f"mark {k}": v for k, v in charts.MARK_FILLS.items()},
        **{f"kind {k}": v for k, v in charts.KIND_FILLS.items()},
        **{f"status {k}": v for k, v in charts.STATUS_FILLS.items() if k != "missing"},
        "other": charts.OTHER_FILL,
        "missing cell border": charts.MISSING_STROKE,
        "today": charts.TODAY_STROKE,
    }
    css = (Path(charts.__file__).resolve().parents[1] / "static/css/site.css").read_text()
    for kind, colour in re.findall(
        r"\.legend \.swatch-([a-z]+) \{ background: (#[0-9a-f]{6})", css
    ):
        marks[f"legend {kind}"] = colour
        assert colour == charts.KIND_FILLS[kind], kind  # the page's legend is the picture's
    low = {name: round(contrast(c), 2) for name, c in marks.items() if contrast(c) < 3}
    assert low == {}
    # The glyph in each cell can be read against the cell.
    for status, (_glyph, ink) in charts.STATUS_GLYPHS.items():
        assert contrast(ink, charts.STATUS_FILLS[status]) >= 4.5, status
