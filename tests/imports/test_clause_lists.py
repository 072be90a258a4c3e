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
