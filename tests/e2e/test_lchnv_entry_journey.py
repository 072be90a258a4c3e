"""Timed: a secretary enters the Länschefsnätverket 2021-04-16 seed meeting by hand.

The journey types what the seed minutes say (tests/fixtures/seeds/lchnv-2021-04-16.*)
into the minutes editor the way a secretary would, counts every action (each fill,
click, choice and tick), and prints the time and the number of actions. The result is
then checked against the hand-checked transcription of the seed.
"""

import time
from pathlib import Path

from django.contrib.auth import get_user_model

from council.models import Forum, Membership, Person, Role
from council.reference import load_reference_data
from meetings.models import Decision, Meeting
from tests.conftest import FIXTURES, PASSWORD, seed_truth

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class Counted:
    """The page, with every action the secretary makes counted."""

    def __init__(self, page):
        self.page = page
        self.actions = 0

    def fill(self, locator, value: str) -> None:
        self.actions += 1
        locator.fill(value)

    def click(self, locator) -> None:
        self.actions += 1
        locator.click()

    def select(self, locator, **option) -> None:
        self.actions += 1
        locator.select_option(**option)

    def check(self, locator) -> None:
        self.actions += 1
        locator.check()


def present_names() -> str:
    text = (FIXTURES / "seeds" / "lchnv-2021-04-16.txt").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("Närvarande:"))
    return line.removesuffix(" samt föredragande och medverkande enligt nedan.")


def enter_item(entry: Counted, page, item: dict) -> None:
    """One item in the item form: heading, presenters and clauses."""
    entry.fill(page.get_by_role("group", name="Punkten").get_by_label("Rubrik"), item["title"])
    for index, name in enumerate(item.get("presenters") or []):
        if index >= 2:
            entry.click(page.get_by_role("button", name="Lägg till föredragande"))
        if name == "Styrgruppen":
            entry.select(page.locator(f"#id_presenters-{index}-forum"), label="Styrgrupp LCHNV")
        else:
            entry.fill(page.locator(f"#id_presenters-{index}-name"), name)
    for index, clause in enumerate(item.get("decisions") or []):
        if index >= 2:
            entry.click(page.get_by_role("button", name="Lägg till en att-sats"))
        text = page.locator(f"#id_decisions-{index}-text")
        entry.fill(text, clause["text"])
        # The kind is read from the wording as it is typed, and with it the fields the
        # kind needs appear; the target of a referral and the assignee are read from the
        # text when the form is saved, so none of them is chosen by hand.
        kind = page.locator(f"#id_decisions-{index}-kind")
        assert kind.input_value() == clause["kind"], clause["text"]
        if clause["kind"] == "referred":
            assert page.locator(f"#id_decisions-{index}-referred_to").is_visible()


def test_entering_the_lchnv_2021_04_16_minutes_by_hand(live_server, page, capsys):
    load_reference_data()
    lchnv = Forum.objects.get(code="LCHNV")
    account = get_user_model().objects.create_user("sara", "sara@example.se", PASSWORD)
    Membership.objects.create(
        forum=lchnv,
        person=Person.objects.create(name="Sara Sekreterare", user=account),
        role=Role.SECRETARY,
    )
    truth = seed_truth("lchnv-2021-04-16")
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("sara")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Protokoll").wait_for()

    entry = Counted(page)
    started = time.monotonic()
    entry.click(page.get_by_role("link", name="Protokoll"))
    entry.click(page.get_by_role("button", name="Nytt möte"))
    entry.fill(page.get_by_label("Datum"), truth["date"])
    entry.fill(page.get_by_label("Starttid"), truth["start_time"])
    entry.fill(page.get_by_label("Sluttid"), truth["end_time"])
    entry.fill(page.get_by_label("Plats"), truth["place"])
    entry.fill(page.get_by_label("Diarienummer (Dnr)"), truth["registration_number"])
    entry.click(page.get_by_role("button", name="Skapa mötet"))
    page.get_by_text("Mötet skapades med forumets standardpunkter").wait_for()
    meeting = Meeting.objects.get(forum=lchnv)

    entry.fill(page.get_by_label("Datum för minnesanteckningarna"), "2021-04-20")
    entry.fill(page.get_by_label("Lägg till flera närvarande på en gång"), present_names())
    entry.click(page.get_by_role("button", name="Spara mötet"))
    page.get_by_text("Mötet sparades.").wait_for()

    items = truth["items"]
    # Item 2 exists already; items 3–12 are new, written one after the other.
    entry.click(page.get_by_role("link", name="Öppna punkt 2"))
    entry.select(page.locator("#id_decisions-0-quick_pick"), value="att godkänna dagordningen.")
    for item in items[2:12]:
        entry.click(page.get_by_role("button", name="Spara och skriv nästa punkt"))
        page.get_by_text("sparades.").first.wait_for()
        enter_item(entry, page, item)
    entry.click(page.get_by_role("button", name="Spara och gå tillbaka till mötet"))
    page.get_by_text("Punkt 12 sparades.").wait_for()

    # The seed closes with Övriga frågor: the standard Mötets avslutande goes.
    row = page.locator("table.items tbody tr", has_text="Öppna punkt 14")
    entry.check(row.get_by_role("checkbox"))
    entry.click(page.get_by_role("button", name="Spara mötet"))
    page.get_by_text("Mötet sparades.").wait_for()
    elapsed = time.monotonic() - started

    stored = list(meeting.items.order_by("position").values_list("number", "title"))
    assert stored == [(i["number"], i["title"]) for i in items]
    clauses = list(
        Decision.objects.filter(item__meeting=meeting)
        .order_by("item__position", "position")
        .values_list("item__number", "text", "kind", "referred_to__code")
    )
    expected = [
        (i["number"], d["text"], d["kind"], "VFR" if d["kind"] == "referred" else None)
        for i in items
        for d in i["decisions"]
    ]
    assert clauses == expected
    assignees = list(
        Decision.objects.filter(item__meeting=meeting, kind="assigned")
        .order_by("item__position")
        .values_list("assignments__assignee_principal__name", "assignments__assignee_text")
    )
    assert assignees == [("Region Dalarna", ""), (None, "Styrgruppen")]
    assert meeting.attendances.filter(present=True).count() == 24

    result = (
        f"LCHNV 2021-04-16 entered by hand: {elapsed:.1f} s, {entry.actions} actions "
        f"({len(items)} items, {len(expected)} clauses)"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "lchnv-entry.txt").write_text(result + "\n", encoding="utf-8")
    with capsys.disabled():
        print(f"\n{result}")
