"""Text from uploaded files, and a clear message for every file that cannot be read."""

import base64
import io
import os
import zipfile

import docx
import pytest
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from imports.extract import MAX_FILE_BYTES, ExtractionError, extract_text
from imports.parser import normalise_text, parse_minutes
from tests.conftest import SEED_NAMES, seed_truth
from tests.imports.conftest import seed_text
from tests.imports.test_parser import RESOLVE
from tools.benchdata import as_docx


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_seed_as_word_document_parses_as_its_text(name):
    data = as_docx(seed_text(name))
    assert docx.Document(io.BytesIO(data)).paragraphs  # a real document, read back

    text = extract_text(data=data, filename=f"{name}.docx")

    assert parse_minutes(text, resolve_forum=RESOLVE).as_json() == seed_truth(name)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_seed_as_pdf_parses_as_its_text(name, seed_pdf):
    data = seed_pdf(name)
    assert len(PdfReader(io.BytesIO(data)).pages) >= 2

    text = extract_text(data=data, filename=f"{name}.pdf")

    assert parse_minutes(text, resolve_forum=RESOLVE).as_json() == seed_truth(name)


def test_plain_text_in_windows_encoding_is_read():
    text = extract_text(data="1. Mötets öppnande\n".encode("cp1252"), filename="a.txt")
    assert text == "1. Mötets öppnande\n"


def test_automatic_numbering_in_word_becomes_the_item_numbers():
    document = docx.Document()
    document.add_paragraph("Minnesanteckningar Välfärdsrådet 11 mars 2020")
    for title in ["Öppnande", "Övriga frågor"]:
        document.add_paragraph(title, style="List Number")
    document.add_paragraph("Välfärdsrådet beslutade")
    document.add_paragraph("att avsluta mötet.")
    buffer = io.BytesIO()
    document.save(buffer)

    text = extract_text(data=buffer.getvalue(), filename="numrerad.docx")

    parsed = parse_minutes(text, resolve_forum=RESOLVE)
    assert [(i.number, i.title) for i in parsed.items] == [
        ("1", "Öppnande"),
        ("2", "Övriga frågor"),
    ]
    assert parsed.items[1].decisions[0].kind == "procedural"


def _message(data: bytes, filename: str, **limits) -> str:
    with pytest.raises(ExtractionError) as caught:
        extract_text(data=data, filename=filename, **limits)
    return str(caught.value)


@pytest.mark.parametrize("filename", ["tom.txt", "tom.pdf", "tom.docx"])
def test_an_empty_file(filename):
    assert _message(b"", filename) == "Filen är tom."


def test_binary_junk_named_pdf():
    assert _message(os.urandom(4096), "protokoll.pdf") == "Filen är ingen PDF som går att läsa."


def test_a_damaged_pdf():
    broken = b"%PDF-1.7\n" + os.urandom(2000)
    assert _message(broken, "protokoll.pdf") == "Filen är ingen PDF som går att läsa."


def test_an_encrypted_pdf(seed_pdf):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(seed_pdf("vfr-2020-03-11"))))
    writer.encrypt(user_password="hemligt", owner_password="ägare")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert PdfReader(io.BytesIO(buffer.getvalue())).is_encrypted

    message = _message(buffer.getvalue(), "skyddad.pdf")

    assert message.startswith("PDF-filen är skyddad med lösenord.")


def test_a_scanned_pdf_without_text():
    pixel = base64.b64encode(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
        )
    ).decode()
    page = f'<img src="data:image/png;base64,{pixel}" style="width:18cm;height:25cm">'
    data = HTML(string=page).write_pdf()
    assert PdfReader(io.BytesIO(data)).pages[0].extract_text().strip() == ""

    message = _message(data, "inskannad.pdf")

    assert message.startswith("PDF-filen har ingen text")


def test_a_50_mb_file_is_refused_before_it_is_read():
    data = b"%PDF-1.7\n" + b"0" * (50 * 1024 * 1024)
    assert len(data) > MAX_FILE_BYTES
    assert _message(data, "stor.pdf") == "Filen är större än 20 MB och kan inte importeras."


def test_a_zip_bomb_named_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b"a" * (80 * 1024 * 1024) + b"/>")
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024

    message = _message(data, "bomb.docx")

    assert message.startswith("Word-dokumentet packas upp till mycket mer data")


def test_a_zip_that_is_no_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bild.txt", "hej")
    message = _message(buffer.getvalue(), "fel.docx")
    assert message == "Filen är inget Word-dokument (.docx) som går att läsa."
    assert _message(os.urandom(3000), "fel.docx") == message


def test_unsupported_types():
    assert _message(b"MZ\x90\x00", "program.exe").startswith("Bara textfiler (.txt)")
    assert _message(b"\xd0\xcf\x11\xe0", "gammal.doc").startswith("Gamla Word-filer (.doc)")


def test_binary_content_named_txt():
    assert _message(b"\x00\x01\x02" * 100, "data.txt") == "Filen är ingen textfil."


def test_a_pdf_that_takes_too_long_is_stopped(seed_pdf):
    message = _message(seed_pdf("chnv-2020-05-08"), "seg.pdf", pdf_time_limit=0.05)
    assert message.startswith("Det tog för lång tid att läsa PDF-filen")


def test_a_pdf_that_needs_too_much_memory_is_stopped(seed_pdf):
    message = _message(seed_pdf("chnv-2020-05-08"), "stor.pdf", pdf_memory_limit=40 * 1024 * 1024)
    assert message == "PDF-filen kräver för mycket minne för att läsas och stoppades."


# --------------------------------------------------------------------------- Word's structures

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _word(body_xml: str) -> bytes:
    """A Word file whose body is the given WordprocessingML."""
    from lxml import etree

    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    fragment = etree.fromstring(f"<w:body {NAMESPACES}>{body_xml}</w:body>")
    for index, child in enumerate(fragment):
        body.insert(index, child)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def test_a_body_inside_content_controls_is_read():
    data = _word(
        "<w:sdt><w:sdtPr><w:alias w:val='Rubrik'/></w:sdtPr><w:sdtContent>"
        + _p("Välfärdsrådet")
        + "<w:tbl><w:tr><w:tc>"
        + _p("Datum:")
        + "</w:tc><w:tc>"
        + _p("2023-03-23")
        + "</w:tc></w:tr></w:tbl>"
        + "</w:sdtContent></w:sdt>"
        + "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        + _p("Klicka här för att ange text.")
        + "</w:sdtContent></w:sdt>"
        + "<w:sdt><w:sdtContent>"
        + _p("1. Mötets öppnande")
        + "</w:sdtContent></w:sdt>"
    )

    text = extract_text(data=data, filename="mall.docx")

    assert text.split("\n") == ["Välfärdsrådet", "Datum: | 2023-03-23", "1. Mötets öppnande"]
    parsed = parse_minutes(text, resolve_forum=RESOLVE)
    assert (parsed.forum, parsed.date.isoformat()) == ("Välfärdsrådet", "2023-03-23")


def test_a_text_box_is_read_once_before_its_paragraph():
    box = "<w:txbxContent>" + _p("Minnesanteckningar Socialchefsnätverket") + "</w:txbxContent>"
    data = _word(
        "<w:p><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r><w:r><w:t>Datum: 2024-01-19</w:t></w:r></w:p>"
    )

    text = extract_text(data=data, filename="ruta.docx")

    assert text.split("\n") == ["Minnesanteckningar Socialchefsnätverket", "Datum: 2024-01-19"]


def test_struck_deleted_and_hidden_text_is_left_out_and_hyphens_kept_as_written():
    data = _word(
        "<w:p><w:r><w:t>Anna Berg, </w:t></w:r>"
        "<w:r><w:rPr><w:strike/></w:rPr><w:t>Bo Ek, </w:t></w:r>"
        "<w:del><w:r><w:delText>Cecilia Lund, </w:delText></w:r></w:del>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>dold </w:t></w:r>"
        "<w:r><w:t>Dan Dahl</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>hälso</w:t><w:noBreakHyphen/><w:t>och sjukvård, kompetens</w:t>"
        "<w:softHyphen/><w:t>försörjning</w:t><w:br/><w:t>Tid:</w:t><w:tab/>"
        "<w:t>9.00–12.00</w:t></w:r></w:p>"
    )

    text = normalise_text(extract_text(data=data, filename="struket.docx"))

    assert text.split("\n") == [
        "Anna Berg, Dan Dahl",
        "hälso-och sjukvård, kompetensförsörjning",
        "Tid: 9.00–12.00",
    ]


def test_numbered_headings_in_a_table_keep_their_numbers():
    row = "<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>"
    data = _word(
        _p("Länschefsnätverket 2021-09-24")
        + "<w:tbl>"
        + row.format(_p("§ 1"), _p("Mötets öppnande"))
        + row.format(
            _p("§ 2"),
            _p("Ekonomi") + _p("Länschefsnätverket beslutade:") + _p("att godkänna budgeten."),
        )
        + "</w:tbl>"
    )

    parsed = parse_minutes(extract_text(data=data, filename="tabell.docx"), resolve_forum=RESOLVE)

    assert [(i.number, i.title) for i in parsed.items] == [
        ("1", "Mötets öppnande"),
        ("2", "Ekonomi"),
    ]
    assert parsed.items[1].decisions[0].text == "att godkänna budgeten."


def test_numbering_of_several_levels_and_of_lists_that_go_on():
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>'
        )
    )
    for num_id in ("91", "92"):
        numbering.append(
            parse_xml(
                f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="90"/></w:num>'
            )
        )

    def numbered(text: str, num_id: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/>'
                f'<w:numId w:val="{num_id}"/></w:numPr>'
            )
        )

    numbered("Mötets öppnande", "91", 0)
    numbered("Ekonomi", "91", 0)
    numbered("Budget", "91", 1)
    numbered("Prognos", "91", 1)
    document.add_paragraph("Diskussion fördes.")
    # Another list of the same definition goes on counting, as Word does.
    numbered("Övriga frågor", "92", 0)
    buffer = io.BytesIO()
    document.save(buffer)

    text = extract_text(data=buffer.getvalue(), filename="nivåer.docx")

    assert text.split("\n") == [
        "1. Mötets öppnande",
        "2. Ekonomi",
        "2.1 Budget",
        "2.2 Prognos",
        "Diskussion fördes.",
        "3. Övriga frågor",
    ]


def test_unicode_that_only_steers_layout_is_read_as_plain_letters():
    raw = "Punkt\u00a03.\ufeff Gemensam \ufb01nansiering av h\u00e4lso\u2011och sjukv\u00e5rd"
    parsed = parse_minutes(
        "Välfärdsrådet 2020-10-21\n" + raw + "\nVälfärdsrådet beslutade\natt godkänna.",
        resolve_forum=RESOLVE,
    )
    assert [(i.number, i.title) for i in parsed.items] == [
        ("3", "Gemensam finansiering av hälso-och sjukvård")
    ]


def test_a_text_longer_than_any_minutes_is_refused_before_it_is_parsed():
    data = ("1. Mötets öppnande\n" + "Diskussion fördes om läget. " * 80_000).encode("utf-8")
    assert len(data) < MAX_FILE_BYTES

    message = _message(data, "lång.txt")

    assert message.startswith("Filen innehåller 2 240 019 tecken text")


def test_numbered_rows_of_a_table_read_as_headings_with_their_notes():
    row = "<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>"
    data = _word(
        _p("LPO Barn och unga 2022-03-02")
        + "<w:tbl>"
        + row.format(_p("Nr"), _p("Ärende"), _p("Anteckningar"))
        + row.format(_p("1."), _p("Mötet öppnas"), _p("Sofie hälsade välkommen."))
        + row.format(
            _p("2."),
            _p("Gemensam rutin för orosanmälan"),
            _p("Underlaget hade inte skickats ut. Frågan bordlades till nästa möte."),
        )
        + "</w:tbl>"
    )

    parsed = parse_minutes(extract_text(data=data, filename="lpo.docx"), resolve_forum=RESOLVE)

    assert [(i.number, i.title, i.outcome) for i in parsed.items] == [
        ("1", "Mötet öppnas", "handled"),
        ("2", "Gemensam rutin för orosanmälan", "tabled"),
    ]


def test_the_first_pages_running_header_is_read_and_the_others_left_out():
    page = (
        '<html lang="sv"><head><style>@page { size: A4; margin: 3cm 2cm;'
        ' @top-left { content: "Chefsnätverket  Dnr 2017/0456  Sida " counter(page) }'
        ' @bottom-center { content: "Region Dalarna, www.regiondalarna.se" } }'
        " p { margin: 0 0 8pt }</style></head><body>"
        "<p>Minnesanteckningar Chefsnätverket 13 oktober 2017</p>"
        + "".join(
            f"<p>{n}. Ärende nummer {n}</p><p>{'Diskussion fördes. ' * 60}</p>" for n in range(1, 5)
        )
        + "</body></html>"
    )
    data = HTML(string=page).write_pdf()
    assert len(PdfReader(io.BytesIO(data)).pages) >= 2

    text = extract_text(data=data, filename="chnv.pdf")
    parsed = parse_minutes(text, resolve_forum=RESOLVE)

    assert parsed.registration_number == "2017/0456"
    assert text.count("Dnr 2017/0456") == 1 and "Sida" not in text
    assert "regiondalarna" not in text
    assert [i.number for i in parsed.items] == ["1", "2", "3", "4"]


def test_a_text_file_saved_as_unicode_by_notepad():
    data = "\ufeff1)\tInledning\r\n2)\tDagordning\r\n".encode("utf-16-le")

    text = extract_text(data=data, filename="anteckningar.txt")

    assert normalise_text(text) == "1) Inledning\n2) Dagordning"


def test_a_list_started_at_14_goes_on_across_its_definitions():
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="80"><w:lvl w:ilvl="0">'
            '<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="§ %1"/>'
            "</w:lvl></w:abstractNum>"
        )
    )
    numbering.append(
        parse_xml(
            f'<w:num xmlns:w="{W}" w:numId="81"><w:abstractNumId w:val="80"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="14"/></w:lvlOverride></w:num>'
        )
    )
    numbering.append(
        parse_xml(f'<w:num xmlns:w="{W}" w:numId="82"><w:abstractNumId w:val="80"/></w:num>')
    )
    for title, num_id in [("Mötets öppnande", "81"), ("Föregående", "82"), ("Uppdrag", "82")]:
        paragraph = document.add_paragraph(title)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )
    buffer = io.BytesIO()
    document.save(buffer)

    text = extract_text(data=buffer.getvalue(), filename="lpo.docx")

    assert text.split("\n") == ["§ 14 Mötets öppnande", "§ 15 Föregående", "§ 16 Uppdrag"]


COLUMN_PROSE = (
    "Nätverket diskuterade hur uppföljningen av överenskommelsen ska redovisas och "
    "vilka mått som ska användas för att jämföra kommunerna med varandra över tid. "
) * 6


def test_a_page_in_two_columns_is_read_down_each_column_and_a_field_grid_is_not():
    page = (
        '<html lang="sv"><head><style>@page { size: A4; margin: 2cm }'
        " body { font: 10pt serif } .cols { columns: 2; column-gap: 1cm; text-align: justify }"
        " .head { display: flex; justify-content: space-between }"
        " .grid { display: grid; grid-template-columns: 6em 14em }"
        " p { margin: 0 0 6pt }</style></head><body>"
        '<div class="head"><div><p>Region Dalarna · RSS Dalarna</p><p>MINNESANTECKNINGAR</p>'
        "<p>Välfärdsrådet Dalarna</p></div>"
        '<div class="grid"><span>Datum</span><span>2026-02-12</span><span>Tid</span>'
        "<span>13:00–15:30</span><span>Plats</span><span>Länsstyrelsens hörsal</span>"
        "<span>Dnr</span><span>RD26/00231</span><span>Justerare</span><span>Maria Sahlin</span>"
        "<span>Justerat</span><span>2026-02-20</span></div></div>"
        '<div class="cols"><p>1. Mötets öppnande</p>'
        f"<p>{COLUMN_PROSE}</p><p>2. Uppföljning av hemsjukvården</p><p>{COLUMN_PROSE}</p>"
        "<p>3. Övriga frågor</p><p>Inga övriga frågor anmäldes.</p></div>"
        "</body></html>"
    )
    text = extract_text(data=HTML(string=page).write_pdf(), filename="vfr.pdf")

    # The fields stay beside their labels.
    assert "Tid | 13:00–15:30" in text and "Dnr | RD26/00231" in text
    # The columns are read one after the other: every paragraph whole, in order.
    flat = " ".join(text.split())
    prose = " ".join(COLUMN_PROSE.split())
    first = flat.index("1. Mötets öppnande")
    second = flat.index("2. Uppföljning av hemsjukvården")
    third = flat.index("3. Övriga frågor")
    assert first < second < third
    assert flat[first:second].count(prose) == 1 and flat[second:third].count(prose) == 1


def test_a_word_documents_first_page_header_is_read_before_its_body():
    document = docx.Document()
    header = document.sections[0].header.paragraphs[0]
    header.text = "Region Dalarna\tMinnesanteckningar Länschefsnätverket\tRD25/03318"
    document.sections[0].footer.paragraphs[0].text = "Sida 1 av 2 · www.regiondalarna.se"
    document.add_paragraph("Länschefsnätverket 2025-11-21")
    document.add_paragraph("1. Mötets öppnande")
    out = io.BytesIO()
    document.save(out)

    text = extract_text(data=out.getvalue(), filename="m.docx")

    assert (
        text.splitlines()[0]
        == "Region Dalarna | Minnesanteckningar Länschefsnätverket | RD25/03318"
    )
    assert "Sida 1" not in text
    assert parse_minutes(text, resolve_forum=RESOLVE).registration_number == "RD25/03318"
