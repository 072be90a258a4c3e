"""Attachments (bilagor) as members open them: through a view that asks who may read the
meeting, never by their path under MEDIA_ROOT.

Published minutes are public documents, and so are their attachments. Until then a
meeting's attachments are read by those who keep its minutes (the forum's secretaries and
the administrators), by its justerare, and, while the notice is out and the meeting not yet
held, by the forum's members the notice was sent to (the papers for the meeting).
"""

from urllib.parse import quote

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from council.models import Membership
from meetings.access import chosen_as_justerare
from meetings.models import Attachment, Meeting, visible_meetings_q

# What each stored extension is sent as; browsers open the first group in place.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
KIND_NAMES = {
    "pdf": "PDF",
    "png": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "gif": "GIF",
    "webp": "WebP",
    "docx": "Word",
    "xlsx": "Excel",
    "pptx": "PowerPoint",
}
OPENED_IN_PLACE = {"pdf", "png", "jpg", "jpeg", "gif", "webp"}


def number_key(number: str) -> tuple:
    """Bilaga 2 before Bilaga 10, and B1 after the plain numbers."""
    digits = "".join(c for c in number if c.isdigit())
    return (not number[:1].isdigit(), int(digits or 0), number)


def number_order(attachment: Attachment) -> tuple:
    return number_key(attachment.number)


def meeting_attachments(meeting: Meeting, items=()) -> list[Attachment]:
    """The meeting's attachments in number order (one query), each of ``items`` given its
    own as ``item.attachment_list``."""
    attachments = sorted(meeting.attachments.all(), key=number_order)
    by_item: dict[int | None, list[Attachment]] = {}
    for attachment in attachments:
        by_item.setdefault(attachment.item_id, []).append(attachment)
        attachment.kind_label = KIND_NAMES.get(attachment.extension, attachment.extension.upper())
        try:
            attachment.bytes = attachment.file.size
        except (OSError, ValueError):  # missing on disk: listed, and the link says so
            attachment.bytes = None
    for item in items:
        item.attachment_list = by_item.get(item.pk, [])
    return attachments


def attachment_urls(attachments, base: str = "") -> dict[str, str]:
    """Each attachment's address by its number, for linking "Bilaga 5" in the minutes;
    ``base`` (the site's address) makes them absolute, for PDFs and e-mail."""
    return {a.number: base + a.get_absolute_url() for a in attachments}


def readable_attachments_q(user) -> Q:
    """The attachments this user may open, as a filter on Attachment."""
    readable = visible_meetings_q(user, "meeting__")
    if not user.is_authenticated or not readable:
        return readable
    member = Membership.objects.filter(
        forum=OuterRef("meeting__forum_id"), person__user=user, end_date__isnull=True
    )
    return (
        readable
        | chosen_as_justerare(user, "meeting_id")
        | (Q(meeting__status=Meeting.Status.AGENDA_SENT) & Exists(member))
    )


@require_safe
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(
        Attachment.objects.filter(readable_attachments_q(request.user)).select_related("meeting"),
        pk=pk,
    )
    if not attachment.file or not attachment.file.storage.exists(attachment.file.name):
        raise Http404(_("The attachment's file is missing. Tell the forum's secretary."))
    extension = attachment.extension
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    in_place = extension in OPENED_IN_PLACE
    name = attachment.download_name()
    mode = settings.ATTACHMENT_SERVING
    if mode == "django":
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=not in_place,
            filename=name,
            content_type=content_type,
        )
    else:
        # The web server sends the bytes; Django has decided who may have them.
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(not in_place, name)
        if mode == "nginx":
            response["X-Accel-Redirect"] = quote(
                settings.ATTACHMENT_ACCEL_PREFIX + attachment.file.name
            )
        else:
            response["X-Sendfile"] = attachment.file.path
    if attachment.meeting.status != Meeting.Status.PUBLISHED:
        response["Cache-Control"] = "private, no-store"
    return response
