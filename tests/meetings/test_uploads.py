"""Attachments are checked by what they contain, not by what their names claim."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from meetings.uploads import (
    DEFAULT_MAX_BYTES,
    detect_kind,
    max_attachment_bytes,
    validate_attachment,
)


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Bilaga 4: Överenskommelse om samverkan")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 30, 200)).save(out, format="JPEG")
    return out.getvalue()


def _gif() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("P", (4, 4)).save(out, format="GIF")
    return out.getvalue()


def _ooxml(main_type: str, main_part: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal Office Open XML package, as Excel and PowerPoint write them."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr(main_part, "<root/>")
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return out.getvalue()


def _xlsx() -> bytes:
    return _ooxml(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "xl/workbook.xml",
    )


def _pptx() -> bytes:
    return _ooxml(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        "ppt/presentation.xml",
    )


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _message(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("Bilaga 4.pdf", _pdf),
        ("Bilaga 5.docx", _docx),
        ("Budget 2021.xlsx", _xlsx),
        ("Presentation.pptx", _pptx),
        ("Karta.png", _png),
        ("Foto.JPG", _jpeg),
        ("Foto.jpeg", _jpeg),
        ("Diagram.gif", _gif),
    ],
)
def test_real_files_of_allowed_types_are_accepted(name, make):
    upload = _upload(name, make())
    validate_attachment(upload)
    # The check leaves the file ready to be saved from its beginning.
    assert upload.tell() == 0


def test_webp_is_recognised_by_its_riff_header():
    data = b"RIFF" + (30).to_bytes(4, "little") + b"WEBPVP8 " + b"\x00" * 22
    validate_attachment(_upload("bild.webp", data))


def test_an_executable_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_attachment(_upload("Bilaga 3.pdf", EXE))
    assert error.value.code == "content_mismatch"
    assert "inte en PDF-fil" in _message(error)


def test_a_pdf_renamed_to_docx_is_refused_and_told_what_it_is():
    with pytest.raises(ValidationError) as error:
        validate_attachment(_upload("Bilaga 3.docx", _pdf()))
    assert error.value.code == "content_mismatch"
    message = _message(error)
    assert ".docx" in message and "PDF" in message


def test_a_word_document_renamed_to_xlsx_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_attachment(_upload("Budget.xlsx", _docx()))
    assert "Word (DOCX)" in _message(error)


def test_a_plain_zip_renamed_to_docx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ValidationError) as error:
        validate_attachment(_upload("Bilaga.docx", out.getvalue()))
    assert "inte en Word (DOCX)-fil" in _message(error)


def test_a_document_with_macros_is_refused():
    data = _ooxml("application/vnd.ms-word.document.macroEnabled.main+xml", "word/document.xml")
    with pytest.raises(ValidationError) as error:
        validate_attachment(_upload("Mall.docx", data))
    assert error.value.code == "macros"
    assert "makron" in _message(error)


def test_a_type_not_on_the_list_is_refused_even_with_harmless_content():
    with pytest.raises(ValidationError) as error:
        validate_attachment(_upload("program.exe", EXE))
    assert error.value.code == "type_not_allowed"
    assert "PDF" in _message(error) and "PNG" in _message(error)
    with pytest.raises(ValidationError):
        validate_attachment(_upload("anteckningar.txt", b"%PDF-1.7 fake"))
    with pytest.raises(ValidationError):
        validate_attachment(_upload("utan-filandelse", _pdf()))


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_attachment(_upload("tom.pdf", b""))
    assert error.value.code == "empty"
    assert "tom" in _message(error)


def test_a_file_above_the_configured_limit_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    data = _pdf() + b"\n%" + b"x" * 1000
    with pytest.raises(ValidationError) as error:
        validate_attachment(_upload("stor.pdf", data))
    assert error.value.code == "too_large"
    assert "för stor" in _message(error)
    # Both the file's size and the limit are told, in Swedish units.
    assert "1000\xa0byte" in _message(error)


def test_a_file_at_the_limit_is_accepted(settings):
    data = _pdf()
    settings.ATTACHMENT_MAX_BYTES = len(data)
    validate_attachment(_upload("precis.pdf", data))


def test_the_default_limit_is_25_megabytes(settings):
    del settings.ATTACHMENT_MAX_BYTES
    assert max_attachment_bytes() == DEFAULT_MAX_BYTES == 25 * 1024 * 1024


def test_a_zip_bomb_is_refused_without_inflating_it():
    # A content-types part that inflates to far more than any real package needs.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", b" " * (64 * 1024 * 1024))
        package.writestr("word/document.xml", "<w:document/>")
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(ValidationError):
        validate_attachment(_upload("bomb.docx", data))


def test_a_package_with_an_absurd_number_of_parts_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for n in range(10_001):
            package.writestr(f"p/{n}", b"")
    with pytest.raises(ValidationError):
        validate_attachment(_upload("många.xlsx", out.getvalue()))


def test_a_damaged_zip_is_refused():
    data = _docx()[:200]
    with pytest.raises(ValidationError) as error:
        validate_attachment(_upload("trasig.docx", data))
    assert "skadad" in _message(error)


def test_detect_kind_reads_content_only():
    assert detect_kind(io.BytesIO(_pdf())) == "pdf"
    assert detect_kind(io.BytesIO(_docx())) == "docx"
    assert detect_kind(io.BytesIO(_xlsx())) == "xlsx"
    assert detect_kind(io.BytesIO(_pptx())) == "pptx"
    assert detect_kind(io.BytesIO(_png())) == "png"
    assert detect_kind(io.BytesIO(EXE)) is None
