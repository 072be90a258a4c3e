"""The minutes, the extract and the notice as tagged PDF (PDF/UA-1): a screen reader finds
their headings, paragraphs and tables, reads them in Swedish and announces their title
(WCAG 2.1 AA, EN 301 549)."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from meetings.models import Meeting
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date
# Long enough to run onto a second page, where the running head and the page numbers of
# the page margins are drawn too.
DISCUSSION = "Rådet diskuterade handlingsplanen och hur den ska följas upp. " * 60


@pytest.fixture
def meeting(vfr):
    meeting = make_meeting(vfr, D(2020, 3, 11), place="Borlänge")
    make_decision(make_item(meeting, "1", "Öppnande"), "att öppna mötet.")
    item = make_item(meeting, "2", "Handlingsplan för äldreomsorg", discussion=DISCUSSION)
    make_decision(item, "att godkänna handlingsplanen.")
    make_item(meeting, "2a", "Uppföljning")
    return meeting


def tagged_pdf(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def structure(pdf: PdfReader) -> list[str]:
    """The structure types of the logical tree in reading order, the way assistive
    technology walks it (without the root's /Document)."""
    types = []

    def walk(element):
        for kid in element.get("/K", []) if isinstance(element.get("/K"), list) else []:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and kid.get("/Type") == "/StructElem":
                types.append(kid["/S"])
                walk(kid)

    root = pdf.trailer["/Root"]["/StructTreeRoot"]
    (document,) = root["/K"]
    assert document.get_object()["/S"] == "/Document"
    walk(document.get_object())
    return types


def assert_tagged(pdf: PdfReader, title: str) -> list[str]:
    catalog = pdf.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert str(catalog["/Lang"]).startswith("sv")
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert pdf.metadata.title == title
    xmp = pdf.xmp_metadata
    assert xmp.dc_title == {"x-default": title}
    assert 'pdfuaid:part="1"' in xmp.stream.get_data().decode()
    # Every page's marked content is mapped to the tree, margin boxes included.
    assert all("/StructParents" in page for page in pdf.pages)
    return structure(pdf)


def assert_headings_in_order(types: list[str]) -> None:
    levels = [int(t[2:]) for t in types if t in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")]
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def test_the_minutes_pdf_is_tagged_in_swedish_under_its_title(meeting, client):
    pdf = tagged_pdf(client.get(reverse("meeting_pdf", args=[meeting.pk])))
    assert len(pdf.pages) >= 2
    types = assert_tagged(pdf, "Minnesanteckningar Välfärdsrådet 2020-03-11")
    assert types.count("/H2") == 3
    assert_headings_in_order(types)
    assert {"/P", "/Table", "/TH", "/TD"} <= set(types)


def test_the_extract_pdf_is_titled_as_an_extract_of_its_item(meeting, client):
    item = meeting.items.get(number="2")
    pdf = tagged_pdf(client.get(reverse("item_extract_pdf", args=[meeting.pk, item.pk])))
    types = assert_tagged(pdf, "Utdrag ur minnesanteckningar Välfärdsrådet 2020-03-11, punkt 2")
    assert types.count("/H2") == 1
    assert_headings_in_order(types)
    assert {"/P", "/Table", "/TH"} <= set(types)


def test_the_notice_pdf_is_tagged_in_swedish_under_its_title(vfr, administrator, client):
    meeting = make_meeting(vfr, D(2026, 12, 10), status=Meeting.Status.PLANNED)
    make_item(meeting, "1", "Öppnande")
    make_item(meeting, "2", "Handlingsplan för äldreomsorg")
    client.force_login(administrator)
    pdf = tagged_pdf(client.get(reverse("notice_pdf", args=[meeting.pk])))
    types = assert_tagged(pdf, "Kallelse Välfärdsrådet 2026-12-10")
    assert_headings_in_order(types)
    assert {"/H2", "/P", "/L", "/LI"} <= set(types)
