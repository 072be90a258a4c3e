"""The minutes and an item's extract as Word documents, for those who may read them."""

from django.http import HttpRequest, HttpResponse

from council.pdf import docx_response
from meetings.access import visible_meeting_or_404
from meetings.print_views import extract_filename, extract_item, minutes_filename
from meetings.word import extract_docx, minutes_docx


def meeting_docx(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting_or_404(request, pk)
    name = minutes_filename(meeting).removesuffix(".pdf") + ".docx"
    return docx_response(minutes_docx(meeting), name)


def item_extract_docx(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = extract_item(request, pk, item_pk)
    name = extract_filename(item).removesuffix(".pdf") + ".docx"
    return docx_response(extract_docx(item), name)
