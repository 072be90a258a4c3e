"""The kind of an "att"-clause read from its wording, as the minutes of every forum phrase it.

One set of rules serves the minutes form (a clause whose kind the secretary left open) and
the import of old minutes. Plain strings that equal ``Decision.Kind`` values, and no model
imports, so the import parser can use them without a database.
"""

import re

# In order: the first rule that matches decides. A referral ("skickas vidare för
# Välfärdsrådets ställningstagande") is tested before a recommendation it may quote, and
# "att inte ..." before the verb it negates.
KIND_RULES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"dagordning|öppna mötet|mötet öppnat|förklara mötet|avsluta mötet|mötet avslutat"
            r"|justera(re)? |till justerare|att justera|protokollet justeras"
        ),
        "procedural",
    ),
    (
        re.compile(
            r"skickas vidare|skicka vidare|överlämna|hänskjut|hänför|remittera|vidare till\b"
            r"|vidare för .*ställningstagande"
        ),
        "referred",
    ),
    (re.compile(r"\brekommendera"), "recommended"),
    (re.compile(r"^att\s+(inte|ej)\b|\bavslå|\bavslag|\bavstyrk"), "rejected"),
    (re.compile(r"till handlingarna|\bnotera|\banteckna|\bta del av"), "noted"),
    (re.compile(r"bordl[äa]"), "tabled"),
    (re.compile(r"ärendet utgår|punkten utgår|avföra"), "withdrawn"),
    (
        re.compile(
            r"\b(i|ett|nytt|fortsatt|ge\w*|få\w*) uppdrag\b|\buppdra(r|s|ga)?\b|\bse över\b"
            r"|\butreda\b|\båterkomma med\b|\bansvara för\b"
        ),
        "assigned",
    ),
    (
        re.compile(
            r"godkänn|fastställ|\banta\b|antag|tillstyrk|bifall|i enlighet med"
            r"|ställa sig bakom|\bbesluta\b|\bbevilja|\butse\b|\bvälja\b"
        ),
        "approved",
    ),
    # The condition of identical decisions, standing as a clause of its own.
    (re.compile(r"likalydande"), "other"),
]

REFERRAL_VERB = re.compile(r"skicka|överlämna|hänskjut|hänför|remitter|vidare")


def clause_kind(text: str) -> str | None:
    """The kind the wording shows, or None when no rule recognises it."""
    folded = text.strip().casefold()
    for pattern, kind in KIND_RULES:
        if pattern.search(folded):
            return kind
    return None


def requires_identical(text: str, kind: str) -> bool:
    """A recommendation that holds only if every principal adopts the same decision."""
    return kind == "recommended" and "likalydande" in text.casefold()


# "att ge Styrgruppen i uppdrag att …", "att Region Dalarna får i uppdrag att …",
# "att uppdra åt LPO Barn och unga att …": who the clause gives the assignment to.
ASSIGNEE_RULES = [
    re.compile(r"^att\s+ge\s+(?P<who>.+?)\s+(?:i\s+)?(?:fortsatt\s+|nytt\s+)?uppdrag\b", re.I),
    re.compile(r"^att\s+(?P<who>.+?)\s+(?:får|ges|erhåller)\s+(?:i\s+)?(?:\w+\s+)?uppdrag", re.I),
    re.compile(r"^att\s+uppdra\s+(?:åt\s+)?(?P<who>.+?)\s+att\b", re.I),
]


def assignee_in(text: str) -> str | None:
    """Who an assignment clause names as carrying it out, as written, or None."""
    for pattern in ASSIGNEE_RULES:
        match = pattern.search(text.strip())
        if match and len(match.group("who")) <= 120:
            return match.group("who").strip(" ,")
    return None


def named_in(text: str, names: list[tuple[int, str]], exclude: int | None = None) -> int | None:
    """The one of ``names`` (pk, name) that the text names (also in the genitive:
    "Välfärdsrådets"), or None when it names none or several."""
    folded = text.casefold()
    found = {pk for pk, name in names if pk != exclude and name.casefold() in folded}
    return found.pop() if len(found) == 1 else None


def rules_for_script() -> list[tuple[str, str]]:
    """The kind rules as (pattern, kind) for the editor's script, which reads the kind
    from the wording as the secretary types it."""
    return [(pattern.pattern, kind) for pattern, kind in KIND_RULES]
