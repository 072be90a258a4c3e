"""Decisions written one after another in a sentence, parted by commas."""

from imports.parser import parse_minutes
from tests.imports.test_parser import RESOLVE


def decisions(clauses: str):
    parsed = parse_minutes(
        f"Välfärdsrådet 2024-03-13\n1. Hemsjukvård\nVälfärdsrådet beslutade\n{clauses}\n",
        resolve_forum=RESOLVE,
    )
    return [(d.text, d.kind) for d in parsed.items[0].decisions]


def test_clauses_parted_by_commas_are_decisions_of_their_own():
    assert decisions(
        "att godkänna redovisningen, att ge Länschefsnätverket i uppdrag att ta fram en "
        "plan samt att lägga rapporten till handlingarna."
    ) == [
        ("att godkänna redovisningen", "approved"),
        ("att ge Länschefsnätverket i uppdrag att ta fram en plan", "assigned"),
        ("att lägga rapporten till handlingarna.", "noted"),
    ]


def test_a_semicolon_parts_decisions_too():
    assert [k for _, k in decisions("att godkänna rapporten; att avslå förslaget.")] == [
        "approved",
        "rejected",
    ]


def test_the_tasks_of_one_assignment_stay_one_decision():
    text = (
        "att ge Styrgruppen i uppdrag att utreda frågan, att ta fram ett underlag och "
        "återkomma till Välfärdsrådet i juni."
    )
    assert decisions(text) == [(text, "assigned")]


def test_a_comma_before_an_att_that_does_not_decide_is_not_a_new_decision():
    text = "att godkänna avtalet, att gälla från den 1 januari 2025."
    assert decisions(text) == [(text, "approved")]


def test_a_matter_that_is_the_subject_of_its_own_decision_after_a_comma():
    assert decisions(
        "att godkänna förslaget till överenskommelse, att ärendet skickas vidare för "
        "Välfärdsrådets ställningstagande."
    ) == [
        ("att godkänna förslaget till överenskommelse", "approved"),
        ("att ärendet skickas vidare för Välfärdsrådets ställningstagande.", "referred"),
    ]


def test_what_a_person_just_chosen_is_to_do_stays_with_the_choice():
    text = (
        "att utse Per-Olof Lind, Mora kommun, att jämte ordföranden justera minnesanteckningarna."
    )
    assert decisions(text) == [(text, "procedural")]


def test_a_further_decision_of_the_same_item_is_read_too():
    parsed = parse_minutes(
        "Länschefsnätverket 2015-11-13\n1. Handlingsplan\nDiskussion om planen.\n"
        "Nätverket beslutade att godkänna handlingsplanen för 2016.\n"
        "Nätverket beslutade vidare att ge Jonas Hedlund i uppdrag att skicka in "
        "handlingsplanen till SKL.\n2. Avslutning\n",
        resolve_forum=RESOLVE,
    )
    assert [d.kind for d in parsed.items[0].decisions] == ["approved", "assigned"]


def test_kinds_in_other_words_for_the_meeting_and_for_a_task_to_choose_people():
    assert [k for _, k in decisions("att förklara sammanträdet öppnat.")] == ["procedural"]
    assert [k for _, k in decisions("att avsluta sammanträdet.")] == ["procedural"]
    assert [
        k
        for _, k in decisions(
            "att uppdra åt Styrgrupp LCHNV att utse en arbetsgrupp som tar fram ett förslag."
        )
    ] == ["assigned"]


def test_a_decision_that_ends_with_the_condition_keeps_its_lead_in():
    parsed = parse_minutes(
        "Välfärdsrådet 2020-10-22\n1. Hjälpmedel\n"
        "Välfärdsrådet beslutade att rekommendera kommunerna och regionen:\n"
        "att anta överenskommelsen om hjälpmedel\n"
        "att överenskommelsen gäller i två år, allt under förutsättning av likalydande "
        "beslut i samtliga kommuner och regionen.\n",
        resolve_forum=RESOLVE,
    )
    assert [(d.text[:60], d.kind, d.requires_identical) for d in parsed.items[0].decisions] == [
        ("att rekommendera kommunerna och regionen att anta överenskom", "recommended", True),
        ("att rekommendera kommunerna och regionen att överenskommelse", "recommended", True),
    ]


def test_a_view_stated_is_a_decision_of_its_own_kind():
    assert decisions("att uttala att frågan ska ha hög prioritet.") == [
        ("att uttala att frågan ska ha hög prioritet.", "other")
    ]


def test_a_clause_wrapped_after_the_person_it_chooses_goes_on_with_that_persons_task():
    parsed = parse_minutes(
        "Länschefsnätverket 2024-02-09\n01. Mötets öppnande och val av justerare\n"
        "Ordföranden öppnade mötet. Länschefsnätverket beslutar att utse Fredrik Lindahl, "
        "Smedjebacken,\natt justera minnesanteckningarna.\n"
        "02. Hemsjukvård\nBeslut:\natt utse Anna Berg, Mora,\natt godkänna rapporten.\n",
        resolve_forum=RESOLVE,
    )
    assert [[d.text for d in i.decisions] for i in parsed.items] == [
        ["att utse Fredrik Lindahl, Smedjebacken, att justera minnesanteckningarna."],
        ["att utse Anna Berg, Mora,", "att godkänna rapporten."],
    ]
    assert parsed.justerare == ["Fredrik Lindahl"]
