"""Attachments' text is read for the search when they are stored, in the worker."""

import datetime
import io
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from meetings.models import Attachment, AttachmentText
from tests.factories import make_item, make_meeting

D = datetime.date


def docx(text: str) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def item(vfr, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_item(make_meeting(vfr, D(2024, 2, 1)), "4", "Rapporter")


@pytest.fixture
def immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def attach(item, data: bytes, name: str) -> Attachment:
    return Attachment.objects.create(
        meeting=item.meeting, item=item, number="1", title="Underlag", file=ContentFile(data, name)
    )


def hits(client, query: str) -> dict[str, int]:
    response = client.get(reverse("search"), {"q": query})
    return {g.kind: g.count for g in response.context["result"].groups if g.count}


def test_a_stored_file_is_read_and_found_and_read_again_when_replaced(
    client, item, immediate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attachment = attach(item, docx("Handlingsplan för snöröjning i länet"), "plan.docx")
    text = AttachmentText.objects.get(attachment=attachment)
    assert "snöröjning" in text.text and text.file_name == attachment.file.name
    assert hits(client, "snöröjningen") == {"attachment": 1}

    with django_capture_on_commit_callbacks(execute=True):
        attachment.file.save("ny.docx", ContentFile(docx("Reviderad plan för halkbekämpning")))
    text.refresh_from_db()
    assert text.file_name == attachment.file.name and "halkbekämpning" in text.text
    assert hits(client, "snöröjning") == {}
    assert hits(client, "halkbekämpning") == {"attachment": 1}


def test_a_kind_that_is_not_read_is_kept_with_the_reason(
    item, immediate, django_capture_on_commit_callbacks
):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="PNG")
    with django_capture_on_commit_callbacks(execute=True):
        attachment = attach(item, out.getvalue(), "bild.png")
    text = AttachmentText.objects.get(attachment=attachment)
    assert text.text == "" and "PDF" in text.error


def test_the_command_reads_what_the_worker_has_not(item):
    attachment = attach(item, docx("Budget för vinterväghållning"), "budget.docx")
    assert not AttachmentText.objects.filter(attachment=attachment).exists()  # no worker ran
    out = io.StringIO()
    call_command("extract_attachment_texts", stdout=out)
    assert "1 with text" in out.getvalue()
    assert "vinterväghållning" in AttachmentText.objects.get(attachment=attachment).text
    out = io.StringIO()
    call_command("extract_attachment_texts", stdout=out)
    assert "0 with text" in out.getvalue()


def test_the_worker_reads_an_attachment_once_it_is_stored(start_worker, vfr, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = make_item(make_meeting(vfr, D(2024, 2, 1)), "4", "Rapporter")
    attachment = attach(item, docx("Rapport om fjällräddning"), "rapport.docx")  # commits
    start_worker(MEDIA_ROOT=str(tmp_path))
    deadline = time.monotonic() + 60
    while not AttachmentText.objects.filter(attachment=attachment).exists():
        assert time.monotonic() < deadline, "the worker did not read the attachment"
        time.sleep(0.2)
    assert "fjällräddning" in AttachmentText.objects.get(attachment=attachment).text
