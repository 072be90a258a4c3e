"""PDF layouts read as a reader sees them: grids of labels and values whose cells wrap,
labels set close together, bold headings run into their text, running headers."""

from weasyprint import HTML

from imports.extract import extract_text
from imports.parser import parse_minutes
from tests.imports.test_parser import RESOLVE

STYLE = (
    "<style>@page { size: A4; margin: 2cm } body { font: 11pt sans-serif }"
    " td { vertical-align: top }</style>"
)


def read(body: str):
    pdf = HTML(string=f"<html lang=sv><head>{STYLE}</head><body>{body}</body></html>")
    text = extract_text(data=pdf.write_pdf(), filename="m.pdf")
    return text, parse_minutes(text, resolve_forum=RESOLVE)


ITEMS = """
<p><b>1. Mötets öppnande</b></p><p>Ordföranden öppnade mötet.</p>
<p><b>2. Hemsjukvård</b></p><p>Välfärdsrådet beslutade att godkänna rapporten.</p>
"""


def test_a_value_that_wraps_in_its_cell_of_a_grid_stays_in_that_cell():
    grid = """
    <h1>Minnesanteckningar Välfärdsrådet</h1>
    <table style="border-collapse: collapse; width: 100%">
    <tr><td style="width: 18%">Mötesdatum</td><td style="width: 32%">15 mars 2023</td>
        <td style="width: 18%">Datum</td><td>2023-03-21</td></tr>
    <tr><td>Tid</td><td>kl. 9–12</td><td>Dnr</td><td>RD 23/00562</td></tr>
    <tr><td>Plats</td><td>Myntgatan 2, Falun, samt digitalt via Teams</td>
        <td>Justerare</td><td>Kerstin Hägglund och Jonas Åberg från Hedemora</td></tr>
    </table>"""
    text, parsed = read(grid + ITEMS)
    assert (parsed.date.isoformat(), parsed.minutes_date.isoformat()) == (
        "2023-03-15",
        "2023-03-21",
    ), text
    assert parsed.place == "Myntgatan 2, Falun, samt digitalt via Teams", text
    assert parsed.registration_number == "RD 23/00562"


def test_a_label_set_close_after_a_value_starts_a_field_of_its_own():
    # The place wraps in its cell; the next label stands close beside its first line.
    header = """
    <h1>Minnesanteckningar Socialchefsnätverket</h1>
    <p>Datum: 2017-03-10</p>
    <table style="border-collapse: collapse"><tr>
    <td style="width: 5.6cm; padding: 0">
    Plats: Stadshuset, Borlänge, sal Kupolen</td>
    <td style="padding: 0 0 0 0.1cm">Sekreterare: Ylva Sandgren</td></tr></table>
    """
    text, parsed = read(header + ITEMS)
    assert parsed.place == "Stadshuset, Borlänge, sal Kupolen", text


def test_a_bold_heading_is_not_run_into_the_text_under_it():
    # The heading's last line runs so near the margin that the first word under it would
    # not have fitted there: only the change of weight shows where the heading ends.
    title = (
        "Länsgemensam familjecentral – ansökan från Gagnefs kommun om utvecklingsmedel för "
        "att starta en familjecentral i samverkan med Region"
    )
    body = f"""
    <p>Socialchefsnätverket 2017-03-10</p>
    <p style="margin: 0"><b>1. {title}</b></p>
    <p style="margin: 0">Gagnefs kommun har ansökt om medel för att starta en familjecentral
    tillsammans med regionen.</p>
    <p>Socialchefsnätverket beslutade att inte bevilja ansökan.</p>
    <p style="margin: 0"><b>2. Avslutning</b></p>
    """
    text, parsed = read(body)
    assert [i.title for i in parsed.items] == [title, "Avslutning"], text
    assert [d.kind for d in parsed.items[0].decisions] == ["rejected"]


def test_a_paragraph_number_set_in_a_column_of_its_own_numbers_the_heading_beside_it():
    def paragraph(number: int, title: str, body: str) -> str:
        return (
            '<div style="display: table; width: 100%; margin-top: 5mm">'
            f'<div style="display: table-cell; width: 22mm"><b>§ {number}</b></div>'
            f'<div style="display: table-cell"><h3 style="margin: 0">{title}</h3>{body}</div>'
            "</div>"
        )

    body = "<p>Välfärdsrådet 2021-09-22</p>" + "".join(
        [
            paragraph(27, "Mötets öppnande", "<p>Ordföranden öppnade mötet.</p>"),
            paragraph(
                28,
                "Överenskommelse om samverkan kring barn och unga i behov av särskilt stöd, "
                "bilaga 1",
                "<p>Välfärdsrådet beslutar</p><p>att anta överenskommelsen.</p>",
            ),
            paragraph(29, "Mötets avslutande", "<p>Ordföranden avslutade mötet.</p>"),
        ]
    )
    text, parsed = read(body)
    assert [(i.number, i.title) for i in parsed.items] == [
        ("27", "Mötets öppnande"),
        ("28", "Överenskommelse om samverkan kring barn och unga i behov av särskilt stöd"),
        ("29", "Mötets avslutande"),
    ], text
    assert [d.text for d in parsed.items[1].decisions] == ["att anta överenskommelsen."]


def test_a_row_of_a_table_is_not_run_into_the_row_above_however_full_that_row_is():
    rows = [
        ("Ludvika", "Åsa Bergström (S)", "ledamot"),
        ("Malung-Sälen", "Per Nordin (C)", "ledamot"),
        ("Rättvik", "Fredrik Bergsten (C)", "ledamot"),
        ("Smedjebacken", "–", ""),
    ]
    table = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
    body = f"""
    <p>Välfärdsrådet 2021-09-22</p>
    <p>Närvarande:</p>
    <table style="width: 100%; border-collapse: collapse">
    <tr><th style="text-align: left; width: 30%">Part</th>
        <th style="text-align: left; width: 52%">Namn</th>
        <th style="text-align: left">Funktion</th></tr>
    {table}</table>
    <p>Välfärdsrådets ledamöter och ersättare enligt förteckningen ovan deltog i hela mötet,
    som hölls på Teams med anledning av smittläget i länet.</p>
    {ITEMS}"""
    text, parsed = read(body)
    lines = text.splitlines()
    assert "Malung-Sälen | Per Nordin (C) | ledamot" in lines, text
    assert "Smedjebacken | –" in lines, text
