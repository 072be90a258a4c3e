"""Generated minutes for the batch benchmark: many meetings of several forums over the
years, in the layouts secretaries use, as text, Word and PDF files.

Each document is a meeting of its own (forum and date), with the standard items, matters
that recur across forums (referred onwards, recommended, reported back) and references to
earlier meetings in the forms minutes write them, so that the batch has chains to find.
"""

from __future__ import annotations

import datetime
import html
import io
import random
import zipfile

from meetings.clauses import MONTH_NAMES

FORUMS = [
    ("Välfärdsrådet", "VFR"),
    ("Länschefsnätverket", "LCHNV"),
    ("Socialchefsnätverket", "SCHNV"),
    ("Styrgrupp god och nära vård", "SG-GNV"),
]
MATTERS = [
    "Överenskommelse om hemsjukvård",
    "Tillnyktringsplatser (TN-platser)",
    "Samverkan vid utskrivning från sluten vård (SUS)",
    "Länsgemensam handlingsplan för psykisk hälsa och suicidprevention",
    "Kompetensförsörjning inom vård och omsorg",
    "Regional stödstruktur för barn och unga",
    "Digitala arbetssätt i hemtjänsten",
    "Samordnad individuell plan (SIP)",
    "Våld i nära relationer, regionalt resurscentrum",
    "Hjälpmedelsverksamhetens avtal",
    "Missbruks- och beroendevård, gemensam riktlinje",
    "Ekonomisk uppföljning av statsbidrag",
]
PEOPLE = [
    ("Anna Andersson", "Avesta"),
    ("Bo Berg", "Borlänge"),
    ("Cecilia Carlsson", "Falun"),
    ("David Dahl", "Gagnef"),
    ("Eva Ek", "Hedemora"),
    ("Fredrik Fors", "Leksand"),
    ("Greta Grön", "Ludvika"),
    ("Helena Hed", "Mora"),
    ("Ivar Isaksson", "Orsa"),
    ("Johanna Jansson", "Rättvik"),
    ("Karl Kvist", "Region Dalarna"),
]
SENTENCES = [
    "Arbetsgruppen har sedan förra mötet sammanställt underlaget från kommunerna.",
    "Diskussion fördes om hur uppföljningen ska göras och vem som ansvarar för den.",
    "Flera kommuner framhöll behovet av en gemensam rutin för hela länet.",
    "Regionen redogjorde för läget inom primärvården och den nära vården.",
]


def _short_date(day: datetime.date) -> str:
    return day.strftime("%y%m%d")


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def generated_minutes(index: int, seed: int = 1) -> tuple[str, str, datetime.date]:
    """The text of the ``index``-th generated meeting: (text, forum code, date)."""
    rng = random.Random(seed * 100_003 + index)
    forum, code = FORUMS[index % len(FORUMS)]
    # Every forum meets about once a month; no two documents are the same meeting.
    day = datetime.date(2012, 1, 9) + datetime.timedelta(days=7 * index + index % 5)
    style = index % 3
    date_line = {
        0: f"Datum: {_long_date(day)}",
        1: f"Datum: {day.isoformat()}",
        2: f"Tid och plats: {_long_date(day)} kl. 9.00–12.00, Teams",
    }[style]
    lines = [f"Minnesanteckningar {forum}", date_line]
    if style != 2:
        lines += ["Tid: 9.00–12.00", "Plats: Teams"]
    present = rng.sample(PEOPLE, 6)
    lines.append("Närvarande: " + ", ".join(f"{name}, {where}" for name, where in present))
    lines.append("")
    numbering = ["{n}. {t}", "§ {n} {t}", "{n}) {t}"][index % 3]
    heading = f"{forum} beslutade:" if index % 2 else "Beslut:"
    items = [("Mötets öppnande", ["att förklara mötet öppnat."])]
    items.append(("Godkännande av dagordning", ["att godkänna dagordningen."]))
    # Referred onwards up the chain: to the council, or from it to the chiefs.
    onwards = "Länschefsnätverket" if code == "VFR" else "Välfärdsrådet"
    for matter in rng.sample(MATTERS, rng.randint(4, 8)):
        earlier = day - datetime.timedelta(days=28 * rng.randint(1, 6))
        other = FORUMS[rng.randrange(len(FORUMS))][0]
        discussion = " ".join(rng.sample(SENTENCES, 2))
        if rng.random() < 0.4:
            discussion += f" Ärendet behandlades på {other}s möte {_short_date(earlier)}."
        clauses = rng.choice(
            [
                ["att lägga informationen till handlingarna."],
                ["att godkänna förslaget i enlighet med arbetsgruppens förslag."],
                [
                    "att godkänna redovisningen.",
                    f"att ärendet skickas vidare för {onwards}s ställningstagande.",
                ],
                [
                    "att rekommendera kommunerna och regionen att anta överenskommelsen "
                    "under förutsättning att samtliga parter fattar likalydande beslut."
                ],
                [f"att ge arbetsgruppen i uppdrag att återrapportera till {forum}."],
            ]
        )
        items.append((matter, clauses, discussion))
    items.append(("Övriga frågor", []))
    items.append(("Mötets avslutande", ["att förklara mötet avslutat."]))
    for number, (title, clauses, *rest) in enumerate(items, start=1):
        lines.append(numbering.format(n=number, t=title))
        if rest:
            name, where = rng.choice(present)
            lines.append(f"Föredragande: {name}, {where}")
            lines.append(rest[0])
        if clauses:
            lines.append(heading)
            lines.extend(clauses)
        lines.append("")
    lines.append("Vid anteckningarna")
    lines.append(f"{present[0][0]}")
    return "\n".join(lines), code, day


def as_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_pdf(text: str) -> bytes:
    from weasyprint import HTML

    page = (
        '<html lang="sv"><head><style>@page { size: A4; margin: 2cm; '
        '@bottom-center { content: "Sida " counter(page) " av " counter(pages); } }'
        "</style></head><body>"
        '<div style="white-space: pre-wrap; font: 10pt sans-serif">'
        f"{html.escape(text)}</div></body></html>"
    )
    return HTML(string=page).write_pdf()


def generated_batch(count: int, seed: int = 1, pdf_share: int = 3) -> list[tuple[str, bytes]]:
    """``count`` documents (name, bytes): text, Word and, every ``pdf_share``-th, PDF."""
    documents = []
    for index in range(count):
        text, code, day = generated_minutes(index, seed)
        name = f"{day.year}/{code}-{day.isoformat()}"
        kind = index % pdf_share if pdf_share else index % 2
        if pdf_share and kind == pdf_share - 1:
            documents.append((f"{name}.pdf", as_pdf(text)))
        elif kind == 1:
            documents.append((f"{name}.docx", as_docx(text)))
        else:
            documents.append((f"{name}.txt", text.encode("utf-8")))
    return documents


def as_zip(documents: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in documents:
            archive.writestr(name, data)
    return buffer.getvalue()
