"""An administrator invites a justerare, who sets a password from the e-mail, approves the
minutes found under "Att göra", and the secretary publishes them. The e-mail goes through
the real worker to a real SMTP server on loopback."""

import re

from django.contrib.auth import get_user_model

from council.models import Forum, Membership, Person, Role
from council.reference import load_reference_data
from meetings.models import Attendance, Meeting
from tests.conftest import PASSWORD
from tests.factories import make_decision, make_item, make_meeting

NEW_PASSWORD = "jonas-eget-lösenord-2026"


def log_in(page, base: str, username: str, password: str = PASSWORD, next_path: str = "/"):
    page.goto(f"{base}/logga-in/?next={next_path}")
    page.get_by_label("E-postadress eller användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


def test_an_invited_justerare_approves_and_the_secretary_publishes(
    live_server, page, browser, smtp_server, start_worker, settings
):
    settings.SITE_URL = live_server.url
    base = live_server.url
    load_reference_data()
    vfr = Forum.objects.get(code="VFR")
    get_user_model().objects.create_superuser("ada", "ada@example.se", PASSWORD)
    vera = get_user_model().objects.create_user("vera", "vera@example.se", PASSWORD)
    Membership.objects.create(
        forum=vfr,
        person=Person.objects.create(name="Vera Sekreterare", user=vera),
        role=Role.SECRETARY,
    )
    jonas = Person.objects.create(name="Jonas Justerare")
    Membership.objects.create(forum=vfr, person=jonas, role=Role.MEMBER)
    meeting = make_meeting(vfr, "2026-11-20", status=Meeting.Status.MINUTES_DRAFT)
    item = make_item(meeting, "5", "Överenskommelse om TN-platser")
    make_decision(item, "att godkänna överenskommelsen om TN-platser.")
    Attendance.objects.create(meeting=meeting, person=jonas, present=True)
    meeting.justerare.add(jonas)
    start_worker(smtp_server.port)

    # The secretary sends the minutes for justering; Jonas has no login yet.
    log_in(page, base, "vera", next_path=f"/moten/{meeting.pk}/justering/")
    page.get_by_role("button", name="Skicka för justering").click()
    page.get_by_text("Protokollet skickades för justering.").wait_for()
    assert "har ingen e-postadress" in page.locator("main").inner_text()

    # An administrator invites him from the people pages.
    admin = browser.new_context(locale="sv-SE").new_page()
    log_in(admin, base, "ada")
    admin.get_by_role("link", name="Personer").click()
    admin.get_by_label("Namn eller e-post").fill("Jonas")
    admin.locator("main").get_by_role("button", name="Sök").click()
    admin.get_by_role("link", name="Jonas Justerare").click()
    admin.get_by_label("E-postadress").fill("jonas@example.se")
    admin.get_by_role("button", name="Skicka inbjudan").click()
    admin.get_by_text("En inbjudan skickades till jonas@example.se.").wait_for()

    # The invitation arrives through the worker and the SMTP server.
    [invitation] = smtp_server.wait_for(1)
    assert invitation.envelope_to == ["jonas@example.se"]
    assert invitation["Subject"].strip() == "Din inloggning till beslutsregistret för RSS Dalarna"
    link = re.search(r"(http://\S+/personer/inbjudan/\S+/)", invitation.get_content()).group(1)
    assert link.startswith(base)

    # Jonas chooses his password from the link and lands on Att göra.
    justerare = browser.new_context(locale="sv-SE").new_page()
    justerare.goto(link)
    justerare.get_by_label("Nytt lösenord:", exact=True).fill(NEW_PASSWORD)
    justerare.get_by_label("Bekräfta nytt lösenord").fill(NEW_PASSWORD)
    justerare.get_by_role("button", name="Skapa min inloggning").click()
    justerare.get_by_role("heading", name="Att göra").wait_for()
    to_do = justerare.locator("header nav").get_by_role("link", name="Att göra")
    assert to_do.locator(".count").inner_text() == "1"
    section = justerare.get_by_role("region", name="Protokoll som väntar på din justering")
    section.get_by_role("link", name="Välfärdsrådet 20 november 2026").click()
    justerare.get_by_role("button", name="Justera (godkänn) protokollet").click()
    justerare.get_by_text("Du har justerat protokollet.").wait_for()

    # He logs out and in again by his e-mail address: nothing waits for him any more.
    justerare.get_by_role("button", name="Logga ut").click()
    log_in(justerare, base, "jonas@example.se", NEW_PASSWORD, next_path="/att-gora/")
    justerare.get_by_text("Inget väntar på dig just nu.").wait_for()

    # The secretary is told by e-mail, and publishes.
    told = [m for m in smtp_server.wait_for(2) if m.envelope_to == ["vera@example.se"]]
    assert told[0]["Subject"].strip() == (
        "Jonas Justerare har justerat protokollet från Välfärdsrådet 20 november 2026"
    )
    page.goto(f"{base}/att-gora/")
    page.get_by_role("region", name="Justerade protokoll att publicera").get_by_role(
        "link", name="Välfärdsrådet 20 november 2026"
    ).click()
    page.get_by_label("Ja, publicera protokollet nu").check()
    page.get_by_role("button", name="Publicera protokollet").click()
    page.get_by_text("Protokollet är publicerat.", exact=True).wait_for()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED

    printed = page.goto(f"{base}/moten/{meeting.pk}/utskrift/")
    assert printed.ok
    assert "av Jonas Justerare" in page.locator("main").inner_text()
