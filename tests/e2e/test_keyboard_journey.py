"""A secretary who uses only the keyboard enters minutes: every field of the meeting and
item editors is reached with Tab, the focus is always visible at 3:1 against what is
behind it and never hidden under the sticky save bar, at a desktop and a phone width,
and a refused save puts the focus on the error summary, whose links lead to the fields."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from council.models import Forum, Membership, Person, Role
from meetings.models import Case, Meeting
from tests.conftest import PASSWORD
from tools.demo import load_demo_data

VIEWPORTS = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]

# What has the focus, whether the focus can be seen, and whether the save bar covers it.
FOCUS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = (colour) => {
    const m = colour.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a] = m[1].split(/[ ,/]+/).map(Number);
    return {r, g, b, a: a === undefined ? 1 : a};
  };
  const luminance = ({r, g, b}) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  let behind = null;
  for (let node = el.parentElement; node && !behind; node = node.parentElement) {
    const colour = parse(getComputedStyle(node).backgroundColor);
    if (colour && colour.a > 0.5) behind = colour;
  }
  behind = behind || {r: 255, g: 255, b: 255};
  const style = getComputedStyle(el);
  const ring = parse(style.outlineColor);
  const width = parseFloat(style.outlineWidth) || 0;
  let contrast = 0;
  if (style.outlineStyle !== "none" && width >= 2 && ring && ring.a > 0.9) {
    const [hi, lo] = [luminance(ring), luminance(behind)].sort((x, y) => y - x);
    contrast = (hi + 0.05) / (lo + 0.05);
  }
  const box = el.getBoundingClientRect();
  const bar = document.querySelector(".sticky-save");
  let covered = false;
  if (bar && !bar.contains(el)) {
    const b = bar.getBoundingClientRect();
    // A control that fits above the bar must not overlap it; a region taller than that
    // (a long table) may run on under it.
    covered = box.bottom > b.top && box.top < b.bottom && box.height <= b.top
      && getComputedStyle(bar).position === "sticky";
  }
  const offscreen = box.bottom <= 0 || box.top >= window.innerHeight;
  const name = el.id || el.name || el.getAttribute("aria-label")
    || el.textContent.trim().slice(0, 40);
  return {key: el.id || `${el.tagName}:${name}`, name: `${el.tagName.toLowerCase()} ${name}`,
          contrast: Math.round(contrast * 100) / 100, covered, offscreen};
}
"""

# The form's controls a keyboard user must be able to reach.
CONTROLS = """
(selector) => [...document.querySelectorAll(selector + " :is(input, select, textarea, button)")]
  .filter((el) => el.type !== "hidden" && !el.disabled && el.offsetParent !== null)
  .map((el) => el.id || `${el.tagName}:${el.name || el.getAttribute("aria-label")
                                          || el.textContent.trim().slice(0, 40)}`)
"""


def tab_through(page, form_selector: str, limit: int = 600) -> tuple[list[str], list[str]]:
    """Tab from the top of the page to its end: the controls never reached, and each stop
    where the focus could not be seen or lay under the save bar."""
    page.locator("body").focus()
    page.evaluate("window.scrollTo(0, 0)")
    reached: set[str] = set()
    problems: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if focus is None:
            break
        if focus["key"] in reached and focus["key"] == "skip-link":
            break
        reached.add(focus["key"])
        if focus["contrast"] < 3:
            problems.append(f"{focus['name']}: focus ring {focus['contrast']}:1")
        if focus["covered"]:
            problems.append(f"{focus['name']}: under the save bar")
        if focus["offscreen"]:
            problems.append(f"{focus['name']}: outside the window")
    missed = [key for key in page.evaluate(CONTROLS, form_selector) if key not in reached]
    return missed, problems


@pytest.fixture
def secretary_in_the_editor(live_server, browser):
    load_demo_data()
    user = get_user_model().objects.create_user("lena", "lena@example.se", PASSWORD)
    person = Person.objects.create(name="Lena Sekreterare", user=user)
    Membership.objects.create(
        forum=Forum.objects.get(code="LCHNV"), person=person, role=Role.SECRETARY
    )
    meeting = Meeting.objects.get(forum__code="LCHNV", date=datetime.date(2021, 4, 16))
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("lena")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/att-gora/")
    yield page, meeting
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["desktop", "phone"])
def test_every_field_of_the_editors_is_reached_with_a_visible_focus(
    secretary_in_the_editor, live_server, viewport
):
    page, meeting = secretary_in_the_editor
    page.set_viewport_size(viewport)
    item = meeting.items.exclude(decisions=None).order_by("position").first()
    for path in [f"/moten/{meeting.pk}/redigera/", f"/moten/{meeting.pk}/punkter/{item.pk}/"]:
        page.goto(live_server.url + path)
        missed, problems = tab_through(page, "form.minutes-editor")
        assert missed == [], f"{path}: not reached with Tab: {missed}"
        assert problems == [], f"{path}:\n" + "\n".join(problems)


def test_a_refused_save_puts_the_focus_on_the_summary_that_leads_to_the_field(
    secretary_in_the_editor, live_server
):
    page, meeting = secretary_in_the_editor
    item = meeting.items.exclude(decisions=None).order_by("position").first()
    page.goto(live_server.url + f"/moten/{meeting.pk}/punkter/{item.pk}/")
    title = page.get_by_role("group", name="Punkten").get_by_label("Rubrik")
    title.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.title().startswith("Fel:")
    summary = page.locator("#error-summary")
    assert summary.evaluate("el => el === document.activeElement")
    assert "Rubrik" in summary.inner_text() or "rubrik" in summary.inner_text()
    link = summary.get_by_role("link").first
    target = link.get_attribute("href").removeprefix("#")
    assert page.locator(f"[id='{target}']").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{target}"
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.activeElement.id === {target!r}")
    # What was typed elsewhere is still there.
    assert page.locator("#id_decisions-0-text").input_value() != ""


def test_the_links_in_a_chart_show_the_focus(live_server, page):
    load_demo_data()
    case = Case.objects.get(title__startswith="Tillnyktringsplatser")
    page.goto(live_server.url + f"/arenden/{case.pk}/")
    figure = page.locator("section[aria-labelledby=chain-picture] figure")
    figure.focus()  # the picture's scroll region takes the keyboard first
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('svg') !== null")
    focus = page.evaluate(FOCUS)
    assert focus["contrast"] >= 3, focus
    # The link is named by its title: date, forum and item.
    name = page.evaluate("document.activeElement.querySelector('title').textContent")
    assert "2020-03-11 · VFR · p. 5" in name
