"""Work of agendas for the background worker: the notice sent to the forum's members."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from agendas import notice
from council.mail import Attachment, queue_email
from council.models import EmailKind
from meetings.models import Meeting
from meetings.notifications import forum_people, meeting_title


@task()
def email_notice(meeting_id: int, version: int) -> int:
    """E-mail the notice, with its PDF and an iCalendar invitation, to each member.

    ``version`` is the meeting's when the notice was marked sent: the key of each message
    carries it, so this task run twice sends once, and a notice sent again sends again.
    """
    meeting = Meeting.objects.select_related("forum").filter(pk=meeting_id).first()
    if meeting is None or meeting.status != Meeting.Status.AGENDA_SENT:
        return 0
    people = [p for p in forum_people(meeting) if p.wants(EmailKind.NOTICE)]
    if not people:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        items = notice.notice_items(meeting)
        attachments = [
            Attachment(
                notice.filename(meeting, "pdf"), notice.pdf_bytes(meeting, items), "application/pdf"
            ),
            Attachment(
                notice.filename(meeting, "ics"), notice.ics_bytes(meeting, items), "text/calendar"
            ),
        ]
        title = meeting_title(meeting)
        count = 0
        for person in people:
            body = render_to_string(
                "agendas/email/notice.txt",
                {
                    "person": person,
                    "meeting": meeting,
                    "items": items,
                    "title": title,
                    "time": notice.time_range(meeting),
                },
            )
            queued = queue_email(
                kind=EmailKind.NOTICE,
                key=f"notice:{meeting.pk}:{version}:{person.pk}",
                person=person,
                recipient=person.email_address,
                subject=_("Notice: %(meeting)s") % {"meeting": title},
                body=body,
                attachments=attachments,
            )
            count += queued is not None
    return count
