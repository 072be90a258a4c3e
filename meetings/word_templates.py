"""The Word templates of the minutes (and their extracts) and of the notice, in the house style.

The files in ``templates/word/`` are made by this module (``manage.py make_word_templates``)
and committed beside it; a test checks that they are what it makes. Their layout is the
PDFs' (``static/css/print.css`` and ``notice.css``): A4 with the same margins, faces and
sizes, and the document's head repeated on every page. Every kind of paragraph has a named
style, so that staff restyle the documents in Word (Format, Styles) without code. Where
Word has a style for the purpose it is used, and Swedish Word shows it under its Swedish
name: Title as Rubrik, Heading 1 and 2 as Rubrik 1 and 2, Body Text as Brödtext, Header
and Footer as Sidhuvud and Sidfot, List Bullet as Punktlista; the register's own kinds of
paragraph (Att-sats, Beslutsrubrik, Föredragande…) have Swedish names of their own.

The text is docxtpl's Jinja tags, filled in by ``meetings.word``: ``{{ … }}`` inside a
paragraph, and ``{%p … %}`` / ``{%tr … %}`` alone in a paragraph or table row to repeat
or leave out whole paragraphs and rows. Fixed wording comes from the translation catalog
through ``{{ t.… }}``, so that a template holds no language of its own.
"""

import datetime
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

WORD_DIR = Path(settings.BASE_DIR) / "templates" / "word"
MINUTES = "minnesanteckningar.docx"
NOTICE = "kallelse.docx"

# A fixed moment for the templates' own dates, so that making them again gives the same files.
TEMPLATE_DATE = datetime.datetime(2026, 1, 1)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# Word's built-in styles that are kept and restyled; all others of python-docx's starting
# document are removed, so that the list of styles in Word shows what the documents use.
KEPT_STYLES = {
    "Normal",
    "DefaultParagraphFont",
    "TableNormal",
    "NoList",
    "Title",
    "Heading1",
    "Heading2",
    "BodyText",
    "Header",
    "Footer",
    "ListBullet",
}

# What may follow w:pBdr in a paragraph's properties, in the schema's order.
AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)

APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Beslutsregistret</Application><Company>RSS Dalarna</Company></Properties>"
)


@dataclass(frozen=True)
class Look:
    """The face, sizes and margins of one kind of document, read off its PDF's stylesheet."""

    font: str
    size: float  # points
    margins: tuple[float, float, float, float]  # top, right, bottom, left, in millimetres
    head_color: str
    head_align: WD_ALIGN_PARAGRAPH
    head_size: float = 9


# print.css: Liberation Serif (metrically Times New Roman) 11.5pt, margins 28/20/22/25 mm.
MINUTES_LOOK = Look("Times New Roman", 11.5, (28, 20, 22, 25), "333333", WD_ALIGN_PARAGRAPH.RIGHT)
# notice.css: a sans face 10.5pt, margins 2.2 cm above and below and 2 cm at the sides.
NOTICE_LOOK = Look("Arial", 10.5, (22, 20, 22, 20), "555555", WD_ALIGN_PARAGRAPH.LEFT)


# ----------------------------------------------------------------- the document


def _base_document(look: Look) -> Document:
    document = Document()
    _drop_extra_parts(document)
    _prune_styles(document)
    _defaults(document, look)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    top, right, bottom, left = look.margins
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance = section.footer_distance = Mm(10)
    _clear_body(document)
    return document


def _drop_extra_parts(document: Document) -> None:
    """The starting document's thumbnail (a blank page), its empty list of sources and
    Word 2010's copy of the styles, which would keep the old styles beside these."""
    for rels in (document.part.package.rels, document.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.endswith(("/thumbnail", "/stylesWithEffects", "/customXml")):
                del rels[r_id]
    for rel in document.part.package.rels.values():
        if rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = APP_XML.encode()
    settings_xml = document.settings.element
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        settings_xml.find(qn(tag)).set(qn("w:val"), value)
    settings_xml.find(qn("w:themeFontLang")).set(qn("w:val"), "sv-SE")
    for setting in settings_xml.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _prune_styles(document: Document) -> None:
    styles = document.styles
    for style in list(styles):
        if style.style_id not in KEPT_STYLES:
            style.delete()
    # Links to the removed character twins ("Heading 1 Char") would point at nothing.
    for link in list(styles.element.iter(qn("w:link"))):
        link.getparent().remove(link)


def _defaults(document: Document, look: Look) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().remove(defaults)
    styles.insert(
        0,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{_fonts_xml(look.font)}"
            f'<w:sz w:val="{round(look.size * 2)}"/><w:szCs w:val="{round(look.size * 2)}"/>'
            '<w:lang w:val="sv-SE" w:eastAsia="sv-SE" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )


def _fonts_xml(font: str) -> str:
    return f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'


def _clear_body(document: Document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


# ----------------------------------------------------------------- styles


def _style(
    document: Document,
    name: str,
    *,
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    color: str | None = None,
    before: float = 0,
    after: float = 0,
    line: float | None = None,
    left: float = 0,
    hanging: float = 0,
    align: WD_ALIGN_PARAGRAPH | None = None,
    keep_with_next: bool = False,
    keep_together: bool = False,
    based_on: str | None = "Normal",
    next_style: str | None = None,
):
    """A style with only what it sets, on top of the style it is based on (Normal)."""
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, kind)
        # Word itself keeps identifiers to ASCII ("Foredragande" for Föredragande).
        folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        style.style_id = "".join(c for c in folded if c.isalnum())
    # What Word's own styles bring is dropped, but for what makes a list a list (numPr)
    # and a heading a heading (outlineLvl).
    for element in style.element.findall(qn("w:rPr")):
        style.element.remove(element)
    for properties in style.element.findall(qn("w:pPr")):
        for element in list(properties):
            if element.tag not in (qn("w:numPr"), qn("w:outlineLvl")):
                properties.remove(element)
    style.hidden = False
    style.unhide_when_used = False
    style.quick_style = True
    if based_on and name != based_on:
        style.base_style = styles[based_on]
    font = style.font
    if size is not None:
        font.size = Pt(size)
    font.bold, font.italic = bold, italic
    if color:
        font.color.rgb = RGBColor.from_string(color)
    if kind == WD_STYLE_TYPE.PARAGRAPH:
        style.next_paragraph_style = styles[next_style] if next_style else style
        paragraph = style.paragraph_format
        paragraph.space_before, paragraph.space_after = Pt(before), Pt(after)
        if line is not None:
            paragraph.line_spacing = line
        if left or hanging:
            paragraph.left_indent = Pt(left + hanging)
            paragraph.first_line_indent = Pt(-hanging) if hanging else None
        paragraph.alignment = align
        paragraph.keep_with_next = keep_with_next or None
        paragraph.keep_together = keep_together or None
        paragraph.widow_control = True
    return style


def _border(style, color: str, size_eighths: int = 16) -> None:
    """A frame around the paragraph, as the PDF draws around the draft mark."""
    border = "".join(
        f'<w:{side} w:val="single" w:sz="{size_eighths}" w:space="4" w:color="{color}"/>'
        for side in ("top", "left", "bottom", "right")
    )
    properties = style.element.get_or_add_pPr()
    # Word reads the properties of a paragraph in the schema's order only.
    properties.insert_element_before(
        parse_xml(f"<w:pBdr {nsdecls('w')}>{border}</w:pBdr>"), *AFTER_PBDR
    )


def _page_styles(document: Document, look: Look) -> None:
    # CSS line-height 1.4 is about 1.2 times Word's single line for these faces.
    _style(document, "Normal", line=1.2, based_on=None)
    _style(document, "Body Text", after=7)
    _style(
        document,
        "Header",
        size=look.head_size,
        color=look.head_color,
        line=1.0,
        align=look.head_align,
    )
    # The PDF's page numbers are in the face and size of its text.
    _style(document, "Footer", line=1.0, align=look.head_align)
    _style(document, "Etikett", kind=WD_STYLE_TYPE.CHARACTER, bold=True, based_on=None)
    _style(document, "Tabelltext", after=1.2)


# ----------------------------------------------------------------- writing


class _Writer:
    """Paragraphs of one part (the body, a header) with their runs and template tags."""

    def __init__(self, part, first=None):
        self.part = part
        self.first = first  # an empty paragraph the part starts with, used before adding

    def paragraph(self, style: str, *runs: str | tuple[str, str]):
        """``runs`` are text or (text, character style); "\\t" alone is a tab, "\\n" a
        line break."""
        if self.first is not None:
            paragraph, self.first = self.first, None
            paragraph.style = style
        else:
            paragraph = self.part.add_paragraph(style=style)
        for run in runs:
            text, run_style = run if isinstance(run, tuple) else (run, None)
            if text == "\t":
                paragraph.add_run().add_tab()
            elif text == "\n":
                paragraph.add_run().add_break()
            else:
                paragraph.add_run(text, style=run_style)
        return paragraph

    def tag(self, tag: str):
        """A ``{%p … %}`` tag: docxtpl removes its paragraph and keeps what it says."""
        return self.paragraph("Normal", f"{{%p {tag} %}}")


def _table(document: Document, widths: tuple[float, ...], loop: str, cells, *, styles=()):
    """A table without borders whose middle row repeats once for each of ``loop``."""
    table = document.add_table(rows=3, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    opening, row, closing = table.rows
    opening.cells[0].paragraphs[0].text = f"{{%tr for {loop} %}}"
    closing.cells[0].paragraphs[0].text = "{%tr endfor %}"
    for cell, text, char_style in zip(row.cells, cells, styles or [None] * len(cells), strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.style = "Tabelltext"
        paragraph.add_run(text, style=char_style)
    for cell in (*opening.cells, *closing.cells):
        cell.paragraphs[0].style = "Tabelltext"
    # Cell padding as print.css has it: none on the left, 1rem to the next column; in
    # the place the schema gives it, before tblLook, where Word looks for it.
    table._tbl.tblPr.find(qn("w:tblLook")).addprevious(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/>'
            '<w:right w:w="240" w:type="dxa"/></w:tblCellMar>'
        )
    )
    return table


def _field(paragraph, instruction: str) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} "><w:r><w:t>1</w:t></w:r>'
            "</w:fldSimple>"
        )
    )


def _header(document: Document):
    section = document.sections[0]
    section.header.is_linked_to_previous = False
    return _Writer(section.header, first=section.header.paragraphs[0])


# ----------------------------------------------------------------- the minutes


def minutes_template() -> Document:
    """The minutes and, with ``extract`` set, an extract of one item (protokollsutdrag):
    one template for both, as the PDF has one for both."""
    look = MINUTES_LOOK
    document = _base_document(look)
    _page_styles(document, look)
    _style(
        document, "Title", size=16, bold=True, after=9, keep_with_next=True, next_style="Body Text"
    )
    _style(
        document,
        "Heading 1",
        size=12.5,
        bold=True,
        before=18,
        after=5,
        hanging=22,
        keep_with_next=True,
        next_style="Body Text",
    )
    _style(
        document,
        "Heading 2",
        size=11.5,
        bold=True,
        before=12,
        after=5,
        left=21,
        hanging=21,
        keep_with_next=True,
        next_style="Body Text",
    )
    # The lists of who was there start below a table, which in Word has no space after it.
    _style(document, "Närvaro", before=7, after=7)
    _style(document, "Föredragande", italic=True, after=7)
    _style(document, "Bilagehänvisning", size=11, after=7)
    _style(document, "Utfall", italic=True, after=7)
    _style(document, "Att-sats", left=17, after=3.5, keep_together=True)
    _style(
        document,
        "Beslutsrubrik",
        bold=True,
        before=6,
        after=2.5,
        keep_with_next=True,
        next_style="Att-sats",
    )
    _style(document, "Justering", italic=True, before=23, after=7)
    _style(document, "Utdragsbestyrkande", before=12, after=7, keep_together=True)
    _style(document, "Utkastmarkering", bold=True, color="8A1C14", after=9)
    _border(document.styles["Utkastmarkering"], "8A1C14")
    _style(document, "List Bullet", after=3)

    head = _header(document)
    head.paragraph("Header", "{{ forum }}")
    head.paragraph("Header", "{{ kind }}")
    head.tag("if minutes_date")
    head.paragraph("Header", "{{ t.date }}: {{ minutes_date }}")
    head.tag("endif")
    head.tag("if dnr")
    head.paragraph("Header", "Dnr: {{ dnr }}")
    head.tag("endif")
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    page = footer.paragraphs[0]
    page.style = "Footer"
    page.add_run("{{ t.page }} ")
    _field(page, "PAGE")
    page.add_run(" {{ t.of }} ")
    _field(page, "NUMPAGES")

    body = _Writer(document)
    body.tag("if draft")
    body.paragraph("Utkastmarkering", "{{ draft }}")
    body.tag("endif")
    body.paragraph("Title", "{{ forum }}")
    _table(
        document,
        (2.7, 13.3),
        "row in facts",
        ("{{ row.label }}:", "{{ row.value }}"),
    )

    body.tag("if attendance.grouped")
    body.paragraph("Närvaro", ("{{ t.present }}:", "Etikett"))
    body.tag("if attendance.groups")
    _table(
        document,
        (4.8, 11.2),
        "group in attendance.groups",
        ("{{ group.name }}", "{{ group.people }}"),
        styles=("Etikett", None),
    )
    body.tag("endif")
    body.tag("if attendance.others")
    body.paragraph("Närvaro", ("{{ t.also_present }}:", "Etikett"), " {{ attendance.others }}")
    body.tag("endif")
    body.tag("else")
    body.paragraph("Närvaro", ("{{ t.present }}:", "Etikett"), " {{ attendance.present }}")
    body.tag("endif")
    body.tag("if attendance.absent")
    body.paragraph("Body Text", ("{{ t.absent }}:", "Etikett"), " {{ attendance.absent }}")
    body.tag("endif")
    body.tag("if attendance.note")
    body.paragraph("Body Text", "{{ attendance.note }}")
    body.tag("endif")

    body.tag("for item in items")
    body.tag("if item.is_sub")
    body.paragraph("Heading 2", "{{ item.label }}", "\t", "{{ item.title }}")
    body.tag("else")
    body.paragraph("Heading 1", "{{ item.label }}", "\t", "{{ item.title }}")
    body.tag("endif")
    body.tag("if item.presenters")
    body.paragraph("Föredragande", "{{ t.presenter }}: {{ item.presenters }}")
    body.tag("endif")
    body.tag("if item.refs")
    body.paragraph("Bilagehänvisning", "{{ item.refs }}")
    body.tag("endif")
    body.tag("for paragraph in item.discussion")
    body.paragraph("Body Text", "{{ paragraph }}")
    body.tag("endfor")
    body.tag("if item.outcome")
    body.paragraph("Utfall", "{{ item.outcome }}")
    body.tag("endif")
    body.tag("if item.clauses")
    body.paragraph("Beslutsrubrik", "{{ item.decided }}:")
    body.tag("for clause in item.clauses")
    body.paragraph("Att-sats", "{{ clause }}")
    body.tag("endfor")
    body.tag("endif")
    body.tag("endfor")

    body.tag("if justering")
    body.paragraph("Justering", "{{ justering }}")
    body.tag("endif")
    body.tag("if certified")
    body.paragraph("Utdragsbestyrkande", ("{{ t.certified }}", "Etikett"), "\n", "{{ certified }}")
    body.tag("endif")
    body.tag("if attachments")
    body.paragraph("Heading 1", "{{ t.attachments }}")
    body.tag("for attachment in attachments")
    body.paragraph("List Bullet", "{{r attachment }}")
    body.tag("endfor")
    body.tag("endif")
    return document


# ----------------------------------------------------------------- the notice


def notice_template() -> Document:
    look = NOTICE_LOOK
    document = _base_document(look)
    _page_styles(document, look)
    _style(document, "Forumnamn", size=15.5, bold=True, after=12, next_style="Body Text")
    _style(
        document, "Title", size=20, bold=True, after=6, keep_with_next=True, next_style="Forumnamn"
    )
    _style(document, "Punkt", bold=True, before=7)
    _style(document, "Heading 1", size=13, bold=True, before=23, after=6, keep_with_next=True)
    document.styles["Heading 1"].next_paragraph_style = document.styles["Punkt"]
    _style(document, "Punktdetalj", italic=True, left=21)

    head = _header(document)
    head.paragraph(
        "Header",
        "RSS Dalarna · {{ forum }} · {{ t.notice }} {{ date }}"
        "{% if dnr %} · Dnr: {{ dnr }}{% endif %}",
    )

    body = _Writer(document)
    body.paragraph("Title", "{{ t.notice }}")
    body.paragraph("Forumnamn", "{{ forum }}")
    _table(
        document,
        (3.0, 14.0),
        "row in facts",
        ("{{ row.label }}", "{{ row.value }}"),
        styles=("Etikett", None),
    )
    body.paragraph("Heading 1", "{{ t.agenda }}")
    body.tag("for item in items")
    body.paragraph("Punkt", "{{ item.number }}. {{ item.title }}")
    body.tag("if item.presenters")
    body.paragraph("Punktdetalj", "{{ t.presenter }}: {{ item.presenters }}")
    body.tag("endif")
    body.tag("if item.attachments")
    body.paragraph("Punktdetalj", "{{ t.attachments }}: {{ item.attachments }}")
    body.tag("endif")
    body.tag("else")
    body.paragraph("Body Text", "{{ t.no_items }}")
    body.tag("endfor")
    return document


# ----------------------------------------------------------------- the files

BUILDERS = {MINUTES: minutes_template, NOTICE: notice_template}


def template_bytes(name: str) -> bytes:
    """The template file ``name`` as this module makes it, the same bytes every time."""
    document = BUILDERS[name]()
    properties = document.core_properties
    properties.author = properties.last_modified_by = "RSS Dalarna"
    properties.title = properties.subject = properties.comments = ""
    properties.keywords = properties.category = ""
    properties.language = "sv-SE"
    properties.revision = 1
    properties.created = properties.modified = TEMPLATE_DATE
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times, which zipfile otherwise sets to now."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def write_templates(directory: Path = WORD_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in BUILDERS:
        path = directory / name
        path.write_bytes(template_bytes(name))
        written.append(path)
    return written
