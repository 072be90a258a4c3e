"""Every kind of page of the demo register, for a member and an administrator, under the
Content-Security-Policy: each answer carries the header and the browser refuses nothing.

The csp_violations fixture (tests/e2e/conftest.py) watches every e2e test; this one makes
sure each page shape is visited at least once, the widgets that build markup in the
browser included (the minutes editor's new rows, the administration's autocomplete).
"""

import datetime

from django.contrib.auth import get_user_model

from agreements.models import Agreement
from agreements.services import open_adoptions
from council.models import Person, Principal
from meetings.models import Attachment, Case, Meeting
from tests.conftest import PASSWORD
from tests.factories import recommendation_to_the_principals
from tools.demo import load_demo_data
from tools.demo.papers import attach_demo_papers

SEED = datetime.date(2021, 4, 16)


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "default-src 'self'" in response.headers.get("content-security-policy", ""), url
    page.wait_for_load_state("load")


def test_no_page_of_the_register_breaks_the_policy(
    live_server, page, csp_violations, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    load_demo_data()
    attach_demo_papers(Meeting.objects.filter(date=datetime.date(2022, 9, 23)))
    get_user_model().objects.create_superuser("ada", "ada@example.se", PASSWORD)
    meeting = Meeting.objects.get(forum__code="LCHNV", date=SEED)
    item = meeting.items.exclude(decisions=None).first()
    case = Case.objects.get(title__startswith="Tillnyktringsplatser")
    agreement = Agreement.objects.get(short_name="TN-platser")
    recommendation = recommendation_to_the_principals(Meeting.objects.get(forum__code="VFR"))
    open_adoptions(recommendation=recommendation)
    falun = Principal.objects.get(short_name="Falun")
    person = Person.objects.order_by("name").first()
    attachment = Attachment.objects.get()
    base = live_server.url

    for path in [
        "/",
        "/beslut/?forum=LCHNV&year=2021",
        f"/moten/{meeting.pk}/",
        "/forum/",
        "/forum/LCHNV/",
        f"/arenden/{case.pk}/",
        "/overenskommelser/",
        "/overenskommelser/?status=ended",
        f"/overenskommelser/{agreement.pk}/",
        "/huvudman/",
        f"/huvudman/{falun.slug}/",
        "/uppdrag/",
        "/logga-in/",
    ]:
        visit(page, base + path)

    # The CSV of a filtered list is a download, with the header too.
    visit(page, base + "/beslut/?forum=LCHNV")
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner CSV").click()
    assert download.value.suggested_filename == "beslut.csv"
    csv = page.request.get(base + "/beslut/csv/?forum=LCHNV")
    assert csv.ok and "default-src 'self'" in csv.headers["content-security-policy"]

    # The printable minutes print from their button, a handler in static/js/site.js.
    visit(page, base + f"/moten/{meeting.pk}/utskrift/")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Skriv ut").click()
    assert page.evaluate("window.printed") is True

    # An attachment opens in place in the browser's PDF viewer.
    response = page.goto(base + f"/bilagor/{attachment.pk}/")
    assert response is not None and response.ok
    page.wait_for_timeout(500)

    # Logged in as an administrator.
    visit(page, base + "/logga-in/")
    page.get_by_label("Användarnamn").fill("ada")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/att-gora/")
    for path in [
        "/att-gora/",
        "/moten/protokoll/",
        f"/moten/{meeting.pk}/justering/",
        f"/beslut/{recommendation.pk}/antaganden/",
        f"/beslut/{recommendation.pk}/antaganden/{falun.slug}/",
        "/dagordning/",
        f"/dagordning/VFR/?date={datetime.date.today() + datetime.timedelta(days=30)}",
        "/import/",
        "/personer/",
        f"/personer/{person.pk}/",
        "/utskick/",
        "/konto/",
        "/admin/",
    ]:
        visit(page, base + path)

    # The minutes editor builds new rows from a <template> in the browser.
    visit(page, base + f"/moten/{meeting.pk}/redigera/")
    visit(page, base + f"/moten/{meeting.pk}/punkter/{item.pk}/")
    clauses = page.locator("[data-clause]").count()
    page.get_by_role("button", name="Lägg till en att-sats").click()
    assert page.locator("[data-clause]").count() == clauses + 1

    # The administration's pages: an agreement's change page, with its autocomplete asking
    # the server, its two-list picker of parties and its calendar built by the browser.
    visit(page, base + f"/admin/agreements/agreement/{agreement.pk}/change/")
    page.locator("#id_replaces").locator("xpath=..").locator(".select2-selection").click()
    page.locator(".select2-results__option").first.wait_for()
    page.keyboard.press("Escape")
    assert page.locator("#id_parties_from").count() == 1
    page.locator(".datetimeshortcuts .date-icon").first.click()
    page.locator(".calendarbox").first.wait_for()
    visit(page, base + f"/admin/meetings/meeting/{meeting.pk}/change/")
    visit(page, base + f"/admin/meetings/agendaitem/{item.pk}/change/")
    visit(page, base + f"/admin/meetings/meeting/{meeting.pk}/history/")
    visit(page, base + "/admin/meetings/decision/?kind__exact=recommended")

    assert csp_violations.seen == []


def test_the_watch_sees_what_the_policy_refuses(live_server, page, csp_violations):
    page.goto(live_server.url + "/logga-in/")
    page.evaluate(
        "() => { document.body.setAttribute('style', 'color: red');"
        " const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.ran") is None
    refused = "\n".join(csp_violations.seen)
    assert "style-src-attr" in refused and "script-src-elem" in refused
    assert "console: " in refused
    # Seen and understood: this test's own refusals are not a failure.
    csp_violations.seen.clear()
