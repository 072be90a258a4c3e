"""People as the minutes name them: presenters with their titles, and attendance lists.

A name is a run of two to four capitalised words ("Kristina Kumlin Bergenstråle",
"Marie van Geffen"); what follows it on the same segment is a title or an organisation.
Anything that does not read as a name (a principal, an organisation, a legend saying how
absence is marked, two people run together) is never taken for a person: it is returned
as doubtful, for a person to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

NAME_PARTICLES = {"van", "von", "de", "af", "der", "den", "la", "le", "di", "da", "du", "av"}
ROLE_SUFFIXES = (
    "chef",
    "chefer",
    "ledare",
    "samordnare",
    "ordförande",
    "ordf",
    "sekreterare",
    "handläggare",
    "strateg",
    "utredare",
    "direktör",
    "instruktör",
    "koordinator",
    "konsult",
    "controller",
    "specialist",
    "ansvarig",
    "rådgivare",
    "föredragande",
    "representant",
    "forskare",
    "doktorand",
    "jurist",
    "ekonom",
    "sjuksköterska",
    "läkare",
    "kurator",
    "psykolog",
    "assistent",
    "medarbetare",
    "tjänsteperson",
    "ledamot",
    "ersättare",
    "ledning",
    "ombud",
    "expert",
    "analytiker",
    "planerare",
    "skötare",
    "terapeut",
    "officer",
    "kommunalråd",
    "regionråd",
    "oppositionsråd",
    "företrädare",
    "verksamhetsutvecklare",
    "projektledare",
    "processledare",
    "utvecklingsledare",
    "vice",
)
ROLE_WORDS = {
    "bitr",
    "bitr.",
    "mar",
    "mas",
    "vd",
    "ordf",
    "ordf.",
    "sekr",
    "sekr.",
    "led",
    "ers",
    "ers.",
    "adj",
    "adj.",
    "adjungerad",
    "gäst",
    "socialchef",
    "förvaltningschef",
    "avdelningschef",
}
ORGANISATION_WORDS = {
    "region",
    "regionen",
    "regionens",
    "dalarna",
    "dalarnas",
    "kommun",
    "kommuns",
    "kommunen",
    "kommuner",
    "landstinget",
    "landsting",
    "universitet",
    "universitetet",
    "högskola",
    "högskolan",
    "länsstyrelsen",
    "länsstyrelsens",
    "skr",
    "rss",
    "avdelningen",
    "förvaltning",
    "förvaltningen",
    "hälsa",
    "välfärd",
    "enheten",
    "enhet",
    "vc",
    "vårdcentral",
    "vårdcentralen",
    "ab",
    "polisen",
    "polismyndigheten",
    "försäkringskassan",
    "arbetsförmedlingen",
    "socialstyrelsen",
    "samordningsförbund",
    "samordningsförbundet",
    "centrum",
    "hjälpmedelscenter",
    "hjälpmedelscentrum",
    "myndighet",
    "myndigheten",
    "kansli",
    "kansliet",
    "sekretariatet",
    "staben",
    "länet",
    "länets",
    "fou",
    "landstingets",
    "mfl",
    "m.fl.",
}
ORGANISATION_SUFFIXES = (
    "förvaltningen",
    "förvaltning",
    "centrum",
    "centret",
    "centralen",
    "enheten",
    "avdelningen",
    "nämnden",
    "styrelsen",
    "myndigheten",
    "kansliet",
    "förbundet",
    "verket",
    "kassan",
    "institutet",
    "mottagningen",
    "kliniken",
    "sjukhuset",
)
# Nouns that name a group presenting an item ("Styrgruppen", "SUS-gruppen", "Presidiet").
GROUP_RE = re.compile(
    r"^(?:[\wåäöÅÄÖ-]*(?:grupp|gruppen)|Presidiet|[\wåäöÅÄÖ-]*[Nn]ätverket|[\wåäöÅÄÖ-]*rådet"
    r"|Styrelsen|Sekretariatet|Kansliet|LPO|Arbetsutskottet|Beredningen)(?:\s+\S.*)?$"
)
# Sentence words that never stand in a name list.
SENTENCE_WORDS = {
    "var",
    "inte",
    "ej",
    "är",
    "som",
    "med",
    "på",
    "att",
    "för",
    "enligt",
    "nedan",
    "representerade",
    "markeras",
    "anges",
    "närvarande",
    "frånvarande",
    "mötet",
    "deltog",
    "följande",
    "samtliga",
    "alla",
}
WORD_RE = re.compile(r"^[A-ZÅÄÖÉÜÆØ][\wåäöéüæøÅÄÖÉÜ'’]*(?:-[\wÅÄÖåäöÉé'’]+)*\.?$")


@dataclass
class Person:
    name: str
    title: str = ""


def _folded(word: str) -> str:
    return word.casefold().strip(".,;:()")


def is_role(word: str) -> bool:
    folded = _folded(word)
    return folded in ROLE_WORDS or (len(folded) > 3 and folded.endswith(ROLE_SUFFIXES))


def is_organisation(word: str) -> bool:
    folded = _folded(word)
    return folded in ORGANISATION_WORDS or (
        len(folded) > 6 and folded.endswith(ORGANISATION_SUFFIXES)
    )


def is_name_word(word: str) -> bool:
    return bool(WORD_RE.match(word)) and not word.endswith(".") and not word.isupper()


def name_run(words: list[str]) -> list[str]:
    """The words a segment's name is made of: capitalised words and particles, up to
    the first title, organisation or lower-case word."""
    run: list[str] = []
    for word in words:
        if word in NAME_PARTICLES and run:
            run.append(word)
            continue
        if (
            not is_name_word(word)
            or is_role(word)
            or is_organisation(word)
            or (word.isupper() and len(word) > 1)
        ):
            break
        run.append(word)
    while run and run[-1] in NAME_PARTICLES:
        run.pop()
    return run


def looks_like_name(text: str, principals: Sequence[str] = ()) -> bool:
    """Two to four capitalised words, none an organisation, title or principal."""
    words = text.split()
    if not 2 <= len(words) <= 4 or len(text) > 60:
        return False
    if any(w.casefold() in SENTENCE_WORDS for w in words):
        return False
    if text.casefold() in {p.casefold() for p in principals}:
        return False
    return name_run(words) == words


def is_group(text: str) -> bool:
    return bool(GROUP_RE.match(text.strip()))


_named_group = is_group


def split_outside_parentheses(text: str, separators: str = ",;") -> list[str]:
    """Split at the separators, but not inside parentheses."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _split_and(segment: str) -> list[str]:
    """Split "Anna Berg och Bo Ek" into two, but not "vård och omsorg" or
    "Hälso- och sjukvårdsförvaltningen": both sides must start with a name."""
    pieces = re.split(r"\s+(?:och|samt|&)\s+", segment)
    if len(pieces) == 1:
        return pieces
    out = [pieces[0]]
    for piece in pieces[1:]:
        left = out[-1]
        if (
            not left.rstrip().endswith("-")
            and len(name_run(piece.split())) >= 2
            and _depth(left) == 0
        ):
            out.append(piece)
        else:
            out[-1] = f"{left} och {piece}"
    return out


def _depth(text: str) -> int:
    return text.count("(") - text.count(")")


def presenter_details(text: str, *, is_group=None) -> list[tuple[str, str]]:
    """The people and groups of a "Föredragande:" line, each with the title given.

    Each segment (between commas, or "och" between two names) starts with a name,
    perhaps followed by a title ("Ewa Welén Processledare"), or is only a title or an
    organisation ("Avdelningschef Leksands VC", "Region Dalarna"), which belongs to the
    name before it.
    """
    found: list[tuple[str, list[str]]] = []
    group = is_group or _named_group
    for part in split_outside_parentheses(text, ",;"):
        part = re.sub(r"^\s*(?:och|samt|&)\s+", "", part)
        for segment in _split_and(part.strip()):
            segment = segment.strip().strip(".")
            if segment.startswith("(") and segment.endswith(")"):
                segment = segment[1:-1].strip()
            words = segment.split()
            if not words:
                continue
            # A group presents an item when it is named first ("Styrgruppen, Anna
            # Berg"); after a person it is where that person works.
            if not found and group(segment):
                found.append((segment, []))
                continue
            # "Utredare Agneta Skog": a title may stand before the name.
            lead = 0
            while lead < len(words) - 2 and is_role(words[lead]):
                lead += 1
            if lead and len(name_run(words[lead:])) < 2:
                lead = 0
            run = name_run(words[lead:])
            is_name = len(run) >= 2 or (
                len(words) == 1 and len(run) == 1 and len(run[0]) > 2 and not found
            )
            if is_name and len(run) <= 4:
                rest = " ".join(words[:lead] + words[lead + len(run) :]).strip(" ,()")
                found.append((" ".join(run), [rest] if rest else []))
            elif found:
                found[-1][1].append(segment)
    return [(name, ", ".join(title)) for name, title in found]


def presenter_names(text: str) -> list[str]:
    return [name for name, _title in presenter_details(text)]


# --------------------------------------------------------------------------- attendance

ROLE_IN_PARENTHESES = re.compile(r"\(([^()]{1,40})\)")
ROLE_NAMES = {
    "ordf": "chair",
    "ordförande": "chair",
    "vice ordf": "vice_chair",
    "vice ordförande": "vice_chair",
    "v ordf": "vice_chair",
    "v. ordf": "vice_chair",
    "sekr": "secretary",
    "sekreterare": "secretary",
    "ers": "deputy",
    "ersättare": "deputy",
    "adj": "guest",
    "adjungerad": "guest",
    "gäst": "guest",
    "föredragande": "presenter",
    "ledamot": "member",
}
LEGEND_RE = re.compile(
    r"(?:^|\s)[*x×✓()]+\s*=|=\s*(?:närvarande|frånvarande|ej närvarande|deltog)"
    r"|\bmarker(?:as|ade|at)\b|\banges med\b|\bbetecknar\b|\bkursiv\b|\böverstrukn",
    re.I,
)


@dataclass
class Attendee:
    name: str
    principal: str = ""
    role: str = ""
    present: bool = True


def role_of(text: str) -> str:
    return ROLE_NAMES.get(text.casefold().strip(" .:"), "")


def principal_at_end(entry: str, principals: Sequence[str]) -> tuple[str, str]:
    """ "Anna Andersson Avesta" → ("Anna Andersson", "Avesta")."""
    folded = entry.casefold()
    for principal in sorted(principals, key=len, reverse=True):
        for spelling in (principal, principal + "s kommun", principal + " kommun"):
            if folded.endswith(" " + spelling.casefold()):
                return entry[: -len(spelling)].strip(" ,"), principal
    return entry, ""


def principal_named(text: str, principals: Sequence[str]) -> str:
    """The principal a heading or a cell names ("Avesta", "Avesta kommun", "Region Dalarna")."""
    folded = " ".join(text.split()).casefold().strip(" :,.")
    for principal in principals:
        p = principal.casefold()
        if folded in {p, p + " kommun", p + "s kommun"}:
            return principal
    return ""


def read_attendees(
    entries: Sequence[str], principals: Sequence[str], *, absent_mark: str = "", present=True
) -> tuple[list[Attendee], list[str]]:
    """The people of an attendance list's entries, and the entries that are not names.

    An entry is "Name", "Name Principal", "Name, Principal" (given as two entries, the
    principal after), "Name (ordf)", "Principal: Name, Name" or "Principal, Name"; a
    title, role, organisation or principal standing alone belongs to the person before
    ("Cecilia Wallin, avdelningschef Hälsa och välfärd", "Anna Berg, Falun (ordf)").
    """
    people: list[Attendee] = []
    doubtful: list[str] = []
    group = ""
    group_role = ""
    split: list[str] = []
    for raw in entries:
        raw = re.sub(r"^\s*(?:och|samt)\s+", "", raw)
        split.extend(_split_and(raw) if re.search(r"\s(?:och|samt)\s", raw) else [raw])
    for raw in split:
        entry = " ".join(raw.split()).strip(" .;")
        if not entry:
            continue
        roles = [role_of(m[1]) for m in ROLE_IN_PARENTHESES.finditer(entry)]
        role = next((r for r in roles if r), "")
        is_absent = bool(absent_mark) and absent_mark in entry
        entry = " ".join(ROLE_IN_PARENTHESES.sub(" ", entry).replace("*", " ").split())
        entry = entry.strip(" ,.")
        if ":" in entry:
            # "Avesta: Anna Andersson" or "Tjänstepersoner: Cecilia Wallin".
            head, _sep, rest = entry.partition(":")
            named = principal_named(head, principals)
            group, group_role = named, "" if named else (role_of(head) or _plural_role(head))
            if not named and not group_role and not is_organisation_phrase(head):
                doubtful.append(raw.strip())
                continue
            entry = rest.strip()
            if not entry:
                continue
        named = principal_named(entry, principals)
        if named:
            # "Anna Andersson, Avesta": the principal of the person before.
            if people and not people[-1].principal:
                people[-1].principal = named
                people[-1].role = people[-1].role or role
            else:
                group, group_role = named, ""
            continue
        name, principal = principal_at_end(entry, principals)
        run = name_run(name.split())
        if looks_like_name(name, principals):
            people.append(
                Attendee(name, principal or group, role or group_role, present and not is_absent)
            )
            continue
        if 2 <= len(run) <= 3 and all(
            is_role(w) or is_organisation(w) or not w[:1].isupper()
            for w in name.split()[len(run) :]
        ):
            # "Anna Berg socialchef": the name with a title after it.
            people.append(
                Attendee(
                    " ".join(run), principal or group, role or group_role, present and not is_absent
                )
            )
            continue
        if people and (entry[:1].islower() or not run or is_organisation_phrase(entry)):
            # A title, a role or an organisation of the person before.
            people[-1].role = people[-1].role or role or role_of(entry)
            continue
        doubtful.append(raw.strip())
    return people, doubtful


def read_row(cells: Sequence[str], principals: Sequence[str]) -> Attendee | None:
    """One row of an attendance table: a name, a principal or organisation, a role, in
    any order; a row without a name (struck out, or a principal left empty) gives none."""
    person = None
    principal = role = ""
    for cell in cells:
        text = " ".join(ROLE_IN_PARENTHESES.sub(" ", cell).split()).strip(" ,.*")
        inner = [role_of(m[1]) for m in ROLE_IN_PARENTHESES.finditer(cell)]
        role = role or next((r for r in inner if r), "")
        named = principal_named(text, principals)
        if named:
            principal = principal or named
        elif person is None and looks_like_name(text, principals):
            person = text
        else:
            role = (
                role
                or role_of(text)
                or next((role_of(part) for part in re.split(r",\s*", text) if role_of(part)), "")
            )
    if person is None:
        return None
    return Attendee(person, principal, role)


def _plural_role(text: str) -> str:
    """The role a list's heading gives its people ("Tjänstepersoner", "Ersättare")."""
    folded = text.casefold().strip()
    if folded.endswith(("personer", "tjänstemän", "närvarande", "deltagare")):
        return "official"
    if folded.startswith(("ersättare", "ersättarna")):
        return "deputy"
    if folded.startswith(("gäst", "adjungerad")):
        return "guest"
    if folded.startswith(("sekreterare", "processledare", "föredragande")):
        return "official"
    return ""


def is_organisation_phrase(text: str) -> bool:
    """ "RSS Dalarna", "Landstinget Dalarna", "Från RSS Dalarna", "Hälsa och välfärd"."""
    words = [w for w in re.split(r"[\s/]+", text.strip(" .,")) if w]
    if not words:
        return False
    if words[0].casefold() in {"från", "vid", "för"}:
        return True
    if any(is_organisation(w) for w in words):
        return True
    return words[0].isupper() and len(words[0]) >= 2 and len(words) <= 4


def is_legend(text: str) -> bool:
    return bool(LEGEND_RE.search(text))


def absence_mark(legend: str) -> str:
    """The mark a legend says stands for absence ("* = frånvarande")."""
    match = re.search(
        r"([*x×–-])\s*=\s*(?:anmält\s+|anmäld\s+)?(?:frånvarande|ej närvarande|förhinder|frånvaro)",
        legend,
        re.I,
    )
    if match:
        return match[1]
    match = re.search(r"frånvarande\s+(?:markeras|anges)\s+med\s+([*x×])", legend, re.I)
    return match[1] if match else ""
