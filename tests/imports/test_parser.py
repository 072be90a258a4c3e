"""The parser against the hand-checked transcriptions of the seed minutes."""

import json

import pytest

from council.reference import FORUMS
from imports.forums import forum_resolver
from imports.parser import mapping_resolver, normalise_text, parse_minutes
from tests.conftest import FIXTURES, SEED_NAMES, seed_truth

# A resolver from the reference data, so that the parser is tested without a database.
REFERENCE_NAMES = {
    name: forum for code, forum, *_, others in FORUMS for name in [forum, code, *others]
}
RESOLVE = mapping_resolver(REFERENCE_NAMES)
# Written for these tests in the seeds' format, with what the seeds do not show:
# a justerare, page footers in the text, a proposal list, likalydande and a tabled item.
UNSEEN = FIXTURES / "imports" / "vfr-2023-06-15"


def seed_text(name: str) -> str:
    return (FIXTURES / "seeds" / f"{name}.txt").read_text(encoding="utf-8")


def score(parsed: dict, truth: dict) -> tuple[int, int]:
    """Exact items (number, title, presenters, outcome) and exact clauses, of all in the truth.

    A clause the parser found in excess counts against it.
    """
    exact = total = 0
    by_number = {item["number"]: item for item in parsed["items"]}
    for item in truth["items"]:
        got = by_number.get(item["number"])
        total += 1 + len(item["decisions"])
        if got is None:
            continue
        keys = ("title", "presenters", "outcome")
        exact += all(got[k] == item[k] for k in keys)
        exact += sum(a == b for a, b in zip(got["decisions"], item["decisions"], strict=False))
        total += max(0, len(got["decisions"]) - len(item["decisions"]))
    total += len(set(by_number) - {item["number"] for item in truth["items"]})
    return exact, total


@pytest.mark.parametrize("name", SEED_NAMES)
def test_items_titles_presenters_and_clauses_equal_the_truth(name):
    truth = seed_truth(name)
    parsed = parse_minutes(seed_text(name), resolve_forum=RESOLVE).as_json()

    assert [i["number"] for i in parsed["items"]] == [i["number"] for i in truth["items"]]
    for got, want in zip(parsed["items"], truth["items"], strict=True):
        assert got["title"] == want["title"]
        assert got["presenters"] == want["presenters"]
        assert got["outcome"] == want["outcome"]
        assert [(d["text"], d["kind"]) for d in got["decisions"]] == [
            (d["text"], d["kind"]) for d in want["decisions"]
        ]
        assert got["decisions"] == want["decisions"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_header_and_json_schema_equal_the_truth(name):
    parsed = parse_minutes(seed_text(name), resolve_forum=RESOLVE).as_json()

    assert parsed == seed_truth(name)
    assert json.loads(json.dumps(parsed, ensure_ascii=False)) == seed_truth(name)


def test_overall_score_is_at_least_98_percent(capsys):
    exact = total = 0
    lines = []
    for name in SEED_NAMES:
        e, t = score(
            parse_minutes(seed_text(name), resolve_forum=RESOLVE).as_json(), seed_truth(name)
        )
        lines.append(f"{name}: {e}/{t} = {e / t:.1%}")
        exact, total = exact + e, total + t
    with capsys.disabled():
        print("\nParser score per seed:", "; ".join(lines), f"; overall {exact / total:.1%}")
    assert exact / total >= 0.98


def test_score_counts_a_wrong_clause_kind_and_a_missing_item():
    truth = seed_truth("vfr-2020-03-11")
    parsed = json.loads(json.dumps(truth))
    parsed["items"][0]["decisions"][0]["kind"] = "approved"
    del parsed["items"][-1]
    exact, total = score(parsed, truth)
    assert total == 9 + 8
    # The wrong kind, and the missing item with its clause.
    assert exact == total - 1 - 2


def test_minutes_of_an_unseen_year_parse_to_their_transcription():
    truth = json.loads(UNSEEN.with_suffix(".json").read_text(encoding="utf-8"))
    parsed = parse_minutes(
        UNSEEN.with_suffix(".txt").read_text(encoding="utf-8"),
        resolve_forum=RESOLVE,
        principals=["Region Dalarna", "Rättvik", "Borlänge", "Ludvika"],
    )

    assert parsed.as_json() == truth
    assert parsed.minutes_date.isoformat() == "2023-06-20"
    assert [a.name for a in parsed.attendees][:2] == ["Sofia Jarl", "Fredrik Ollén"]


def test_minutes_laid_out_by_another_hand_parse_to_their_transcription():
    # Written after the parser, in a layout none of the seeds use: a heading before the
    # forum, names with their principals on one line, a title and a clause wrapped over
    # two lines, a referral and a withdrawn item.
    sample = FIXTURES / "imports" / "schnv-2024-02-09"
    parsed = parse_minutes(
        sample.with_suffix(".txt").read_text(encoding="utf-8"), resolve_forum=RESOLVE
    )
    assert parsed.as_json() == json.loads(sample.with_suffix(".json").read_text(encoding="utf-8"))


def test_the_registers_forum_names_resolve_former_names(reference, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        resolve = forum_resolver()
    parsed = parse_minutes(seed_text("chnv-2020-05-08"), resolve_forum=resolve)
    assert parsed.forum == "Länschefsnätverket"
    assert parsed.forum_as_written == "Länsnätverket för förvaltningschefer"
    assert parsed.as_json() == seed_truth("chnv-2020-05-08")


def test_page_headers_and_footers_are_removed_from_the_text_of_an_item():
    parsed = parse_minutes(seed_text("chnv-2020-05-08"), resolve_forum=RESOLVE)
    item = parsed.items[7]
    assert "Sida 5 (9)" not in item.discussion
    assert "Central förvaltning" not in item.discussion
    assert "Minnesanteckningar" not in item.discussion
    lchnv = parse_minutes(seed_text("lchnv-2021-04-16"), resolve_forum=RESOLVE)
    assert all("Dnr" not in i.discussion and "2021-04-20" not in i.discussion for i in lchnv.items)
    assert lchnv.registration_number == "RD21/00998"


def test_a_proposal_is_not_a_decision_and_another_forums_decision_is_not_this_ones():
    parsed = parse_minutes(seed_text("chnv-2020-05-08"), resolve_forum=RESOLVE)
    item = parsed.items[9]
    assert [d.text for d in item.decisions] == [
        "att besluta i enlighet med Styrgruppens förslag p.1-4."
    ]
    # Both are kept as the discussion they are.
    assert "Styrgruppen föreslår\n\n1. att kommunerna och regionen bildar" in item.discussion
    assert "Välfärdsrådet beslutade: att rekommendera" in item.discussion


def test_attachments_sub_items_and_references_to_other_meetings():
    chnv = parse_minutes(seed_text("chnv-2020-05-08"), resolve_forum=RESOLVE)
    assert chnv.items[2].attachment_refs == "Bilaga 1, 2"
    assert chnv.items[5].attachment_refs == "Bilaga 4, 5"
    assert [(s.letter, s.title) for s in chnv.items[3].sub_items] == [
        ("a", "BIRK-nätverk, SKR 200305-200306"),
        ("b", "Rapport (muntlig) från Avdelningen hälsa och välfärd"),
    ]
    assert ("Länschefsnätverket", "2020-03-06") in [
        (f, d.isoformat()) for f, d in chnv.items[7].references
    ]
    schnv = parse_minutes(seed_text("schnv-2022-09-23"), resolve_forum=RESOLVE)
    assert [(f, d.isoformat()) for f, d in schnv.items[5].references] == [
        ("Länschefsnätverket", "2022-09-23")
    ]
    lchnv = parse_minutes(seed_text("lchnv-2021-04-16"), resolve_forum=RESOLVE)
    assert ("Välfärdsrådet", "2021-03-25") in [
        (f, d.isoformat()) for f, d in lchnv.items[7].references
    ]


def test_attendance_with_principals_and_the_note_on_who_was_missing():
    parsed = parse_minutes(
        seed_text("vfr-2020-03-11"),
        resolve_forum=RESOLVE,
        principals=["Region Dalarna", "Rättvik", "Säter", "Ludvika", "Borlänge"],
    )
    assert (parsed.attendees[0].name, parsed.attendees[0].principal) == (
        "Sofia Jarl",
        "Region Dalarna",
    )
    assert ("Åsa Bergkvist", "Ludvika") in [(a.name, a.principal) for a in parsed.attendees]
    assert "Linda Haglund" in [a.name for a in parsed.attendees]
    assert parsed.attendance_note.startswith("Följande kommuner var inte representerade")
    # The attendance under item 1 is not discussion of the item.
    assert "Närvarande" not in parsed.items[0].discussion


def test_warnings_name_what_a_person_should_check():
    text = normalise_text(
        """Minnesanteckningar Okänt nätverk 3 maj 2024

1. Mötets öppnande

2. Samverkan kring utskrivning
Diskussion fördes.

3. Beslut: Medel
Nätverket beslutade:
att kommunerna finansierar en gemensam resurs.
att ärendet skickas vidare för ställningstagande.
"""
    )
    parsed = parse_minutes(text, resolve_forum=RESOLVE)
    codes = {(w.code, w.item, w.clause) for w in parsed.warnings}
    assert ("unknown_forum", "", None) in codes
    assert ("no_decisions", "2", None) in codes
    assert ("unclassified", "3", 1) in codes
    assert ("no_target", "3", 2) in codes
    assert ("no_decisions", "1", None) not in codes
    assert parsed.date.isoformat() == "2024-05-03"


def test_withdrawn_and_tabled_items_and_inline_decisions_in_discussion():
    schnv = parse_minutes(seed_text("schnv-2022-09-23"), resolve_forum=RESOLVE)
    assert schnv.items[3].outcome == "tabled"
    assert schnv.items[4].outcome == "withdrawn"
    # "Socialchefsnätverket beslutade att avsätta ..." tells of an earlier decision.
    assert len(schnv.items[5].decisions) == 1
    assert schnv.items[5].decisions[0].text.startswith("att överskjutande medel")


def test_text_without_items_gives_a_warning_not_an_error():
    parsed = parse_minutes("Detta är inga minnesanteckningar.", resolve_forum=RESOLVE)
    assert parsed.items == []
    assert {w.code for w in parsed.warnings} >= {"no_items", "unknown_forum", "no_date"}


def test_protocol_style_numbering_and_other_decision_intros():
    text = """Protokoll Socialchefsnätverket 2024-02-09

§ 1 Mötets öppnande

§ 2 Ekonomisk uppföljning
Föredragande: Anna Ek, ekonom Mora kommun
Socialchefsnätverket beslutar:
att godkänna uppföljningen.

§ 3 Remiss om ny lagstiftning
Beslut
att ärendet hänskjuts till Länschefsnätverket.
"""
    parsed = parse_minutes(text, resolve_forum=RESOLVE).as_json()

    assert (parsed["forum"], parsed["date"]) == ("Socialchefsnätverket", "2024-02-09")
    assert [(i["number"], i["title"], i["presenters"]) for i in parsed["items"]] == [
        ("1", "Mötets öppnande", []),
        ("2", "Ekonomisk uppföljning", ["Anna Ek"]),
        ("3", "Remiss om ny lagstiftning", []),
    ]
    assert parsed["items"][1]["decisions"] == [
        {"text": "att godkänna uppföljningen.", "kind": "approved"}
    ]
    assert parsed["items"][2]["decisions"] == [
        {
            "text": "att ärendet hänskjuts till Länschefsnätverket.",
            "kind": "referred",
            "referred_to": "Länschefsnätverket",
        }
    ]


def test_other_layouts_of_attendance_times_clauses_and_outcomes():
    text = """Minnesanteckningar Välfärdsrådet 14 oktober 2024 13.00–15.30

Närvarande:
Anna Andersson, Avesta
Bo Berg, Borlänge
Cecilia Carlsson, utvecklingsledare

1. Mötets öppnande

2. Överenskommelse om hemsjukvård
Föredragare: Dan Dahl
Beslut:
1. att rekommendera kommunerna och regionen att anta överenskommelsen.
2. att beslutet gäller under förutsättning av likalydande beslut.

3. Rapport från LPO Äldres hälsa
Utgår.

4. Mötets avslutande
Beslutades att avsluta mötet.
"""
    parsed = parse_minutes(text, resolve_forum=RESOLVE, principals=["Avesta", "Borlänge"])

    assert (f"{parsed.start_time:%H:%M}", f"{parsed.end_time:%H:%M}") == ("13:00", "15:30")
    assert [(a.name, a.principal) for a in parsed.attendees] == [
        ("Anna Andersson", "Avesta"),
        ("Bo Berg", "Borlänge"),
        ("Cecilia Carlsson", ""),
    ]
    item = parsed.items[1]
    assert item.presenters == ["Dan Dahl"]
    assert [(d.kind, d.requires_identical) for d in item.decisions] == [
        ("recommended", True),
        ("other", False),
    ]
    assert item.decisions[0].text.startswith("att rekommendera kommunerna")
    assert parsed.items[2].outcome == "withdrawn"
    assert [(d.text, d.kind) for d in parsed.items[3].decisions] == [
        ("att avsluta mötet.", "procedural")
    ]
