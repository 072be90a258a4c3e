"""Every page shape of the register, for each of the four roles, checked in Chromium:
axe-core's WCAG 2.1 A/AA rules at a desktop and a phone width, reflow at 320 px with no
sideways scrolling outside a labelled scroll region, and the Nu HTML checker over the
pages as the server sent them."""

import datetime
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from agendas.services import accept_agenda
from agreements.models import Agreement
from agreements.services import open_adoptions
from council.models import Forum, Membership, OutboxMessage, Person, Principal, Representation, Role
from council.reference import load_reference_data
from imports.batch import create_batch, read_batch
from meetings.models import Case, Meeting
from tests.conftest import PASSWORD, ROOT
from tests.factories import recommendation_to_the_principals
from tests.imports.conftest import seed_text
from tools.demo import load_demo_data
from tools.demo.papers import attach_demo_papers

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
REFLOW = {"width": 320, "height": 800}
ROLES = ["anonymous", "member", "secretary", "administrator"]
VNU = Path(os.environ.get("VNU_JAR", ROOT / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"))


@dataclass
class Shapes:
    """The addresses of one of every page shape, per role that sees it."""

    pages: dict[str, list[str]] = field(default_factory=dict)


def build_register(tmp_path) -> Shapes:
    """The demo register with one of everything a page can show: attachments, opened
    adoptions, minutes in justering, a planned meeting with its notice, a meeting whose
    notice was sent to the member, minutes published since the member's last visit, an
    import batch, an e-mail in the outbox."""
    load_reference_data()
    user_model = get_user_model()
    admin = user_model.objects.create_superuser("ada", "ada@example.se", PASSWORD)
    lchnv = Forum.objects.get(code="LCHNV")
    falun = Principal.objects.get(short_name="Falun")

    maja = user_model.objects.create_user("maja", "maja@example.se", PASSWORD)
    maja_person = Person.objects.create(name="Maja Medlem", user=maja, principal=falun)
    Membership.objects.create(forum=lchnv, person=maja_person, role=Role.MEMBER, principal=falun)
    Representation.objects.create(person=maja_person, principal=falun)
    lena = user_model.objects.create_user("lena", "lena@example.se", PASSWORD)
    lena_person = Person.objects.create(name="Lena Sekreterare", user=lena)
    Membership.objects.create(forum=lchnv, person=lena_person, role=Role.SECRETARY)
    # Minutes read before the register holds their meeting, so that they wait for review.
    batch = create_batch(
        user=lena,
        files=[("Minnesanteckningar LCHNV.txt", seed_text("lchnv-2021-04-16").encode())],
        enqueue=False,
    )
    read_batch(batch.pk)
    document = batch.documents.get()
    load_demo_data()
    attach_demo_papers(Meeting.objects.all())

    held = Meeting.objects.get(forum=lchnv, date=datetime.date(2021, 4, 16))
    item = held.items.exclude(decisions=None).order_by("position").first()
    vfr_meeting = Meeting.objects.get(forum__code="VFR")
    case = Case.objects.get(title__startswith="Tillnyktringsplatser")
    agreement = Agreement.objects.get(short_name="TN-platser")
    ended = Agreement.objects.exclude(pk=agreement.pk).first()
    recommendation = recommendation_to_the_principals(vfr_meeting)
    open_adoptions(recommendation=recommendation)

    # Minutes in justering, with the member as one of the justerare.
    review = Meeting.objects.get(forum__code="SCHNV")
    Meeting.objects.filter(pk=review.pk).update(
        status=Meeting.Status.IN_REVIEW, review_requested_at=timezone.now()
    )
    review.justerare.add(maja_person)

    planned = accept_agenda(
        forum=Forum.objects.get(code="VFR"),
        meeting_date=datetime.date.today() + datetime.timedelta(days=30),
        user=admin,
        place="Borlänge",
        allow_first_meeting=True,
    )
    # A meeting of the member's forum to come, its notice sent to them; the minutes
    # published since the member's last visit.
    announced = Meeting.objects.create(
        forum=lchnv,
        date=datetime.date.today() + datetime.timedelta(days=20),
        status=Meeting.Status.AGENDA_SENT,
        notice_sent_at=timezone.now(),
        place="Teams",
    )
    Meeting.objects.filter(status=Meeting.Status.PUBLISHED).update(published_at=timezone.now())
    Person.objects.filter(pk=maja_person.pk).update(
        last_visit_at=timezone.now() - datetime.timedelta(days=2)
    )
    OutboxMessage.objects.create(
        kind="justering_requested",
        key="accessibility-1",
        recipient="maja@example.se",
        subject="Minnesanteckningar att justera",
        body="Hej!",
    )
    outbox = OutboxMessage.objects.get()

    public = [
        "/",
        "/beslut/",
        "/beslut/?q=tillnyktring",
        "/beslut/?q=ordetsomintefinns",
        "/sok/?q=tillnyktring",
        "/sok/?q=omsorg&typ=arenden",
        "/sok/?q=ordetsomintefinns",
        "/forum/",
        "/forum/LCHNV/",
        "/moten/",
        "/moten/?forum=LCHNV&year=nej",
        "/arenden/",
        "/arenden/?q=ordetsomintefinns",
        f"/moten/{held.pk}/",
        f"/moten/{vfr_meeting.pk}/",
        f"/moten/{held.pk}/utskrift/",
        f"/arenden/{case.pk}/",
        "/overenskommelser/",
        "/overenskommelser/?status=ended",
        f"/overenskommelser/{agreement.pk}/",
        f"/overenskommelser/{ended.pk}/",
        "/huvudman/",
        f"/huvudman/{falun.slug}/",
        "/uppdrag/",
        f"/beslut/{recommendation.pk}/antaganden/",
        "/tillganglighet/",
        "/sidan-finns-inte/",
    ]
    account = ["/att-gora/", "/konto/", "/konto/kalender/", "/konto/foljer/", "/losenord/byt/"]
    person = maja_person
    secretary = [
        "/moten/protokoll/",
        "/moten/nytt/",
        f"/moten/{held.pk}/redigera/",
        f"/moten/{held.pk}/punkter/{item.pk}/",
        f"/moten/{held.pk}/punkter/ny/",
        f"/moten/{held.pk}/justering/",
        "/import/",
        f"/import/omgang/{batch.pk}/",
        f"/import/dokument/{document.pk}/",
        "/personer/",
        f"/personer/{person.pk}/",
        f"/personer/{person.pk}/historik/",
    ]
    return Shapes(
        pages={
            "anonymous": [*public, "/logga-in/", "/losenord/glomt/"],
            "member": [
                *public,
                *account,
                f"/moten/{review.pk}/justering/",
                f"/beslut/{recommendation.pk}/antaganden/{falun.slug}/",
                f"/dagordning/kallelse/{announced.pk}/",
            ],
            "secretary": [*public, *account, *secretary],
            "administrator": [
                *public,
                *account,
                *secretary,
                f"/personer/{person.pk}/redigera/",
                "/personer/ny/",
                f"/beslut/{recommendation.pk}/antaganden/{falun.slug}/",
                "/dagordning/",
                f"/dagordning/VFR/?date={datetime.date.today() + datetime.timedelta(days=60)}",
                f"/dagordning/kallelse/{planned.pk}/",
                "/utskick/",
                f"/utskick/{outbox.pk}/",
            ],
        }
    )


# Forms sent with their fields emptied: the page that refuses them.
REFUSALS = {
    "anonymous": [("/logga-in/", "Logga in")],
    "member": [("/losenord/byt/", "Byt lösenordet")],
    "secretary": [("/moten/nytt/", "Skapa mötet")],
    "administrator": [("/personer/ny/", "Lägg till personen")],
}

LOGINS = {"member": "maja", "secretary": "lena", "administrator": "ada"}


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(lambda url: "/logga-in/" not in url)


# Elements wider than the viewport, outside a region that scrolls sideways on its own and
# can be reached and named (a table of many columns, a chart): text that would make the
# reader scroll both ways at 320 px (WCAG 1.4.10).
OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    const style = getComputedStyle(el);
    return ["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth;
  };
  const named = (el) => {
    const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
    const classes = typeof el.className === "string" && el.className.trim();
    return classes ? `${name}.${classes.split(/\\s+/).join(".")}` : name;
  };
  const found = new Set();
  if (document.documentElement.scrollWidth > width + 1) {
    found.add(`the page is ${document.documentElement.scrollWidth} px wide`);
  }
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let region = el.parentElement;
    while (region && !scrolls(region)) region = region.parentElement;
    if (region === null || region === document.body || region === document.documentElement) {
      // Only the outermost element that sticks out: its children say nothing more.
      const parent = el.parentElement && el.parentElement.getBoundingClientRect();
      if (!parent || parent.right <= width + 1) {
        found.add(`${named(el)} reaches ${Math.round(box.right)} px`);
      }
    } else if (!(region.tabIndex >= 0 && (region.getAttribute("aria-label")
                                          || region.getAttribute("aria-labelledby")))) {
      found.add(`the scroll region ${named(region)} cannot be reached by keyboard or has no name`);
    }
  }
  return [...found].slice(0, 8);
}
"""

# References by id that lead nowhere: a screen reader then reads no help, no name.
DANGLING = """
() => {
  const found = [];
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls", "for", "list"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) found.push(`${attr}="${id}" points to nothing`);
      }
    }
  }
  return found;
}
"""


# Only the violations are collected: the rules all run, but axe then spends no time
# describing every element that passes (a third of the time of a run).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def with_axe(context) -> None:
    """axe-core in every page the context opens, compiled once per page rather than
    injected again before each check."""
    import axe_playwright_python

    context.add_init_script(path=Path(axe_playwright_python.__file__).parent / "axe.min.js")


def axe_violations(page) -> list[dict]:
    return page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)["violations"]


def check_pages(page, base: str, paths: list[str], saved: Path) -> list[str]:
    problems: list[str] = []
    for index, path in enumerate(paths):
        # One load per page: the widths after the first are the same page resized, which
        # is what a reader sees who turns a tablet or zooms in (media queries apply anew).
        page.set_viewport_size(VIEWPORTS["desktop"])
        response = page.goto(base + path)
        assert response is not None and response.status in {200, 404}, path
        assert path == "/logga-in/" or "/logga-in/" not in page.url, f"{path}: log-in"
        (saved / f"{index:02d}.html").write_bytes(response.body())
        problems += [f"{path}: {dangling}" for dangling in page.evaluate(DANGLING)]
        for name, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
            for violation in axe_violations(page):
                targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                problems.append(f"{path} ({name}): {violation['id']}: {targets}")
        page.set_viewport_size(REFLOW)
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
        for overflow in page.evaluate(OVERFLOW):
            problems.append(f"{path} (320 px): {overflow}")
    return problems


def check_refusals(page, base: str, forms: list[tuple[str, str]]) -> list[str]:
    """A refused form: its page passes axe, its title says "Fel:" and the keyboard and
    screen reader start on the summary of the errors."""
    problems: list[str] = []
    page.set_viewport_size(VIEWPORTS["desktop"])
    for path, button in forms:
        page.goto(base + path)
        # Empty, defaults too, and past the browser's own checks to the server's.
        page.evaluate(
            """() => document.querySelectorAll("main form").forEach((form) => {
                 form.noValidate = true;
                 form.querySelectorAll("input:not([type=hidden]):not([type=checkbox])")
                   .forEach((field) => { field.value = ""; });
               })"""
        )
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name=button).click()
        if not page.title().startswith("Fel:"):
            problems.append(f"{path} refused: the title is {page.title()!r}")
        if not page.evaluate("document.activeElement.id === 'error-summary'"):
            problems.append(f"{path} refused: the focus is not on the error summary")
        for violation in axe_violations(page):
            problems.append(f"{path} refused: {violation['id']}")
        problems += [f"{path} refused: {dangling}" for dangling in page.evaluate(DANGLING)]
    return problems


def validate_html(saved: Path) -> list[str]:
    """The Nu HTML checker's errors over the saved pages."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail(f"The Nu HTML checker needs java and {VNU}: run `make validator`.")
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(saved)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_meets_wcag_for(role, live_server, browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    shapes = build_register(tmp_path)
    context = browser.new_context(locale="sv-SE")
    with_axe(context)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        if role in LOGINS:
            log_in(page, live_server.url, LOGINS[role])
        saved = tmp_path / "pages"
        saved.mkdir()
        problems = check_pages(page, live_server.url, shapes.pages[role], saved)
        problems += check_refusals(page, live_server.url, REFUSALS[role])
    finally:
        context.close()
    index = {f"{i:02d}.html": path for i, path in enumerate(shapes.pages[role])}
    problems += [f"{index.get(line.split(':', 1)[0], '?')} {line}" for line in validate_html(saved)]
    assert problems == [], "\n".join(problems)


def test_the_check_finds_what_breaks_wcag(browser):
    """The checks above report what they find: a picture without a text, a link without
    a name and a field without a label are each a violation, at once and in Swedish
    pages as in the register's."""
    context = browser.new_context(locale="sv-SE")
    with_axe(context)
    try:
        page = context.new_page()
        page.set_content(
            '<html lang="sv"><head><title>Prov</title></head><body><main>'
            '<h1>Prov</h1><img src="data:,"><a href="/moten/"></a><input type="text">'
            "</main></body></html>"
        )
        found = {violation["id"] for violation in axe_violations(page)}
    finally:
        context.close()
    assert {"image-alt", "link-name", "label"} <= found
