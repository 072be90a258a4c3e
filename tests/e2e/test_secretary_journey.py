"""A secretary enters a Välfärdsrådet meeting, a justerare approves it, it is published and read."""

from django.contrib.auth import get_user_model
from pypdf import PdfReader

from agreements.models import PrincipalDecision
from council.models import Forum, Membership, Person, Principal, Role
from council.reference import load_reference_data
from meetings.models import Assignment, Decision, Meeting
from tests.conftest import PASSWORD

RECOMMENDATION = "att rekommendera kommunerna och regionen att anta överenskommelsen om TN-platser."
ASSIGNMENT = "att ge Länschefsnätverket i uppdrag att följa upp överenskommelsen."
REFERRAL = "att skicka frågan om gemensam statistik till Länschefsnätverket."


def user(username: str, forum: Forum, role: str, principal: Principal | None = None):
    account = get_user_model().objects.create_user(username, f"{username}@example.se", PASSWORD)
    person = Person.objects.create(name=username.title(), user=account, principal=principal)
    Membership.objects.create(forum=forum, person=person, role=role, principal=principal)
    return account


def log_in(page, base: str, username: str, next_path: str = "/") -> None:
    page.goto(f"{base}/logga-in/?next={next_path}")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Logga ut").click()


def test_secretary_enters_minutes_that_are_approved_published_and_read(live_server, page):
    load_reference_data()
    vfr = Forum.objects.get(code="VFR")
    lchnv = Forum.objects.get(code="LCHNV")
    falun = Principal.objects.get(short_name="Falun")
    user("vera", vfr, Role.SECRETARY)
    user("jonas", vfr, Role.MEMBER, Principal.objects.get(short_name="Mora"))
    user("maja", lchnv, Role.MEMBER, falun)
    base = live_server.url

    # The secretary starts from the navigation.
    log_in(page, base, "vera")
    page.get_by_role("link", name="Protokoll").click()
    page.get_by_role("button", name="Nytt möte").click()
    page.get_by_label("Datum").fill("2026-11-20")
    page.get_by_label("Plats").fill("Samverkanslokalen, Borlänge")
    page.get_by_role("button", name="Skapa mötet").click()
    page.get_by_text("Mötet skapades med forumets standardpunkter").wait_for()
    meeting = Meeting.objects.get(forum=vfr)

    # Attendance and the justerare.
    page.get_by_role("checkbox", name="Jonas").first.check()
    page.locator("#attendance").get_by_label("Jonas").check()
    page.get_by_role("button", name="Spara mötet").click()
    page.get_by_text("Mötet sparades.").wait_for()
    assert meeting.attendances.get(person__name="Jonas").present
    assert list(meeting.justerare.values_list("name", flat=True)) == ["Jonas"]

    # Item 1 of 3: a quick pick and a recommendation requiring identical decisions.
    page.get_by_role("link", name="Skriv en ny punkt i sin helhet").click()
    page.get_by_role("group", name="Punkten").get_by_label("Rubrik").fill(
        "Överenskommelse om TN-platser"
    )
    page.locator("#id_presenters-0-name").fill("Linn Andersson")
    page.locator("#id_presenters-0-title").fill("Utvecklingsledare")
    page.locator("#id_discussion").fill("Arbetsgruppen redovisade utvärderingen.")
    page.locator("#id_decisions-0-quick_pick").select_option("att godkänna redovisningen.")
    assert page.locator("#id_decisions-0-text").input_value() == "att godkänna redovisningen."
    assert page.locator("#id_decisions-0-kind").input_value() == "approved"
    page.locator("#id_decisions-1-text").fill(RECOMMENDATION)
    page.locator("#id_decisions-1-kind").select_option("recommended")
    page.locator("#id_decisions-1-requires_identical").check()
    page.get_by_role("button", name="Spara och skriv nästa punkt").click()

    # Item 2: an assignment, with its fields shown once the kind says so.
    page.get_by_text("sparades.").first.wait_for()
    page.get_by_role("group", name="Punkten").get_by_label("Rubrik").fill(
        "Uppföljning av TN-platser"
    )
    assert not page.locator("#id_decisions-0-assignee_forum").is_visible()
    page.locator("#id_decisions-0-text").fill(ASSIGNMENT)
    page.locator("#id_decisions-0-kind").select_option("assigned")
    page.locator("#id_decisions-0-assignee_forum").select_option(label="Länschefsnätverket")
    page.locator("#id_decisions-0-due_date").fill("2027-06-30")
    page.locator("#id_decisions-0-report_to_forum").select_option(label="Välfärdsrådet")
    page.get_by_role("button", name="Spara och skriv nästa punkt").click()

    # Item 3: a referral, in a clause row added with the button.
    page.get_by_text("sparades.").first.wait_for()
    page.get_by_role("group", name="Punkten").get_by_label("Rubrik").fill("Gemensam statistik")
    page.get_by_role("button", name="Lägg till en att-sats").click()
    page.locator("#id_decisions-2-text").fill(REFERRAL)
    page.locator("#id_decisions-2-kind").select_option("referred")
    # The forum it goes to is read from the clause when it is not chosen.
    page.get_by_role("button", name="Spara och gå tillbaka till mötet").click()
    page.get_by_text("Mötet sparades.").or_(page.get_by_text("sparades.")).first.wait_for()

    # New items take their place before Övriga frågor and Mötets avslutande.
    assert list(meeting.items.order_by("position").values_list("number", "title"))[-5:] == [
        ("3", "Överenskommelse om TN-platser"),
        ("4", "Uppföljning av TN-platser"),
        ("5", "Gemensam statistik"),
        ("6", "Övriga frågor"),
        ("7", "Mötets avslutande"),
    ]
    decisions = Decision.objects.filter(item__meeting=meeting)
    assert decisions.count() == 4
    recommendation = decisions.get(kind="recommended")
    assert recommendation.requires_identical
    assert PrincipalDecision.objects.filter(recommendation=recommendation).count() == 16
    assert Assignment.objects.get(decision__item__meeting=meeting).assignee_forum == lchnv
    assert decisions.get(kind="referred").referred_to == lchnv

    # Send for justering.
    page.get_by_role("link", name="Justering och publicering").click()
    page.get_by_role("button", name="Skicka för justering").click()
    page.get_by_text("Protokollet skickades för justering.").wait_for()
    log_out(page)

    # The justerare finds the minutes under Att göra, reads them and approves.
    log_in(page, base, "jonas")
    page.get_by_role("link", name="Att göra").click()
    page.get_by_role("link", name="Välfärdsrådet 20 november 2026").click()
    page.get_by_role("link", name="Läs protokollet").click()
    page.get_by_text(RECOMMENDATION).wait_for()
    page.get_by_role("button", name="Justera protokollet").click()
    page.get_by_role("button", name="Justera (godkänn) protokollet").click()
    page.get_by_text("Du har justerat protokollet.").wait_for()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.APPROVED
    log_out(page)

    # The secretary publishes.
    log_in(page, base, "vera", f"/moten/{meeting.pk}/justering/")
    page.get_by_label("Ja, publicera protokollet nu").check()
    page.get_by_role("button", name="Publicera protokollet").click()
    page.get_by_text("Protokollet är publicerat.", exact=True).wait_for()
    log_out(page)

    # A member of another forum reads the published minutes and downloads the PDF.
    log_in(page, base, "maja", f"/moten/{meeting.pk}/")
    main = page.locator("main").inner_text()
    assert "Välfärdsrådet beslutade" in main
    for clause in [RECOMMENDATION, ASSIGNMENT, REFERRAL, "att godkänna redovisningen."]:
        assert clause in main
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som PDF").click()
    text = " ".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    flat = " ".join(text.split())
    for clause in [RECOMMENDATION, ASSIGNMENT, REFERRAL]:
        assert clause in flat


# A function, not an expression: Playwright evaluates an expression with eval(), which
# the Content-Security-Policy refuses.
UNSAVED_TEXT_KEPT = (
    "() => Object.keys(localStorage).some(k => k.startsWith('beslutsregistret:draft:'))"
)


def test_unsaved_text_survives_a_closed_tab_and_is_offered_back(live_server, page):
    load_reference_data()
    vfr = Forum.objects.get(code="VFR")
    user("vera", vfr, Role.SECRETARY)
    meeting = Meeting.objects.create(forum=vfr, date="2026-11-20", status="minutes_draft")
    from meetings.models import AgendaItem

    item = AgendaItem.objects.create(meeting=meeting, number="1", title="Information", position=1)
    url = f"/moten/{meeting.pk}/punkter/{item.pk}/"
    log_in(page, live_server.url, "vera", url)
    # The script that keeps unsaved text listens once the page has loaded; typing before
    # that (a fast test, a slow server) would go unnoticed by it.
    page.wait_for_url(f"**{url}")
    page.wait_for_load_state()
    page.locator("#id_discussion").fill("Lång diskussion som inte får gå förlorad.")
    page.wait_for_function(UNSAVED_TEXT_KEPT)
    page.goto(live_server.url + url)  # as if the tab had been closed before saving

    page.get_by_text("Sidan har text som du skrev tidigare men som inte sparades.").wait_for()
    assert page.locator("#id_discussion").input_value() == ""
    page.get_by_role("button", name="Återställ den osparade texten").click()
    assert page.locator("#id_discussion").input_value() == (
        "Lång diskussion som inte får gå förlorad."
    )
    page.get_by_role("button", name="Spara punkten").click()
    page.get_by_text("Punkt 1 sparades.").wait_for()
    item.refresh_from_db()
    assert item.discussion == "Lång diskussion som inte får gå förlorad."

    # Once saved, the stored copy is gone: reopening offers nothing.
    page.goto(live_server.url + url)
    page.locator("#id_discussion").wait_for()
    assert page.locator(".autosave-offer").is_hidden()


def test_a_new_item_saved_leaves_no_unsaved_text_behind_for_the_next(live_server, page):
    load_reference_data()
    vfr = Forum.objects.get(code="VFR")
    user("vera", vfr, Role.SECRETARY)
    meeting = Meeting.objects.create(forum=vfr, date="2026-11-20", status="minutes_draft")
    url = f"/moten/{meeting.pk}/punkter/ny/"
    log_in(page, live_server.url, "vera", url)
    page.wait_for_url(f"**{url}")
    page.wait_for_load_state()
    page.locator("#id_title").fill("Information om hemsjukvården")
    page.wait_for_function(UNSAVED_TEXT_KEPT)

    page.get_by_role("button", name="Spara punkten").click()
    page.get_by_text("sparades.").first.wait_for()
    # The next new item opened in another tab, which knows nothing of this tab's session.
    other = page.context.new_page()
    other.goto(live_server.url + url)
    other.locator("#id_title").wait_for()
    other.wait_for_load_state()

    assert other.locator(".autosave-offer").is_hidden()
    drafts = other.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('beslutsregistret:draft:'))"
    )
    assert drafts == []
