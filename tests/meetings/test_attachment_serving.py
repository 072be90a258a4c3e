"""Attachments as members open them: through a view that applies the meeting's
visibility, under production settings, never by their path under MEDIA_ROOT."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from agreements.models import PrincipalDecision
from agreements.services import open_adoptions
from meetings.models import Attachment, Case, Meeting
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date
PDF = b"%PDF-1.4\n% a small attachment\n"


@pytest.fixture(autouse=True)
def production(settings, tmp_path):
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENT_SERVING = "django"
    settings.SITE_URL = "https://register.example.se"


def attach(meeting, item, number="5", title="Handlingsplan för äldreomsorg", name="plan.pdf"):
    return Attachment.objects.create(
        meeting=meeting, item=item, number=number, title=title, file=ContentFile(PDF, name)
    )


@pytest.fixture
def published(vfr):
    meeting = make_meeting(vfr, D(2026, 3, 11), status=Meeting.Status.PUBLISHED)
    case = Case.objects.create(title="Handlingsplan för äldreomsorg")
    item = make_item(
        meeting,
        "4",
        "Handlingsplan",
        case=case,
        attachment_refs="Bilaga 5",
        discussion="Planen finns i bilaga 5 och bilaga 9.",
    )
    recommendation = make_decision(
        item, "att rekommendera kommunerna att anta planen enligt bilaga 5.", kind="recommended"
    )
    open_adoptions(recommendation=recommendation)
    return meeting, item, attach(meeting, item)


@pytest.fixture
def draft(vfr):
    meeting = make_meeting(vfr, D(2026, 11, 20), status=Meeting.Status.MINUTES_DRAFT)
    item = make_item(meeting, "3", "Utkastets ärende")
    return meeting, item, attach(meeting, item, "2", "Hemligt underlag", "underlag.pdf")


def download(client, attachment):
    return client.get(reverse("attachment_download", args=[attachment.pk]))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_published_attachment_opens_for_anyone_with_its_swedish_name(client, published):
    _meeting, _item, attachment = published
    response = download(client, attachment)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert body(response) == PDF
    # A PDF opens in the browser; its name says what it is, in Swedish, encoded for any browser.
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert "filename*=utf-8''Bilaga%205%20Handlingsplan%20f%C3%B6r%20%C3%A4ldreomsorg.pdf" in (
        disposition
    )


def test_a_word_attachment_is_downloaded_not_opened(client, published):
    meeting, item, _pdf = published
    word = Attachment.objects.create(
        meeting=meeting, item=item, number="6", title="Avtal", file=ContentFile(b"PK", "a.docx")
    )
    response = download(client, word)
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response["Content-Disposition"].startswith('attachment; filename="Bilaga 6 Avtal.docx"')


@pytest.mark.parametrize("who", ["anonymous", "member", "other_secretary"])
def test_a_drafts_attachment_is_not_found_by_those_who_may_not_read_the_draft(
    client, draft, who, member, schnv_secretary
):
    user = {"anonymous": None, "member": member, "other_secretary": schnv_secretary}[who]
    if user:
        client.force_login(user)
    response = download(client, draft[2])
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()
    assert PDF not in response.content


@pytest.mark.parametrize("who", ["secretary", "justerare", "administrator"])
def test_a_drafts_attachment_opens_for_its_secretary_justerare_and_administrators(
    client, draft, who, vfr_secretary, member, administrator
):
    meeting, _item, attachment = draft
    user = {"secretary": vfr_secretary, "justerare": member, "administrator": administrator}[who]
    if who == "justerare":
        meeting.justerare.add(member.person)
    client.force_login(user)
    response = download(client, attachment)
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Cache-Control"] == "private, no-store"


def test_the_papers_of_a_sent_notice_open_for_the_forums_members_until_the_meeting(
    client, vfr, lchnv, member
):
    meeting = make_meeting(lchnv, D(2026, 12, 10), status=Meeting.Status.AGENDA_SENT)
    attachment = attach(meeting, make_item(meeting, "2", "Underlag"), "1", "Underlag")
    other = make_meeting(vfr, D(2026, 12, 11), status=Meeting.Status.AGENDA_SENT)
    not_mine = attach(other, make_item(other, "2", "Underlag"), "1", "Underlag")
    client.force_login(member)  # a member of LCHNV, not of VFR
    assert download(client, attachment).status_code == 200
    assert download(client, not_mine).status_code == 404
    meeting.status = Meeting.Status.MINUTES_DRAFT
    meeting.save()
    assert download(client, attachment).status_code == 404


def test_no_file_under_media_root_is_reachable_by_its_path(client, published, draft):
    for attachment in (published[2], draft[2]):
        path = Path(attachment.file.path)
        assert path.is_file()
        assert client.get(f"/media/{attachment.file.name}").status_code == 404
    assert client.get("/media/").status_code == 404


def test_stored_names_cannot_be_guessed_from_the_meeting_or_the_upload(published, draft):
    names = [published[2].file.name, draft[2].file.name]
    for name in names:
        assert re.fullmatch(r"attachments/[0-9a-f]{32}\.pdf", name), name
        assert "VFR" not in name and "plan" not in name and "underlag" not in name
    assert len(set(names)) == 2


def test_a_missing_file_gives_a_swedish_404_not_an_error(client, published):
    attachment = published[2]
    Path(attachment.file.path).unlink()
    response = download(client, attachment)
    assert response.status_code == 404
    page = client.get(reverse("meeting_detail", args=[attachment.meeting_id]))
    assert page.status_code == 200


def test_nginx_or_apache_send_the_bytes_once_the_view_has_allowed_them(
    client, published, draft, settings
):
    settings.ATTACHMENT_SERVING = "nginx"
    settings.ATTACHMENT_ACCEL_PREFIX = "/skyddade-filer/"
    response = download(client, published[2])
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/skyddade-filer/" + published[2].file.name
    assert response.content == b""
    assert "Bilaga" in response["Content-Disposition"]
    assert download(client, draft[2]).status_code == 404
    settings.ATTACHMENT_SERVING = "sendfile"
    response = download(client, published[2])
    assert response["X-Sendfile"] == published[2].file.path


def links_to(html: str, attachment) -> list[str]:
    url = reverse("attachment_download", args=[attachment.pk])
    return re.findall(rf'<a href="[^"]*{re.escape(url)}">([^<]*)</a>', html)


def test_the_minutes_page_links_each_attachment_where_it_is_named(client, published):
    meeting, _item, attachment = published
    html = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    labels = links_to(html, attachment)
    # The item's list, the discussion ("bilaga 5") and the clause ("bilaga 5").
    assert "Bilaga 5: Handlingsplan för äldreomsorg" in labels
    assert labels.count("bilaga 5") == 2
    # Bilaga 9 is named but not attached: it stays text.
    assert "bilaga 9" in html and "bilaga 9</a>" not in html


def test_the_printed_minutes_and_the_pdf_list_the_attachments_with_links(client, published):
    meeting, _item, attachment = published
    html = client.get(reverse("meeting_print", args=[meeting.pk])).content.decode()
    absolute = "https://register.example.se" + attachment.get_absolute_url()
    assert f'<a href="{absolute}">Bilaga 5: Handlingsplan för äldreomsorg</a>' in html
    pdf = PdfReader(io.BytesIO(client.get(reverse("meeting_pdf", args=[meeting.pk])).content))
    uris = {
        annotation.get_object()["/A"]["/URI"]
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }
    assert absolute in uris
    assert "Bilaga 5: Handlingsplan för äldreomsorg" in "".join(p.extract_text() for p in pdf.pages)


def test_the_case_page_links_the_items_attachments(client, published):
    _meeting, item, attachment = published
    html = client.get(reverse("case_detail", args=[item.case_id])).content.decode()
    assert links_to(html, attachment) == ["Bilaga 5: Handlingsplan för äldreomsorg"]


def test_the_draft_attachment_is_not_linked_on_the_case_page(client, draft, published):
    meeting, item, attachment = draft
    item.case_id = published[1].case_id
    item.save()
    html = client.get(reverse("case_detail", args=[item.case_id])).content.decode()
    assert links_to(html, attachment) == []


def test_the_notice_links_the_papers(client, vfr, administrator):
    meeting = make_meeting(vfr, D(2026, 12, 10), status=Meeting.Status.PLANNED)
    attachment = attach(meeting, make_item(meeting, "2", "Underlag"), "1", "Budget")
    client.force_login(administrator)
    html = client.get(reverse("notice_page", args=[meeting.pk])).content.decode()
    absolute = "https://register.example.se" + attachment.get_absolute_url()
    assert f'<a href="{absolute}">Bilaga 1: Budget</a>' in html


def test_the_item_editor_links_the_attachments_through_the_view(client, draft, vfr_secretary):
    meeting, item, attachment = draft
    client.force_login(vfr_secretary)
    html = client.get(reverse("meeting_item_edit", args=[meeting.pk, item.pk])).content.decode()
    assert f'href="{attachment.get_absolute_url()}"' in html
    assert "/media/" not in html


def test_an_extract_is_one_click_from_the_item_and_the_adoption_pages(client, published):
    meeting, item, _attachment = published
    extract = reverse("item_extract_pdf", args=[meeting.pk, item.pk])
    html = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert f'href="{extract}"' in html
    recommendation = item.decisions.get()
    assert PrincipalDecision.objects.filter(recommendation=recommendation).exists()
    html = client.get(reverse("adoption_list", args=[recommendation.pk])).content.decode()
    assert f'href="{extract}"' in html
    assert f'href="{reverse("item_extract_docx", args=[meeting.pk, item.pk])}"' in html


def test_the_extract_pdf_holds_the_item_and_its_clauses_on_a4(client, published):
    meeting, item, _attachment = published
    response = client.get(reverse("item_extract_pdf", args=[meeting.pk, item.pk]))
    assert response.status_code == 200
    pdf = PdfReader(io.BytesIO(response.content))
    width, height = (float(v) for v in pdf.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Utdrag ur minnesanteckningar" in text
    assert "att rekommendera kommunerna att anta planen enligt bilaga 5." in text
    assert "Handlingsplan" in text


def test_an_extract_of_a_draft_is_not_found_by_members(client, draft, member):
    meeting, item, _attachment = draft
    client.force_login(member)
    for name in ("item_extract_pdf", "item_extract_docx"):
        assert client.get(reverse(name, args=[meeting.pk, item.pk])).status_code == 404


def test_an_extract_of_an_item_of_another_meeting_is_not_found(client, published, draft):
    meeting = published[0]
    other_item = draft[1]
    response = client.get(reverse("item_extract_pdf", args=[meeting.pk, other_item.pk]))
    assert response.status_code == 404


def test_the_extract_and_the_minutes_come_as_word_files_in_a4(client, published):
    from docx import Document
    from docx.shared import Cm

    meeting, item, _attachment = published
    html = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert f'href="{reverse("meeting_docx", args=[meeting.pk])}"' in html
    for url, title in (
        (
            reverse("item_extract_docx", args=[meeting.pk, item.pk]),
            "Utdrag ur minnesanteckningar Välfärdsrådet 2026-03-11 – Punkt 4",
        ),
        (reverse("meeting_docx", args=[meeting.pk]), "Minnesanteckningar Välfärdsrådet 2026-03-11"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        document = Document(io.BytesIO(response.content))
        section = document.sections[0]
        assert abs(section.page_width - Cm(21)) < Cm(0.1)
        assert abs(section.page_height - Cm(29.7)) < Cm(0.1)
        text = "\n".join(p.text for p in document.paragraphs)
        assert "att rekommendera kommunerna att anta planen enligt bilaga 5." in text
        assert document.core_properties.title == title


def test_the_word_minutes_link_the_attachments(client, published):
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    meeting, _item, attachment = published
    document = Document(io.BytesIO(client.get(reverse("meeting_docx", args=[meeting.pk])).content))
    targets = {rel.target_ref for rel in document.part.rels.values() if rel.reltype == RT.HYPERLINK}
    assert "https://register.example.se" + attachment.get_absolute_url() in targets
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Bilaga 5: Handlingsplan för äldreomsorg" in text
