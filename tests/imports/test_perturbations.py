"""The seeds laid out as other word processors and secretaries lay them out read the same.

Every variant is made from the seed's own paragraphs (`*.paragraphs.txt`): wrapped again
at widths from 48 to 120 characters, with blank lines between every paragraph, between
some or none, as a word processor saves text (spaces kept at line ends, breaks after
hyphens) or as an editor wraps it, with Windows line ends and encoding, and with page
headers and footers put in wherever they fall. Word files with real paragraphs and PDFs
with running headers, footers and hyphenation are made from the same paragraphs.
"""

import html
import io
import re

import docx
import pdfplumber
import pytest
from docx.shared import Pt
from weasyprint import HTML

from imports.extract import extract_text
from imports.parser import parse_minutes
from tests.conftest import FIXTURES, SEED_NAMES, seed_truth
from tests.imports.perturb import WIDTHS, layout, paragraphs, with_furniture
from tests.imports.test_parser import RESOLVE

LAYOUTS = [
    (width, blanks, word_processor)
    for width in WIDTHS
    for blanks in ("none", "some", "all")
    for word_processor in (False, True)
]


def _parse(text: str) -> dict:
    return parse_minutes(text, resolve_forum=RESOLVE).as_json()


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize(("width", "blanks", "word_processor"), LAYOUTS)
def test_rewrapped_seed_reads_as_its_transcription(name, width, blanks, word_processor):
    text = layout(name, width, blanks=blanks, word_processor=word_processor)
    truth = seed_truth(name)

    assert _parse(text) == truth
    assert _parse(text.replace("\n", "\r\n")) == truth
    furnished = with_furniture(text, every=23, seed=width, forum=truth["forum"], date=truth["date"])
    assert "Sida 2 (5)" in furnished
    assert _parse(furnished) == truth


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_without_its_blank_lines_reads_as_its_transcription(name):
    text = (FIXTURES / "seeds" / f"{name}.txt").read_text(encoding="utf-8")
    squeezed = "\n".join(line for line in text.split("\n") if line.strip())

    assert _parse(squeezed) == seed_truth(name)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_in_windows_encoding_reads_as_its_transcription(name):
    data = layout(name, 80, blanks="some").encode("cp1252")

    text = extract_text(data=data, filename=f"{name}.txt")

    assert _parse(text) == seed_truth(name)


def _word_file(name: str) -> bytes:
    """The seed as a secretary writes it in Word: one real paragraph per paragraph, no
    empty paragraphs, the space between them set on the style."""
    document = docx.Document()
    document.styles["Normal"].paragraph_format.space_after = Pt(8)
    for paragraph in paragraphs(name):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_as_word_file_with_real_paragraphs_reads_as_its_transcription(name):
    text = extract_text(data=_word_file(name), filename=f"{name}.docx")

    assert "\n\n" not in text.strip()
    assert _parse(text) == seed_truth(name)


PAGE_CSS = """
@page {
  size: A4; margin: 2.5cm 2cm;
  @top-left { content: "Region Dalarna"; font-size: 9pt }
  @top-right { content: "Minnesanteckningar %(name)s"; font-size: 9pt }
  @bottom-left {
    content: "Region Dalarna, Box 712, 791 29 Falun, Tel 023-49 00 00, www.regiondalarna.se";
    font-size: 8pt
  }
  @bottom-right { content: "Sida " counter(page) " av " counter(pages); font-size: 8pt }
}
body { font: 11pt "DejaVu Sans"; hyphens: auto; text-align: %(align)s }
p { margin: 0 0 6pt 0 }
"""


@pytest.fixture(scope="module")
def seed_pdfs() -> dict:
    """Each seed as a typeset PDF, left-aligned and justified, rendered once."""
    made = {}
    for name in SEED_NAMES:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(name))
        for align in ("left", "justify"):
            style = PAGE_CSS % {"name": name, "align": align}
            made[(name, align)] = HTML(
                string=f'<html lang="sv"><head><style>{style}</style></head>'
                f"<body>{body}</body></html>"
            ).write_pdf()
    return made


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("align", ["left", "justify"])
def test_seed_as_typeset_pdf_with_page_furniture_reads_as_its_transcription(seed_pdfs, name, align):
    data = seed_pdfs[(name, align)]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        printed = "\n".join(page.extract_text() for page in pdf.pages)
    # The PDF breaks words at line ends and repeats its header and footer on every page.
    assert re.search("[a-zåäö][-\u2010\u00ad]\n[a-zåäö]", printed)
    assert printed.count("www.regiondalarna.se") >= 2

    text = extract_text(data=data, filename=f"{name}.pdf")

    assert "Sida 1 av" not in text and "www.regiondalarna.se" not in text
    assert _parse(text) == seed_truth(name)
