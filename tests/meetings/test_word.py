"""The minutes, an extract and the notice as Word documents in the house style."""

import datetime
import io
import zipfile

import pytest
from django.utils import timezone
from django.utils.translation import gettext
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from agendas import notice
from council.models import Membership, Person, Principal, Role
from meetings.models import (
    AgendaItem,
    AgendaItemPresenter,
    Attachment,
    Attendance,
    Meeting,
    MinutesReview,
)
from meetings.word import extract_docx, minutes_docx, notice_docx
from meetings.word_templates import BUILDERS, WORD_DIR, template_bytes
from tests.conftest import seed_truth
from tests.factories import make_decision, make_item, make_meeting
from tools.demo import load_demo_data

D = datetime.date


@pytest.fixture
def demo(db):
    load_demo_data()


def read(data: bytes) -> Document:
    return Document(io.BytesIO(data))


def squash(text: str) -> str:
    return " ".join(text.split())


def body_text(document: Document) -> str:
    """Every paragraph of the body, tables included, with line breaks and tabs as spaces."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return squash("\n".join(parts))


def header_text(document: Document) -> str:
    return squash(" ".join(p.text for p in document.sections[0].header.paragraphs))


def paragraphs_in(document: Document, style: str) -> list[str]:
    return [squash(p.text) for p in document.paragraphs if p.style.name == style]


def assert_house_page(document: Document, *, top_mm: float, left_mm: float) -> None:
    section = document.sections[0]
    # Word keeps lengths in twentieths of a point: 21 cm is 11906 of them, not exactly.
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(section.top_margin - Cm(top_mm / 10)) < Cm(0.01)
    assert abs(section.left_margin - Cm(left_mm / 10)) < Cm(0.01)


def assert_properties(data: bytes, document: Document, *, title: str, author: str) -> None:
    properties = document.core_properties
    assert properties.title == title
    assert properties.author == author
    assert properties.last_modified_by == author
    assert properties.language == "sv-SE"
    assert properties.comments == "" and properties.keywords == ""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("docProps/"):
                assert b"python-docx" not in archive.read(name), name


def vfr_meeting() -> Meeting:
    return Meeting.objects.get(forum__code="VFR", date=D(2020, 3, 11))


# ----------------------------------------------------------------- the templates


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_the_committed_templates_are_what_the_script_makes(name):
    """If this fails, run ``manage.py make_word_templates`` and commit templates/word/."""
    made = zipfile.ZipFile(io.BytesIO(template_bytes(name)))
    committed = zipfile.ZipFile(WORD_DIR / name)
    assert committed.namelist() == made.namelist()
    for part in made.namelist():
        assert committed.read(part) == made.read(part), part


def test_the_templates_name_the_styles_staff_restyle():
    minutes = read((WORD_DIR / "minnesanteckningar.docx").read_bytes())
    names = {style.name for style in minutes.styles}
    assert {"Title", "Heading 1", "Body Text", "Att-sats", "Beslutsrubrik"} <= names
    assert {"Föredragande", "Justering", "Utdragsbestyrkande", "Närvaro"} <= names
    # Only what the documents use: none of the starting document's hundred table styles.
    assert "Table Grid" not in names and len(names) < 30
    kallelse = read((WORD_DIR / "kallelse.docx").read_bytes())
    assert {"Title", "Heading 1", "Punkt", "Punktdetalj"} <= {s.name for s in kallelse.styles}
    # The faces of the PDFs, set once for the whole document rather than from Word's theme.
    for document, face in ((minutes, "Times New Roman"), (kallelse, "Arial")):
        fonts = document.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:rFonts')}")
        assert fonts.get(qn("w:ascii")) == face and fonts.get(qn("w:asciiTheme")) is None


# ----------------------------------------------------------------- the minutes


def test_the_minutes_of_the_vfr_seed_meeting_hold_every_item_and_clause(demo):
    meeting = vfr_meeting()
    data = minutes_docx(meeting)
    document = read(data)
    assert_house_page(document, top_mm=28, left_mm=25)
    assert_properties(
        data,
        document,
        title="Minnesanteckningar Välfärdsrådet 2020-03-11",
        author="Välfärdsrådet",
    )
    head = header_text(document)
    assert "Välfärdsrådet" in head and "Minnesanteckningar" in head
    assert "Sida" in document.sections[0].footer.paragraphs[0].text
    text = body_text(document)
    truth = seed_truth("vfr-2020-03-11")
    clauses = paragraphs_in(document, "Att-sats")
    for item in truth["items"]:
        assert squash(item["title"]) in text, item["title"]
        for decision in item.get("decisions", []):
            assert squash(decision["text"]) in clauses, decision["text"]
    assert len(clauses) == sum(len(i.get("decisions", [])) for i in truth["items"])
    assert "1.\tÖppnande" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Välfärdsrådet beslutade:" in paragraphs_in(document, "Beslutsrubrik")
    assert any(
        p.startswith("Föredragande: Ulf Börjesson") for p in paragraphs_in(document, "Föredragande")
    )
    assert "Ärendet utgick." in paragraphs_in(document, "Utfall")
    # The council lists its members principal by principal, the region first.
    principals = [row.cells[0].text for row in document.tables[1].rows]
    assert principals[0] == "Region Dalarna" and "Avesta kommun" in principals
    assert "Även närvarande:" in text
    assert "Datum: 11 mars 2020" in text


def test_the_minutes_name_time_place_dnr_and_the_attendance_note(demo):
    meeting = Meeting.objects.get(forum__code="LCHNV", date=D(2021, 4, 16))
    document = read(minutes_docx(meeting))
    head = header_text(document)
    assert "Länschefsnätverket" in head
    assert "Dnr: RD21/00998" in head and "Datum: 2021-04-20" in head
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert facts["Tid:"] == "9.15–12.00"
    assert facts["Plats:"] == "Teams"
    text = body_text(document)
    assert "Tanja Mårtensson samt föredragande och medverkande enligt nedan." in text
    assert "Länschefsnätverket beslutade:" in text
    for decision in meeting.items.get(number="10").decisions.all():
        assert squash(decision.text) in paragraphs_in(document, "Att-sats")


@pytest.fixture
def approved(vfr):
    """Published minutes with what the seeds lack: justering, attachments, a sub-item,
    and text that Word must be given escaped."""
    meeting = make_meeting(
        vfr,
        D(2024, 2, 7),
        start_time=datetime.time(13, 0),
        place="Landstingshuset, Falun",
        registration_number="RD24/00123",
        published_at=timezone.make_aware(datetime.datetime(2024, 2, 20, 10, 0)),
    )
    item = make_item(
        meeting,
        "4",
        "Avtal <SUS> & riktlinjer",
        discussion="Första stycket.\nEn rad till.\n\nAndra stycket\x0c utan sidbrytning.",
        attachment_refs="Bilaga 6",
    )
    make_decision(item, "att godkänna avtalet & riktlinjerna.")
    make_decision(item, "att skicka avtalet till huvudmännen.")
    sub = make_item(meeting, "4a", "Rapport från styrgruppen", position=5)
    make_decision(sub, "att lägga rapporten till handlingarna.")
    presenter = Person.objects.create(name="Tanja Mårtensson")
    AgendaItemPresenter.objects.create(item=sub, person=presenter, title="avdelningschef")
    Attachment.objects.create(meeting=meeting, item=item, number="6", title="Avtal", file="a.pdf")
    maja = Person.objects.create(name="Maja Lind")
    meeting.justerare.add(maja)
    MinutesReview.objects.create(
        meeting=meeting, reviewer=maja, approved=True, method="paper", reviewed_on=D(2024, 2, 14)
    )
    Attendance.objects.create(
        meeting=meeting,
        person=Person.objects.create(name="Karin Ek"),
        principal=Principal.objects.get(short_name="Mora"),
        present=False,
    )
    secretary = Person.objects.create(name="Vera Holm")
    Membership.objects.create(forum=vfr, person=secretary, role=Role.SECRETARY)
    return meeting


def test_the_minutes_end_with_the_justering_and_the_attachments(approved):
    document = read(minutes_docx(approved))
    assert paragraphs_in(document, "Justering") == ["Justerade den 14 februari 2024 av Maja Lind"]
    assert paragraphs_in(document, "List Bullet") == ["Bilaga 6: Avtal"]
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert facts["Justerare:"] == "Maja Lind"
    assert "Frånvarande: Karin Ek (Mora)" in body_text(document)
    assert "Utkast" not in body_text(document)
    # A sub-item is lettered under its main item, a level lower.
    assert "a)\tRapport från styrgruppen" in [
        p.text for p in document.paragraphs if p.style.name == "Heading 2"
    ]
    assert "Föredragande: Tanja Mårtensson, avdelningschef" in paragraphs_in(
        document, "Föredragande"
    )


def test_text_keeps_its_characters_paragraphs_and_line_breaks(approved):
    document = read(minutes_docx(approved))
    assert "4.\tAvtal <SUS> & riktlinjer" in [p.text for p in document.paragraphs]
    assert "att godkänna avtalet & riktlinjerna." in paragraphs_in(document, "Att-sats")
    discussion = [p.text for p in document.paragraphs if p.style.name == "Body Text"]
    assert "Första stycket.\nEn rad till." in discussion
    assert "Andra stycket utan sidbrytning." in discussion
    assert "Bilaga 6" in paragraphs_in(document, "Bilagehänvisning")


def test_a_draft_is_marked_as_such(vfr):
    meeting = make_meeting(vfr, D(2024, 5, 2), status=Meeting.Status.MINUTES_DRAFT)
    make_decision(make_item(meeting, "1", "Mötets öppnande"), "att öppna mötet.")
    document = read(minutes_docx(meeting))
    (mark,) = paragraphs_in(document, "Utkastmarkering")
    assert mark.startswith("Utkast – ej publicerat (")
    assert paragraphs_in(document, "Justering") == []


# ----------------------------------------------------------------- the extract


def test_the_extract_holds_the_head_one_item_and_the_certification(approved):
    item = approved.items.get(number="4")
    data = extract_docx(item)
    document = read(data)
    assert_house_page(document, top_mm=28, left_mm=25)
    # The document's kind in the words the PDF of the extract uses.
    kind = gettext("Extract from the minutes")
    head = header_text(document)
    assert kind in head and "Minnesanteckningar" not in head
    assert "Välfärdsrådet" in head and "Dnr: RD24/00123" in head
    assert_properties(
        data, document, title=f"{kind} Välfärdsrådet 2024-02-07 – Punkt 4", author="Välfärdsrådet"
    )
    assert document.core_properties.subject == "Avtal <SUS> & riktlinjer"
    clauses = paragraphs_in(document, "Att-sats")
    assert clauses == [
        "att godkänna avtalet & riktlinjerna.",
        "att skicka avtalet till huvudmännen.",
    ]
    assert "Rapport från styrgruppen" not in body_text(document)
    (certified,) = paragraphs_in(document, "Utdragsbestyrkande")
    assert "Utdragsbestyrkande" in certified
    assert "20 februari 2024" in certified and "Vera Holm" in certified
    assert paragraphs_in(document, "List Bullet") == ["Bilaga 6: Avtal"]


def test_the_extract_of_a_seed_item(demo):
    meeting = vfr_meeting()
    item = meeting.items.get(number="3")
    document = read(extract_docx(item))
    clauses = paragraphs_in(document, "Att-sats")
    assert clauses == [squash(d.text) for d in item.decisions.order_by("position")]
    others = AgendaItem.objects.filter(meeting=meeting).exclude(pk=item.pk)
    text = body_text(document)
    for other in others.filter(decisions__isnull=False).distinct():
        assert squash(other.title) not in text
    assert paragraphs_in(document, "Utdragsbestyrkande")


# ----------------------------------------------------------------- the notice


@pytest.fixture
def planned(vfr, lchnv):
    meeting = make_meeting(
        vfr,
        D(2026, 12, 10),
        status=Meeting.Status.PLANNED,
        start_time=datetime.time(13, 0),
        place="Landstingshuset, Falun",
        registration_number="RD26/00042",
    )
    make_item(meeting, "1", "Mötets öppnande")
    item = make_item(meeting, "2", "Beslut om TN-platser", attachment_refs="Bilaga 1")
    AgendaItemPresenter.objects.create(item=item, forum=lchnv, title="")
    make_item(meeting, "3", "Övriga frågor")
    return meeting


def test_the_notice_in_the_house_style(planned):
    data = notice.docx_bytes(planned, notice.notice_items(planned))
    document = read(data)
    assert_house_page(document, top_mm=22, left_mm=20)
    assert_properties(
        data, document, title="Kallelse Välfärdsrådet 2026-12-10", author="Välfärdsrådet"
    )
    head = header_text(document)
    assert "Välfärdsrådet" in head and "Kallelse" in head and "Dnr: RD26/00042" in head
    assert paragraphs_in(document, "Title") == ["Kallelse"]
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert facts == {
        "Datum": "10 december 2026",
        "Tid": "13.00",
        "Plats": "Landstingshuset, Falun",
        "Dnr": "RD26/00042",
    }
    assert paragraphs_in(document, "Punkt") == [
        "1. Mötets öppnande",
        "2. Beslut om TN-platser",
        "3. Övriga frågor",
    ]
    assert paragraphs_in(document, "Punktdetalj") == [
        "Föredragande: Länschefsnätverket",
        "Bilagor: Bilaga 1",
    ]


def test_a_notice_without_items_or_place_says_so(vfr):
    meeting = make_meeting(vfr, D(2026, 12, 10), status=Meeting.Status.PLANNED)
    document = read(notice_docx(meeting, []))
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert facts == {"Datum": "10 december 2026", "Plats": "Meddelas senare"}
    assert "Dagordningen har inga punkter ännu." in paragraphs_in(document, "Body Text")
    assert "Dnr" not in header_text(document)


def test_a_template_restyled_by_staff_is_used_instead_of_the_projects(demo, settings, tmp_path):
    """Staff copy a template to WORD_TEMPLATE_DIR, change its styles in Word, and the
    documents follow with no change to the code."""
    restyled = read((WORD_DIR / "minnesanteckningar.docx").read_bytes())
    restyled.styles["Att-sats"].font.name = "Garamond"
    restyled.save(tmp_path / "minnesanteckningar.docx")
    settings.WORD_TEMPLATE_DIR = str(tmp_path)
    document = read(minutes_docx(vfr_meeting()))
    clauses = [p for p in document.paragraphs if p.style.name == "Att-sats"]
    assert clauses and document.styles["Att-sats"].font.name == "Garamond"
    settings.WORD_TEMPLATE_DIR = str(tmp_path / "empty")
    assert read(minutes_docx(vfr_meeting())).styles["Att-sats"].font.name != "Garamond"
