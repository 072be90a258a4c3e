"""Seed minutes as the files a secretary uploads: Word documents and PDFs made here."""

import html
import io

import docx
import pytest
from weasyprint import HTML

from tests.conftest import FIXTURES


def seed_text(name: str) -> str:
    return (FIXTURES / "seeds" / f"{name}.txt").read_text(encoding="utf-8")


def as_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_pdf(text: str) -> bytes:
    page = (
        '<html lang="sv"><body><div style="white-space: pre-wrap; font: 10pt sans-serif">'
        f"{html.escape(text)}</div></body></html>"
    )
    return HTML(string=page).write_pdf()


@pytest.fixture(scope="session")
def seed_pdfs() -> dict[str, bytes]:
    """Rendering takes a moment; each seed is rendered once per test run."""
    return {}


@pytest.fixture
def seed_pdf(seed_pdfs):
    def render(name: str) -> bytes:
        if name not in seed_pdfs:
            seed_pdfs[name] = as_pdf(seed_text(name))
        return seed_pdfs[name]

    return render
