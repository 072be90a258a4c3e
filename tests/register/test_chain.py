"""The chain of a matter on the case page: each referral's state agrees with what the
chain shows, and the picture (one mark per forum and day, arrows the way the matter
went) says the same as the table beside it."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from agreements.models import PrincipalDecision
from agreements.services import open_adoptions
from meetings.models import Case, Decision
from register import selectors
from register.chain import Referral
from register.pictures import chain_layout
from tests.factories import make_decision, make_item, make_meeting
from tests.register.test_lists import main_text

D = datetime.date
SVG = "{http://www.w3.org/2000/svg}"


def chain_of(case):
    return selectors.case_chain(AnonymousUser(), case)


def picture(page: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg.*?</svg>", page, re.S).group(0))


def table_rows(page: str) -> list[str]:
    table = page[page.index('class="striped chain-table"') :]
    table = table[: table.index("</table>")]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", table[table.index("<tbody>") :], re.S)
    ]


def test_the_demo_referrals_agree_with_what_the_chain_shows(client, demo):
    case = Case.objects.get(title__startswith="Tillnyktringsplatser")
    items = chain_of(case).items
    first = next(d for d in items[1].decisions if d.kind == "referred")
    again = next(d for d in items[2].decisions if d.kind == "referred")
    # Länschefsnätverket sent the matter to Välfärdsrådet in May 2020; Välfärdsrådet's
    # answer (June 2020) is not in the register, but the matter was sent to it again
    # in April 2021: the first no longer waits, the second does.
    assert (first.state, first.state_item) == (Referral.SENT_AGAIN, items[2])
    assert first.waiting_for == ""
    assert (again.state, again.waiting_for) == (Referral.WAITING, "Välfärdsrådet")

    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    # Said once in the list of items and once in the table (and in the picture).
    words = main_text_of(re.sub(r"<svg.*?</svg>", "", page, flags=re.S))
    assert words.count("Väntar på Välfärdsrådet") == 2
    assert "Skickat till Välfärdsrådet igen" in page
    root = picture(page)
    (ring,) = [g for g in root.iter(f"{SVG}g") if "waiting" in g.get("class", "")]
    assert ring.get("data-from") == f"m{items[2].pk}"


def main_text_of(page: str) -> str:
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.fixture
def referred(lchnv, vfr):
    """Länschefsnätverket sends a matter to Välfärdsrådet in September 2026."""
    case = Case.objects.create(title="Hemsjukvårdsavtalet")
    item = make_item(make_meeting(lchnv, D(2026, 9, 15)), "5", "Hemsjukvård", case=case)
    make_decision(item, "att godkänna utredningen.")
    referral = make_decision(
        item,
        "att Länschefsnätverkets beslut skickas vidare för Välfärdsrådets ställningstagande.",
        kind="referred",
        referred_to=vfr,
    )
    return case, referral


def test_a_forum_deciding_on_the_matter_without_the_link_has_taken_it_up(client, referred, vfr):
    case, referral = referred
    # Välfärdsrådet decides on the matter; the minutes do not link its answer.
    answer = make_item(make_meeting(vfr, D(2026, 10, 1)), "4", "Hemsjukvård", case=case)
    make_decision(answer, "att rekommendera kommunerna att anta avtalet.", kind="recommended")
    decision = chain_of(case).items[0].decisions[1]
    assert decision.state == Referral.TAKEN_UP and decision.waiting_for == ""

    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    text = main_text(client.get(reverse("case_detail", args=[case.pk])))
    assert "Väntar på Välfärdsrådet" not in text
    assert "Togs upp av Välfärdsrådet: 1 oktober 2026, p. 4" in text
    root = picture(page)
    (arrow,) = [p for p in root.iter(f"{SVG}path") if "answer" in p.get("class", "")]
    assert "taken-up" in arrow.get("class") and arrow.get("stroke-dasharray")
    assert not [g for g in root.iter(f"{SVG}g") if "waiting" in g.get("class", "")]
    assert "togs upp av Välfärdsrådet 1 oktober 2026" in table_rows(page)[0]


def test_an_answer_recorded_by_the_forum_answers_it(client, referred, vfr):
    case, referral = referred
    answer = make_item(make_meeting(vfr, D(2026, 10, 1)), "4", "Hemsjukvård", case=case)
    make_decision(answer, "att godkänna avtalet.", answers=referral)
    decision = chain_of(case).items[0].decisions[1]
    assert decision.state == Referral.ANSWERED
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    (arrow,) = [p for p in picture(page).iter(f"{SVG}path") if "answer" in p.get("class", "")]
    # The arrow runs from the referral to the answer, the way the matter went.
    assert arrow.get("data-from") == f"m{referral.item_id}"
    assert arrow.get("data-to") == f"m{answer.pk}"
    assert not arrow.get("stroke-dasharray")


def test_an_answer_by_another_forum_or_a_tabling_leaves_the_referral_waiting(referred, vfr, schnv):
    case, referral = referred
    other = make_item(make_meeting(schnv, D(2026, 9, 20)), "2", "Hemsjukvård", case=case)
    make_decision(
        other, "att lägga informationen till handlingarna.", kind="noted", answers=referral
    )
    tabled = make_item(
        make_meeting(vfr, D(2026, 10, 1)), "4", "Hemsjukvård", case=case, outcome="tabled"
    )
    make_decision(tabled, "att bordlägga ärendet.", kind="tabled")
    decision = chain_of(case).items[0].decisions[1]
    # As the agenda of Välfärdsrådet has it: still waiting for it.
    assert decision.state == Referral.WAITING and decision.waiting_for == "Välfärdsrådet"
    assert Decision.objects.waiting_for(vfr).filter(pk=referral.pk).exists()


def test_one_mark_per_forum_and_day(client, demo):
    case = Case.objects.get(title__contains="(SUS)")
    layout = chain_layout(chain_of(case))
    assert [(m.lane, m.date, m.label) for m in layout.marks] == [
        ("VFR", D(2020, 3, 11), "VFR 11/3"),
        ("LCHNV", D(2020, 5, 8), "LCHNV 8/5 +1"),
    ]
    assert layout.marks[1].title.startswith("p. 5 SUS")
    assert [len(row.items) for row in layout.rows] == [1, 2]
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    marks = [g for g in picture(page).iter(f"{SVG}g") if "event" in g.get("class", "").split()]
    assert len(marks) == len(table_rows(page)) == 2


def test_the_principals_decisions_of_a_day_are_one_mark(client, vfr):
    case = Case.objects.create(title="Hemsjukvårdsavtalet")
    item = make_item(make_meeting(vfr, D(2026, 6, 17)), "4", "Hemsjukvård", case=case)
    recommendation = make_decision(
        item, "att rekommendera kommunerna att anta avtalet.", kind="recommended"
    )
    open_adoptions(recommendation=recommendation)
    for short_name, day in [
        ("Falun", D(2026, 9, 1)),
        ("Mora", D(2026, 9, 1)),
        ("Orsa", D(2026, 10, 5)),
    ]:
        PrincipalDecision.objects.filter(
            recommendation=recommendation, principal__short_name=short_name
        ).update(status="adopted", decided_on=day)
    layout = chain_layout(chain_of(case))
    principals = [m for m in layout.marks if m.kind == "adoption"]
    assert [(m.label, m.date) for m in principals] == [
        ("Falun, Mora", D(2026, 9, 1)),
        ("Orsa", D(2026, 10, 5)),
    ]
    assert {(s.source, s.target) for s in layout.steps} == {
        (f"m{item.pk}", "a20260901"),
        (f"m{item.pk}", "a20261005"),
    }
    assert layout.lanes == ["VFR", "Huvudmän"]
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    rows = table_rows(page)
    assert "huvudmän beslutade 1 september 2026; huvudmän beslutade 5 oktober 2026" in rows[0]
    assert rows[1].startswith("1 september 2026 Huvudmän") and "Falun: Antaget" in rows[1]
