"""The matching engine on plain items: what counts as evidence that two items are one matter."""

import datetime

from imports.chains import Clause, Item, Vocabulary, propose

D = datetime.date


def item(key, forum, day, title, *clauses, number="5"):
    return Item(
        key=key,
        meeting=f"{forum}{day}",
        forum=forum,
        date=day,
        number=number,
        title=title,
        clauses=[
            Clause(key=f"{key}.{n}", position=n, kind=kind, text=text, referred_to=target)
            for n, (text, kind, target) in enumerate(clauses, start=1)
        ],
    )


def resolve(text):
    return {"välfärdsrådet": "Välfärdsrådet", "välfärdsrådets": "Välfärdsrådet"}.get(
        text.casefold()
    )


REFERRAL = (
    "att ärendet skickas vidare för Välfärdsrådets ställningstagande.",
    "referred",
    "Välfärdsrådet",
)


def others(n):
    """Items on other matters, so that the words compared have weights to go by."""
    titles = ["Kompetensförsörjning", "Digitala arbetssätt", "Statsbidrag", "Hemtjänst"]
    return [
        item(f"o{k}", "Länschefsnätverket", D(2021, 1, 1 + k), titles[k % 4], number=str(k))
        for k in range(n)
    ]


def test_one_common_word_is_no_evidence_of_one_matter():
    earlier = item(
        "a",
        "Länschefsnätverket",
        D(2021, 4, 16),
        "Överenskommelse om samverkan rörande personer med psykisk funktionsnedsättning",
        REFERRAL,
    )
    later = item(
        "b",
        "Välfärdsrådet",
        D(2021, 11, 26),
        "Stöd till personer med spelberoende",
        ("att godkänna informationen.", "approved", None),
    )
    # The other words of both titles are common in the register; "personer" is not.
    common = [
        item(f"c{k}", "Socialchefsnätverket", D(2021, 2, 1 + k), title, number=str(k))
        for k, title in enumerate(
            ["Psykisk hälsa bland äldre", "Funktionsnedsättning och skola", "Spelberoende"]
            + ["Stöd i hemmet", "Psykisk funktionsnedsättning, boende", "Stöd vid spelberoende"]
        )
    ]
    vocabulary = Vocabulary([earlier, later, *common, *others(8)])
    score, shared = vocabulary.similarity(earlier, later)
    assert shared == ["person"] and score > 0.3  # enough by the score alone

    found = propose([later], [earlier, *common, *others(8)], resolve=resolve)

    assert found == []


def test_a_long_compound_shared_is_evidence():
    earlier = item(
        "a", "Länschefsnätverket", D(2020, 5, 8), "Avtal om tillnyktringsplatser", REFERRAL
    )
    later = item(
        "b",
        "Välfärdsrådet",
        D(2020, 6, 17),
        "Förlängning av tillnyktringsplatser",
        ("att rekommendera kommunerna att förlänga avtalet.", "recommended", None),
    )
    found = propose([later], [earlier, *others(8)], resolve=resolve)
    kinds = {p.kind for p in found}
    assert kinds == {"answer", "case"}
    answer = next(p for p in found if p.kind == "answer")
    # The reason names the words as the minutes write them, not their stems.
    assert "tillnyktringsplatser" in answer.reason
    assert "skickade ärendet vidare för Välfärdsrådets ställningstagande" in answer.reason


def test_acronyms_and_groups_name_a_matter_of_their_own():
    vocabulary = Vocabulary(others(4))
    vocabulary.acronyms.add("sus")
    assert vocabulary.enough(["sus"])
    assert vocabulary.enough(["grupp: Styrgrupp god och nära vård"])
    assert vocabulary.enough(["tillnyktringsplats"])
    assert not vocabulary.enough(["person"])
    assert vocabulary.enough(["person", "spel"])


def test_an_item_is_offered_each_case_once_and_a_few_at_most():
    from imports.chains import Proposal
    from imports.links import CASES_PER_ITEM, LinkProposal, _fewest_cases

    mine = item("n0", "Välfärdsrådet", D(2022, 1, 1), "SUS")
    others = [item(f"i{k}", "Länschefsnätverket", D(2021, 1, k), "SUS") for k in range(1, 7)]
    others[0].case = others[1].case = 7  # two items of one case in the register
    found = [Proposal("case", "", 1.0 - k / 10, item=mine, other=o) for k, o in enumerate(others)]
    out = [LinkProposal(f"c:n0:{o.key}", "case", 0, o.key, "") for o in others]
    answer = LinkProposal("a:n0.1:d9", "answer", 0, "", "")

    kept = _fewest_cases([answer, *out], found)

    assert kept[0] is answer
    assert [p.text for p in kept[1:]] == ["i1", "i3", "i4"][:CASES_PER_ITEM]
