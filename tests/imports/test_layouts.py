"""The rules of the reading, each on a short text written for it."""

import pytest

from imports.parser import parse_minutes
from tests.imports.test_parser import RESOLVE

PRINCIPALS = ["Region Dalarna", "Avesta", "Borlänge", "Falun", "Mora", "Orsa", "Leksand"]


def read(text: str):
    return parse_minutes(text, resolve_forum=RESOLVE, principals=PRINCIPALS)


BODY = """{first} Mötets öppnande
{second} Rehabilitering och hjälpmedel
Socialchefsnätverket beslutade:
att godkänna rutinen.
{third} Övriga frågor
"""


@pytest.mark.parametrize(
    "numbers",
    [
        ("1.", "2.", "3."),
        ("1)", "2)", "3)"),
        ("1", "2", "3"),
        ("§ 1", "§ 2", "§ 3"),
        ("§ 45", "§ 46", "§ 47"),
        ("Punkt 1.", "Punkt 2.", "Punkt 3."),
        ("Punkt 1:", "Punkt 2:", "Punkt 3:"),
        ("01.", "02.", "03."),
    ],
)
def test_every_numbering_style_gives_the_items(numbers):
    text = "Socialchefsnätverket 2024-02-09\n" + BODY.format(
        first=numbers[0], second=numbers[1], third=numbers[2]
    )

    parsed = read(text)

    start = int(numbers[0].split()[-1].strip(".):"))
    assert [(i.number, i.title) for i in parsed.items] == [
        (str(start), "Mötets öppnande"),
        (str(start + 1), "Rehabilitering och hjälpmedel"),
        (str(start + 2), "Övriga frågor"),
    ]
    assert [d.text for d in parsed.items[1].decisions] == ["att godkänna rutinen."]


def test_sub_items_with_letters_or_numbers_are_items_and_lists_inside_an_item_are_not():
    parsed = read(
        """Länschefsnätverket 2021-09-24
1. Mötets öppnande
2. Rapporter
2a. Rapport från LPO Äldres hälsa
Länschefsnätverket beslutade:
att lägga rapporten till handlingarna.
2b. Rapport från LPO Primärvård
Länschefsnätverket beslutade:
att lägga rapporten till handlingarna.
3. Ekonomi
Styrgruppen föreslår
1. att medlen fördelas efter befolkning.
2. att uppföljning sker i december.
3.1 Budget 2022
Länschefsnätverket beslutade:
att godkänna budgeten.
3.2 Prognos
4. Övriga frågor
"""
    )
    assert [i.number for i in parsed.items] == ["1", "2", "2a", "2b", "3", "3.1", "3.2", "4"]
    proposal = parsed.items[4]
    assert proposal.decisions == []
    assert "1. att medlen fördelas efter befolkning." in proposal.discussion


def test_a_heading_number_alone_takes_its_title_from_the_next_line():
    parsed = read("Välfärdsrådet 2023-03-23\n§ 1\nMötets öppnande\n§ 2\nÖvriga frågor\n")
    assert [(i.number, i.title) for i in parsed.items] == [
        ("1", "Mötets öppnande"),
        ("2", "Övriga frågor"),
    ]


def test_headings_in_capitals_that_wrap_are_read_whole():
    parsed = read(
        """Välfärdsrådet 2019-06-12
1. MÖTETS ÖPPNANDE
2. BESLUT OM REKOMMENDATION: LÄNSÖVERGRIPANDE ÖVERENSKOMMELSE OM
SAMVERKAN KRING PERSONER MED MISSBRUK, BILAGA 2
Välfärdsrådet beslutade
att godkänna överenskommelsen.
"""
    )
    assert parsed.items[1].title == (
        "BESLUT OM REKOMMENDATION: LÄNSÖVERGRIPANDE ÖVERENSKOMMELSE OM "
        "SAMVERKAN KRING PERSONER MED MISSBRUK"
    )
    assert parsed.items[1].attachment_refs == "Bilaga 2"


def test_without_blank_lines_discussion_after_a_decision_is_not_part_of_the_clause():
    parsed = read(
        """Välfärdsrådet 2023-03-23
1. Rapport från Styrgrupp god och nära vård
Välfärdsrådet beslutade:
att lägga informationen till handlingarna.
Tanja informerade också om arbetet med färdplanen. Frågan kommer tillbaka i höst
när styrgruppen har fått svar från kommunerna.
2. Övriga frågor
"""
    )
    item = parsed.items[0]
    assert [d.text for d in item.decisions] == ["att lägga informationen till handlingarna."]
    assert item.discussion.startswith("Tanja informerade också")


def test_absence_notes_without_a_blank_line_do_not_swallow_the_items():
    parsed = read(
        """Välfärdsrådet 2023-03-23
Närvarande: Anna Andersson, Avesta, Bo Berg, Borlänge
Frånvarande: Cecilia Carlsson, Falun
Följande kommuner var inte representerade: Orsa, Mora
1. Mötets öppnande
2. Övriga frågor
"""
    )
    assert [i.title for i in parsed.items] == ["Mötets öppnande", "Övriga frågor"]
    assert [(a.name, a.principal, a.present) for a in parsed.attendees] == [
        ("Anna Andersson", "Avesta", True),
        ("Bo Berg", "Borlänge", True),
        ("Cecilia Carlsson", "Falun", False),
    ]
    assert "Följande kommuner var inte representerade: Orsa, Mora" in parsed.attendance_note


def test_a_lead_in_gives_its_kind_and_condition_to_the_clauses_under_it():
    parsed = read(
        """Välfärdsrådet 2023-10-05
1. Överenskommelse om hemsjukvård
Välfärdsrådet beslutade
att rekommendera kommunerna och regionen:
- att anta överenskommelsen om hemsjukvård,
- att utse en kontaktperson per huvudman,
under förutsättning att samtliga parter godkänner överenskommelsen.
att ärendet återrapporteras till Välfärdsrådet i december.
"""
    )
    clauses = [(d.text, d.kind, d.requires_identical) for d in parsed.items[0].decisions]
    assert clauses[0] == (
        "att rekommendera kommunerna och regionen att anta överenskommelsen om hemsjukvård,",
        "recommended",
        True,
    )
    assert clauses[1] == (
        "att rekommendera kommunerna och regionen att utse en kontaktperson per huvudman, "
        "under förutsättning att samtliga parter godkänner överenskommelsen.",
        "recommended",
        True,
    )
    # A clause at the block's own level after bulleted ones is not under the lead-in.
    assert clauses[2][0] == "att ärendet återrapporteras till Välfärdsrådet i december."
    assert len(clauses) == 3


@pytest.mark.parametrize(
    "condition",
    [
        "att beslutet gäller under förutsättning av likalydande beslut.",
        "att rekommendationen förutsätter att samtliga huvudmän fattar likalydande beslut.",
        "att beslutet gäller under förutsättning att samtliga parter godkänner avtalet.",
        "att beslutet gäller endast om alla huvudmän antar överenskommelsen.",
    ],
)
def test_the_condition_of_identical_decisions_is_read_in_its_usual_wordings(condition):
    parsed = read(
        f"""Välfärdsrådet 2023-10-05
1. Avtal om tillnyktring
Välfärdsrådet beslutade
att rekommendera kommunerna och regionen att anta avtalet.
{condition}
"""
    )
    recommendation, stated = parsed.items[0].decisions
    assert (recommendation.kind, recommendation.requires_identical) == ("recommended", True)
    assert (stated.kind, stated.requires_identical) == ("other", False)


def test_a_condition_that_is_no_condition_of_identical_decisions_is_not_read_as_one():
    parsed = read(
        """Välfärdsrådet 2023-10-05
1. Avtal om tillnyktring
Välfärdsrådet beslutade
att rekommendera kommunerna och regionen att anta avtalet under förutsättning att
finansieringen är klar.
"""
    )
    assert parsed.items[0].decisions[0].requires_identical is False


def test_a_wrapped_line_holding_only_beslut_ends_the_clause_it_belongs_to():
    parsed = read(
        """Välfärdsrådet 2019-06-12
1. Överenskommelse om missbruk
Välfärdsrådet beslutade:
att rekommendera kommunerna och regionen att anta överenskommelsen genom likalydande
beslut.
2. Övriga frågor
"""
    )
    assert parsed.items[0].decisions[0].text.endswith("genom likalydande beslut.")


def test_a_decision_told_in_one_sentence_decides_unless_the_item_has_a_block():
    parsed = read(
        """Socialchefsnätverket 2026-01-23
1. Ekonomiskt bistånd
Arbetsgruppen har inte hunnit klart. Socialchefsnätverket beslutar att ärendet bordläggs.
2. Uppföljning av medel
Under hösten beslutade Socialchefsnätverket att avsätta medel.
Socialchefsnätverket beslutade att avsätta 1 800 000 kr till arbetet.
Socialchefsnätverket beslutade:
att godkänna uppföljningen.
"""
    )
    tabled, followed_up = parsed.items
    assert [(d.text, d.kind) for d in tabled.decisions] == [("att ärendet bordläggs.", "tabled")]
    assert tabled.outcome == "tabled"
    assert [d.text for d in followed_up.decisions] == ["att godkänna uppföljningen."]
    assert "beslutade att avsätta 1 800 000 kr" in followed_up.discussion


def test_an_item_withdrawn_at_another_meeting_is_not_withdrawn_at_this_one():
    parsed = read(
        """Länschefsnätverket 2020-05-08
1. Tillnyktringsplatser
På grund av covid-19 utgick ärendet på Chefsnätverkets möte den 3 april.
Länschefsnätverket beslutade:
att godkänna utvärderingen.
2. Samverkan kring SIP
På grund av tidsbrist bordlades frågan till nästa möte.
"""
    )
    assert [i.outcome for i in parsed.items] == ["handled", "tabled"]


# --------------------------------------------------------------------------- the header


def test_the_meeting_date_is_the_one_beside_tid_and_plats_not_the_one_beside_the_dnr():
    parsed = read(
        """Minnesanteckningar VFR 231005
Datum: 2023-10-12          Dnr: RD 23/01234
Välfärdsrådet
Datum: 5 oktober
Tid: kl. 13–15.30
Plats: Rättviks kommunhus
1. Mötets öppnande
"""
    )
    assert parsed.date.isoformat() == "2023-10-05"
    assert parsed.minutes_date.isoformat() == "2023-10-12"
    assert parsed.registration_number == "RD 23/01234"
    assert (f"{parsed.start_time:%H:%M}", f"{parsed.end_time:%H:%M}") == ("13:00", "15:30")
    assert parsed.place == "Rättviks kommunhus"
    assert "date_conflict" not in {w.code for w in parsed.warnings}


def test_two_dates_for_the_meeting_are_a_conflict_the_review_shows():
    parsed = read(
        """Minnesanteckningar Välfärdsrådet 231005
Datum: 6 oktober 2023
Tid: 13.00-15.00
1. Mötets öppnande
"""
    )
    conflict = [w for w in parsed.warnings if w.code == "date_conflict"]
    assert conflict and conflict[0].field == "date"
    assert "2023-10-05" in conflict[0].detail and "2023-10-06" in conflict[0].detail


def test_a_header_laid_out_as_a_table():
    parsed = read(
        """Välfärdsrådet – minnesanteckningar
Datum | 17 september 2025
Tid | 13.00–16.00
Plats | Leksands kommunhus, Leksand
Dnr | RD 25/00871
1. Mötets öppnande
"""
    )
    assert (parsed.date.isoformat(), parsed.place, parsed.registration_number) == (
        "2025-09-17",
        "Leksands kommunhus, Leksand",
        "RD 25/00871",
    )


def test_the_justerare_are_read_from_the_clause_that_chooses_them():
    parsed = read(
        """Välfärdsrådet 2021-06-17
1. Val av justerare
Välfärdsrådet beslutade
att utse Karin Ek och Olof Tallberg till justerare.
"""
    )
    assert parsed.justerare == ["Karin Ek", "Olof Tallberg"]
    assert parsed.items[0].decisions[0].kind == "procedural"


# --------------------------------------------------------------------------- people


def test_presenters_with_och_in_their_organisation_and_one_to_a_line():
    parsed = read(
        """Välfärdsrådet 2023-03-23
1. Hemsjukvård
Föredragande: Maria Lind, chef för vård och omsorg, Hälso- och sjukvårdsförvaltningen,
och Per Björk
Anna Ek, socialchef Mora kommun
Maria Lind redogjorde för läget.
2. Missbruk
Föredragande: Styrgruppen, Tanja Mårtensson och Ola Vestin, LPO Barn och unga
"""
    )
    first, second = parsed.items
    assert first.presenters == ["Maria Lind", "Per Björk", "Anna Ek"]
    assert first.presenter_titles["Maria Lind"] == (
        "chef för vård och omsorg, Hälso- och sjukvårdsförvaltningen"
    )
    assert second.presenters == ["Styrgruppen", "Tanja Mårtensson", "Ola Vestin"]


def test_attendance_with_roles_legends_and_principals_as_headings():
    parsed = read(
        """Länschefsnätverket 2024-06-14
Närvarande (* = frånvarande):
Avesta: Anna Andersson (ordf), Bo Berg
Borlänge: Cecilia Carlsson*
Falun: Dan Dahl, Eva Ek
x = närvarande, Region Dalarna
Fredrik Fors Gustav Grön Helena Hed Ivar Isaksson
1. Mötets öppnande
"""
    )
    people = [(a.name, a.principal, a.role, a.present) for a in parsed.attendees]
    assert people == [
        ("Anna Andersson", "Avesta", "chair", True),
        ("Bo Berg", "Avesta", "", True),
        ("Cecilia Carlsson", "Borlänge", "", False),
        ("Dan Dahl", "Falun", "", True),
        ("Eva Ek", "Falun", "", True),
    ]
    # Four people run together, and the legend, are not taken for a person.
    assert "Fredrik Fors Gustav Grön Helena Hed Ivar Isaksson" in parsed.doubtful_names
    assert {w.code for w in parsed.warnings} >= {"doubtful_names"}
    assert all("=" not in a.name for a in parsed.attendees)


def test_attendance_tables_with_marks_and_other_lists_of_people():
    parsed = read(
        """Välfärdsrådet 2019-11-27
Närvarande och frånvarande ledamöter
Huvudman | Ledamot | Närvaro
Region Dalarna | Anna-Karin Sjölander (ordf) | x
Avesta | Ove Sandberg | x
Borlänge | Jenny Hellberg (vice ordf) | –
x = närvarande, – = frånvarande
Tjänstepersoner: Mona Ekholm och Kristoffer Dahl, Region Dalarna, samt Ulla Grönlund (sekreterare)
Övriga närvarande: Cecilia Wallin, avdelningschef Hälsa och välfärd, och Per Sjöberg
Ej representerade: Mora
1. Mötets öppnande
"""
    )
    people = [(a.name, a.principal, a.role, a.present) for a in parsed.attendees]
    assert people == [
        ("Anna-Karin Sjölander", "Region Dalarna", "chair", True),
        ("Ove Sandberg", "Avesta", "", True),
        ("Jenny Hellberg", "Borlänge", "vice_chair", False),
        ("Mona Ekholm", "", "official", True),
        ("Kristoffer Dahl", "Region Dalarna", "official", True),
        ("Ulla Grönlund", "", "secretary", True),
        ("Cecilia Wallin", "", "official", True),
        ("Per Sjöberg", "", "official", True),
    ]
    assert parsed.doubtful_names == []
    assert "Ej representerade: Mora" in parsed.attendance_note


@pytest.mark.parametrize(
    ("clause", "kind", "target"),
    [
        (
            "att delrapporten skickas till Styrgrupp LCHNV för kännedom.",
            "referred",
            "Styrgrupp LCHNV",
        ),
        (
            "att lämna frågan till Chefsnätverket för vidare hantering.",
            "referred",
            "Länschefsnätverket",
        ),
        ("att ärendet lyfts till Välfärdsrådet för förankring.", "referred", "Välfärdsrådet"),
        ("att skicka inbjudan till kommunerna.", "approved", None),
        ("att komplettera utkastet med en tidplan.", "assigned", None),
        ("att uppföljningen görs i höst och redovisas för Välfärdsrådet.", "assigned", None),
        (
            "att godkänna förslaget till dagordning för Länschefsnätverkets möte 2021-06-18.",
            "approved",
            None,
        ),
        ("att godkänna dagordningen.", "procedural", None),
        (
            "att Linda Kvist ersätter Göran Sand som kommunrepresentant i Arbetsgrupp SUS.",
            "other",
            None,
        ),
        ("att dra tillbaka ärendet från dagordningen.", "withdrawn", None),
        (
            "att godkänna minnesanteckningarna från 2022-03-25 och lägga dem till handlingarna.",
            "approved",
            None,
        ),
        (
            "att beslut i respektive huvudmans nämnd ska vara fattade senast 2018-06-30.",
            "other",
            None,
        ),
        (
            "att föreslå Välfärdsrådet att rekommendera kommunerna och regionen att anta "
            "den reviderade överenskommelsen.",
            "referred",
            "Välfärdsrådet",
        ),
        (
            "att föreslå att Länschefsnätverket ger RSS i uppdrag att ta fram en plan.",
            "referred",
            "Länschefsnätverket",
        ),
        ("att justering sker digitalt senast 2025-05-28.", "procedural", None),
        ("att minnesanteckningarna justeras av ordföranden.", "procedural", None),
        ("att flytta nästa möte till 2022-04-28 kl. 14.00, Teams.", "other", None),
        ("att nästa möte hålls den 3 mars i Borlänge.", "other", None),
    ],
)
def test_the_kind_of_a_clause_in_other_words(clause, kind, target):
    parsed = read(
        f"Socialchefsnätverket 2024-05-17\n1. Ärende\nSocialchefsnätverket beslutade:\n{clause}\n"
    )
    decision = parsed.items[0].decisions[0]
    assert (decision.kind, decision.referred_to) == (kind, target)


def test_a_sentence_that_decides_wrapped_after_its_subject():
    parsed = read(
        """Socialchefsnätverket 2024-05-17
01. Mötets öppnande och val av justerare
Ordföranden Cecilia Wahlund öppnade mötet. Socialchefsnätverket
beslutade att utse Tove Lindqvist att justera anteckningarna.
02. Övriga frågor
"""
    )
    assert [d.text for d in parsed.items[0].decisions] == [
        "att utse Tove Lindqvist att justera anteckningarna."
    ]
    assert parsed.justerare == ["Tove Lindqvist"]
    assert parsed.items[0].discussion == "Ordföranden Cecilia Wahlund öppnade mötet."


def test_a_discussion_right_under_the_title_and_a_one_line_decision():
    parsed = read(
        """Välfärdsrådet 2023-03-30
§ 15 Ungdomsmottagningarnas uppdrag och finansiering
Beslutades att punkten utgår från dagordningen. Frågan tas upp i juni.
§ 16 Skrivelse från Vansbro kommun om läkarmedverkan i särskilt boende
Vansbro kommun har i en skrivelse till rådet lyft att läkarmedverkan i
särskilt boende inte motsvarar det som avtalats.
§ 17 Nästa möte 2023-06-15 kl. 13.00–16.00.
"""
    )
    withdrawn, letter, next_meeting = parsed.items
    assert [d.text for d in withdrawn.decisions] == ["att punkten utgår från dagordningen."]
    assert withdrawn.outcome == "withdrawn" and "tas upp i juni" in withdrawn.discussion
    assert letter.title == "Skrivelse från Vansbro kommun om läkarmedverkan i särskilt boende"
    assert next_meeting.title == "Nästa möte"


def test_notes_written_in_markdown():
    parsed = read(
        """# Minnesanteckningar – LPO Äldres hälsa

**Datum:** 2026-02-11
**Plats:** Teams

---

## 1. Inledning

## 2. Dagordning

**Beslut:**
- Att godkänna dagordningen.
"""
    )
    assert (parsed.date.isoformat(), parsed.place) == ("2026-02-11", "Teams")
    assert [(i.number, i.title) for i in parsed.items] == [("1", "Inledning"), ("2", "Dagordning")]
    assert [d.text for d in parsed.items[1].decisions] == ["Att godkänna dagordningen."]


def test_the_meeting_date_by_its_label_and_a_deadline_that_is_no_date_of_the_meeting():
    parsed = read(
        """SOCIALCHEFSNÄTVERKET | MINNESANTECKNINGAR
Datum: 2024-01-25 | Justeras senast: 2024-02-01
Mötesdatum: 2024-01-19
Tid: 08.30–11.45
1) Inledning
"""
    )
    assert parsed.date.isoformat() == "2024-01-19"


def test_presenters_with_their_title_first_and_the_short_label():
    parsed = read(
        """Välfärdsrådet 2023-09-29
1. Hemsjukvård
Föredragande: Utredare Agneta Skog, RSS Dalarna, och förvaltningschef Sven Ekdahl, Rättviks kommun
2. Skyddat boende
Föredr: Susanne Palm, utredare, Länsstyrelsen Dalarna
3. Remiss
Föredr. Nils Ekman, avdelningschef, Region Dalarna
"""
    )
    assert [i.presenters for i in parsed.items] == [
        ["Agneta Skog", "Sven Ekdahl"],
        ["Susanne Palm"],
        ["Nils Ekman"],
    ]
    assert parsed.items[0].presenter_titles["Agneta Skog"] == "Utredare, RSS Dalarna"


def test_two_decisions_in_one_sentence_and_a_no_before_the_verb_it_negates():
    parsed = read(
        "Välfärdsrådet 2021-11-26\n1. Hjälpmedelsavgifter\nVälfärdsrådet beslutade\n"
        "att inte rekommendera en enhetlig hjälpmedelsavgift i nuläget och att återremittera "
        "ärendet till Länschefsnätverket för en konsekvensanalys.\n"
    )
    assert [(d.text, d.kind, d.referred_to) for d in parsed.items[0].decisions] == [
        ("att inte rekommendera en enhetlig hjälpmedelsavgift i nuläget", "rejected", None),
        (
            "att återremittera ärendet till Länschefsnätverket för en konsekvensanalys.",
            "referred",
            "Länschefsnätverket",
        ),
    ]


def test_an_intro_closing_a_line_of_discussion_and_clauses_in_a_column_of_their_own():
    parsed = read(
        """Styrgrupp LCHNV 2025-06-13
1. Hjälpmedel
Parterna är överens om att förlänga. Styrgruppen beslutade
att godkänna en förlängning av överenskommelsen.
2. Inför Chefsnätverket
Förslaget till dagordning gicks igenom.
att föra upp frågan om SIP-utbildning på Chefsnätverkets dagordning den 5 april
3. Remiss
att Nils Ekman samordnar ett gemensamt remissvar
4. Ekonomi
Styrgruppen föreslår:
att medlen fördelas efter befolkning.
"""
    )
    assert [(d.text, d.kind) for d in parsed.items[0].decisions] == [
        ("att godkänna en förlängning av överenskommelsen.", "approved")
    ]
    assert [(d.kind, d.referred_to) for d in parsed.items[1].decisions] == [
        ("referred", "Länschefsnätverket")
    ]
    assert [d.kind for d in parsed.items[2].decisions] == ["assigned"]
    assert parsed.items[3].decisions == []


@pytest.mark.parametrize("rule", ["==========", "- - - - - -", "──────────", "__________"])
def test_a_rule_drawn_with_characters_separates_and_is_not_text(rule):
    parsed = read(
        f"""Socialchefsnätverket 2024-02-09
{rule}
1. Mötets öppnande
{rule}
2. Rehabilitering och hjälpmedel
Socialchefsnätverket beslutade:
att godkänna rutinen.
{rule}
Gruppen diskuterade införandet.
3. Övriga frågor
{rule}
"""
    )

    assert [(i.number, i.title) for i in parsed.items] == [
        ("1", "Mötets öppnande"),
        ("2", "Rehabilitering och hjälpmedel"),
        ("3", "Övriga frågor"),
    ]
    assert [d.text for d in parsed.items[1].decisions] == ["att godkänna rutinen."]
    assert [i.discussion for i in parsed.items] == ["", "Gruppen diskuterade införandet.", ""]


def test_a_lead_in_list_ends_at_its_full_stop_and_a_condition_holds_where_it_is_written():
    parsed = read(
        """Välfärdsrådet 2026-02-12
1. Överenskommelse om hemsjukvård
Välfärdsrådet beslutar
att rekommendera kommunerna och regionen:
att anta överenskommelsen, under förutsättning att samtliga parter fattar likalydande beslut
att utse varsin kontaktperson
att låta överenskommelsen träda i kraft den 1 september 2026.
att ge Länschefsnätverket i uppdrag att följa upp överenskommelsen.
"""
    )

    clauses = [(d.text, d.kind, d.requires_identical) for d in parsed.items[0].decisions]
    lead = "att rekommendera kommunerna och regionen"
    assert clauses == [
        (
            f"{lead} att anta överenskommelsen, under förutsättning att samtliga parter "
            "fattar likalydande beslut",
            "recommended",
            True,
        ),
        (f"{lead} att utse varsin kontaktperson", "recommended", False),
        (
            f"{lead} att låta överenskommelsen träda i kraft den 1 september 2026.",
            "recommended",
            False,
        ),
        ("att ge Länschefsnätverket i uppdrag att följa upp överenskommelsen.", "assigned", False),
    ]


def test_markdown_italic_labels_and_a_withdrawal_naming_the_next_meeting():
    parsed = read(
        """# Minnesanteckningar Välfärdsrådet 2021-06-17
## 1. Tillnyktringsverksamheten
*Föredragande:* Ulrika Berglöf, ordförande Länschefsnätverket
**Välfärdsrådet beslutade:**
- att lägga informationen till handlingarna.
## 2. Syn- och hörselinstruktörer
Ärendet utgår och tas upp på Välfärdsrådets möte i september.
## 3. Övriga frågor
"""
    )

    assert parsed.items[0].presenters == ["Ulrika Berglöf"]
    assert [i.outcome for i in parsed.items] == ["handled", "withdrawn", "handled"]


def test_presenters_after_dragning_av_and_labels_parted_by_tabs_on_one_line():
    parsed = read(
        "Minnesanteckningar Länschefsnätverket\n"
        "Datum: 2025-09-30\tDnr: RD 25/02871\n"
        "Mötesdatum: 2025-09-26\tTid: 09:00–11:30\tPlats: Dalarnasalen, Myntgatan 2, Falun\n"
        "1 Hemsjukvård\n"
        "Dragning av Maria Lönn, projektledare Hälso- och sjukvårdsförvaltningen, och "
        "Henrik Åkesson, förvaltningschef Falu kommun.\n"
        "Maria visade statistik.\n"
        "2 Dragning av rapporten om hjälpmedel\n"
        "Rapporten drogs.\n"
    )
    assert (parsed.date.isoformat(), parsed.minutes_date.isoformat()) == (
        "2025-09-26",
        "2025-09-30",
    )
    assert (parsed.place, parsed.registration_number) == (
        "Dalarnasalen, Myntgatan 2, Falun",
        "RD 25/02871",
    )
    assert [i.presenters for i in parsed.items] == [["Maria Lönn", "Henrik Åkesson"], []]
    assert parsed.items[1].title == "Dragning av rapporten om hjälpmedel"


def test_a_presenters_label_on_a_line_of_its_own_and_an_item_said_to_be_withdrawn():
    parsed = read(
        "Minnesanteckningar Välfärdsrådet 2019-11-21\n"
        "1. Utskrivning från sluten vård\nFöredragande\n"
        "Linnea Hägg, områdessamordnare, Region Dalarna\n"
        "Mikael Strand, socialchef, Borlänge kommun\n"
        "Lagen trädde i kraft den 1 januari 2018.\n"
        "2. Rapporter\nPunkt 3 utgår, eftersom underlaget saknas.\n"
        "3. Barnahus Dalarna\nPunkt 3 utgick.\n"
    )
    assert parsed.items[0].presenters == ["Linnea Hägg", "Mikael Strand"]
    assert [i.outcome for i in parsed.items] == ["handled", "handled", "withdrawn"]


def test_a_registration_number_without_its_label_and_presenters_in_hard_wrapped_lines():
    parsed = read(
        "Minnesanteckningar Region Dalarna | Välfärdsrådet\nRD25/03117\n"
        "Datum | Torsdag den 12 juni 2025\n"
        "1. Tillnyktring\nFöredragande:\n"
        "Nils Sandberg, verksamhetschef Beroendecentrum, Landstinget Dalarna, Falun\n"
        "Mikael Strand, socialchef Borlänge kommun\n"
        "En arbetsgrupp har tagit fram ett förslag.\n"
    )
    assert parsed.registration_number == "RD25/03117"
    assert parsed.items[0].presenters == ["Nils Sandberg", "Mikael Strand"]


def test_an_agenda_listed_before_the_minutes_is_not_taken_for_the_items():
    parsed = read(
        "Minnesanteckningar Socialchefsnätverket\nDatum: 7/9 2018\nTid: 9.30 - 12.00\n"
        "Dagordning\n1. Mötets öppnande\n2. Hemsjukvård\n3. Avslutning\n"
        "1. Mötets öppnande\nOrdföranden öppnade mötet.\n"
        "2. Hemsjukvård\nBeslutet blev att godkänna rapporten.\n"
        "3. Avslutning\nNätverket tackade för mötet och beslutade att avsluta mötet.\n"
    )
    assert parsed.date.isoformat() == "2018-09-07"
    assert [(i.number, i.title) for i in parsed.items] == [
        ("1", "Mötets öppnande"),
        ("2", "Hemsjukvård"),
        ("3", "Avslutning"),
    ]
    assert [[d.kind for d in i.decisions] for i in parsed.items] == [
        [],
        ["approved"],
        ["procedural"],
    ]


def test_a_numbered_list_inside_an_item_and_a_title_run_into_its_number():
    plan = "".join(f"{n} Åtgärd nummer {n} i planen\n" for n in range(1, 8))
    parsed = read(
        "Styrgrupp god och nära vård 2020-10-21\n"
        "§ 1 Mötets öppnande\nOrdföranden öppnade mötet.\n"
        f"§ 2 Handlingsplan 2021\nPlanens åtgärder:\n{plan}"
        "Styrgruppen beslutade att godkänna handlingsplanen.\n"
        "§ 3Övriga frågor\nInga.\n§ 4Avslutning\n"
    )
    assert [i.title for i in parsed.items] == [
        "Mötets öppnande",
        "Handlingsplan 2021",
        "Övriga frågor",
        "Avslutning",
    ]


def test_the_place_under_the_date_without_a_label_and_decisions_after_other_bullets():
    parsed = read(
        "Minnesanteckningar Välfärdsrådet\n12 februari 2026, kl. 13.00–16.00\n"
        "Regionhuset, sal Dalälven, Falun\n"
        "1. Hemsjukvård\nVälfärdsrådet beslutade\n  »  att godkänna rapporten.\n"
        "2. Hjälpmedel\nMötet beslutade att godkänna avtalet. Mötet beslutade vidare att "
        "ge Styrgrupp LCHNV i uppdrag att följa upp det.\n"
    )
    assert parsed.place == "Regionhuset, sal Dalälven, Falun"
    assert [[d.kind for d in i.decisions] for i in parsed.items] == [
        ["approved"],
        ["approved", "assigned"],
    ]


def test_a_place_and_a_time_under_one_label():
    parsed = read(
        "PROTOKOLL\tVälfärdsrådet Dalarna\nSammanträdesdatum\t2025-11-19\n"
        "Plats och tid\tHybridmöte, Regionhuset Falun och Teams, kl. 13:00–16:30\n"
        "§ 41 Mötets öppnande\nOrdföranden öppnade mötet.\n§ 42 Avslutning\n"
    )
    assert parsed.place == "Hybridmöte, Regionhuset Falun och Teams"
    assert (f"{parsed.start_time:%H:%M}", f"{parsed.end_time:%H:%M}") == ("13:00", "16:30")
    other = read(
        "Minnesanteckningar Välfärdsrådet\nTid och plats: Onsdag 2021-09-22 kl. 13–16, Teams\n"
        "1. Mötets öppnande\n2. Avslutning\n"
    )
    assert (other.place, other.date.isoformat()) == ("Teams", "2021-09-22")


def test_the_date_of_the_justering_is_not_the_date_of_the_minutes():
    parsed = read(
        "Välfärdsrådet\nSammanträdesdatum: 2021-09-22\nPlats: Teams\n"
        "Justerare: Ingela Holm\nJusteringens tid: 2021-09-29\n"
        "§ 27 Mötets öppnande\nOrdföranden öppnade mötet.\n§ 28 Avslutning\n"
    )
    assert (parsed.date.isoformat(), parsed.minutes_date) == ("2021-09-22", None)
    assert [w.code for w in parsed.warnings if w.field == "date"] == []


def test_a_date_labelled_as_the_meetings_is_not_contended_by_the_date_beside_the_dnr():
    parsed = read(
        "REGION DALARNA                MINNESANTECKNINGAR\n"
        "Hälsa och välfärd             Dnr: RD 24/00418\n"
        "                              Datum: 2024-02-16\n\n"
        "Länschefsnätverket\n\n"
        "Mötesdatum: fredag 2024-02-09, kl. 09.00–12.00\nPlats: Stadshuset, Borlänge\n\n"
        "01. Mötets öppnande\nOrdföranden öppnade mötet.\n02. Avslutning\n"
    )
    assert (parsed.date.isoformat(), parsed.minutes_date.isoformat()) == (
        "2024-02-09",
        "2024-02-16",
    )
    assert [w.code for w in parsed.warnings if w.field == "date"] == []


def test_presenters_after_dragning_with_a_colon_parted_by_commas_or_semicolons():
    parsed = read(
        "Länschefsnätverket 2018-04-13\n"
        "4. Överenskommelse om utskrivning\n"
        "Dragning: Camilla Norén, Landstinget Dalarna och Pernilla Strid, Falu kommun\n"
        "Lagen trädde i kraft 1 januari 2018.\n"
        "5. Hemsjukvård\nDragning: Marie Holmgren, Gagnef; Tomas Lund, Landstinget Dalarna\n"
        "Uppföljningen visar att riktlinjerna följs.\n"
        "6. Budget\nDragning: rapporten från arbetsgruppen skickas ut i förväg.\n"
    )
    assert [i.presenters for i in parsed.items] == [
        ["Camilla Norén", "Pernilla Strid"],
        ["Marie Holmgren", "Tomas Lund"],
        [],
    ]


def test_a_decision_made_in_accordance_with_a_proposal_written_before_it():
    parsed = read(
        "Välfärdsrådet 2025-11-19\n"
        "§ 47 Hälso- och sjukvårdsavtalet – förlängning\n"
        "Förslag till beslut\n"
        "att rekommendera kommunerna och Region Dalarna att förlänga avtalet.\n"
        "Beslut\n"
        "Välfärdsrådet beslutar i enlighet med förslaget\n"
        "att rekommendera kommunerna och Region Dalarna att förlänga avtalet.\n"
        "§ 48 Sammanträdesplan 2026\n"
        "Välfärdsrådet beslutar enligt arbetsgruppens förslag att fastställa planen.\n"
    )
    assert [[(d.text, d.kind) for d in i.decisions] for i in parsed.items] == [
        [
            (
                "att rekommendera kommunerna och Region Dalarna att förlänga avtalet.",
                "recommended",
            )
        ],
        [("att fastställa planen.", "approved")],
    ]


def test_the_people_invited_to_the_meeting_are_its_guests():
    parsed = read(
        "Socialchefsnätverket i Dalarna\nDatum: 10 november 2016\n"
        "Inbjudna: Karin Holm, Landstinget Dalarna (punkt 2), Jonas Eriksson, Beroendecentrum "
        "(punkt 4)\n"
        "Punkt 1 Inledning\nGunilla Arvidsson hälsade välkommen.\nPunkt 2 Ny lag\n"
    )
    assert [(a.name, a.role) for a in parsed.attendees] == [
        ("Karin Holm", "guest"),
        ("Jonas Eriksson", "guest"),
    ]


def test_a_header_table_whose_rows_hold_two_fields_with_the_note_takers_label():
    parsed = read(
        "Länsnätverket för förvaltningschefer\nMinnesanteckningar\n"
        "Datum | 2017-09-08 | Dnr | LD17/02265\n"
        "Tid | 09.00–12.00 | Paragrafer | §§ 38–46\n"
        "Plats | Hotell Lerdalshöjden, Rättvik | Antecknare | Anneli Sundqvist\n"
        "§ 38 Mötets öppnande\nOrdföranden öppnade mötet.\n§ 39 Avslutning\n"
    )
    assert (parsed.place, parsed.registration_number, f"{parsed.start_time:%H:%M}") == (
        "Hotell Lerdalshöjden, Rättvik",
        "LD17/02265",
        "09:00",
    )


def test_a_header_table_with_its_labels_in_a_row_over_their_values():
    parsed = read(
        "Styrgrupp LCHNV\nMinnesanteckningar\n"
        "Datum | Tid | Plats | Justerare\n"
        "8 november 2024 | 10.00–11.30 | Teams | Helena Björk\n"
        "Deltagare: Tomas Wiklund, Borlänge, Lena Hallberg, Avesta\n"
        "Punkt 1. Mötets öppnande\nOrdföranden öppnade mötet.\nPunkt 2. Avslutning\n"
    )
    assert (parsed.date.isoformat(), parsed.place, parsed.justerare) == (
        "2024-11-08",
        "Teams",
        ["Helena Björk"],
    )
    assert (f"{parsed.start_time:%H:%M}", f"{parsed.end_time:%H:%M}") == ("10:00", "11:30")


def test_presenters_in_brackets_under_the_heading():
    parsed = read(
        "Välfärdsrådet 2026-09-16\n"
        "03 Missbruks- och beroendevården – regional färdplan\n"
        "(Föredragande: Ola Persson, Region Dalarna, och Jonas Åkerlund,\n"
        "ordförande Socialchefsnätverket)\n"
        "Regeringen har aviserat att regionerna ska ta över ansvaret.\n"
        "04 Hälso- och sjukvårdsavtalet – förlängning\n"
        "(Föredragande: Mikael Strand, hälso- och sjukvårdsdirektör)\n"
        "Avtalet löper ut 2026-12-31.\n"
        "05 Information\n- Statsbidragen för äldreomsorg 2026\n(Tomas Wiklund informerade.)\n"
    )
    assert [(i.title, i.presenters) for i in parsed.items] == [
        ("Missbruks- och beroendevården – regional färdplan", ["Ola Persson", "Jonas Åkerlund"]),
        ("Hälso- och sjukvårdsavtalet – förlängning", ["Mikael Strand"]),
        ("Information", []),
    ]
    assert parsed.items[0].discussion.startswith("Regeringen har aviserat")
    assert parsed.items[1].presenter_titles == {"Mikael Strand": "hälso- och sjukvårdsdirektör"}


def test_a_point_named_by_its_subject_is_the_item_of_that_subject():
    parsed = read(
        "Välfärdsrådet 2026-09-16\n"
        "01 Välkomna och dagordning\n"
        "Punkten om statsbidrag för äldreomsorg stryks och ersätts av en informationspunkt.\n"
        "Punkten om Barnahus Dalarna bordläggs till december.\n"
        "Beslut: att godkänna dagordningen.\n"
        "02 Statsbidrag för äldreomsorg 2026\n"
        "Punkten om statsbidragen utgår i väntan på Socialstyrelsens besked.\n"
        "03 Barnahus Dalarna\nPunkten om Barnahus bordläggs till december.\n"
    )
    assert [(i.number, i.outcome) for i in parsed.items] == [
        ("1", "handled"),
        ("2", "withdrawn"),
        ("3", "tabled"),
    ]
