"""The e-mails of justering and publishing, written to the outbox for the worker to send.

Each message's key names the action and the recipient, so the same action repeated (a
double click, a retried request) sends each person one e-mail.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from council.mail import absolute_url, queue_email
from council.models import EmailKind, Person, Role

from .models import Meeting, MinutesReview


def meeting_title(meeting: Meeting) -> str:
    return f"{meeting.forum.name} {date_format(meeting.date, 'j F Y')}"


def forum_people(meeting: Meeting, *, roles=None):
    """The forum's current members (or those with the given roles), each person once."""
    memberships = {"memberships__forum": meeting.forum_id, "memberships__end_date__isnull": True}
    if roles:
        memberships["memberships__role__in"] = roles
    return Person.objects.filter(**memberships).select_related("user").distinct().order_by("name")


def _send(kind: str, key: str, person: Person, subject: str, template: str, context: dict) -> None:
    if not person.wants(kind):
        return
    body = render_to_string(template, {"person": person, **context})
    queue_email(
        kind=kind,
        key=key,
        person=person,
        recipient=person.email_address,
        subject=subject,
        body=body,
    )


def justering_requested(meeting: Meeting) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = meeting_title(meeting)
        link = absolute_url(reverse("meeting_workflow", args=[meeting.pk]))
        # Whom a justerare without a login writes to, and whether this is a new round.
        secretaries = list(forum_people(meeting, roles=[Role.SECRETARY]))
        again = meeting.reviews.exists()
        for person in meeting.justerare.select_related("user"):
            _send(
                EmailKind.JUSTERING_REQUESTED,
                f"justering-requested:{meeting.pk}:{meeting.version}:{person.pk}",
                person,
                (
                    _("Changed minutes to approve (justera) again: %(meeting)s")
                    if again
                    else _("Minutes to approve (justera): %(meeting)s")
                )
                % {"meeting": title},
                "meetings/email/justering_requested.txt",
                {
                    "meeting": meeting,
                    "title": title,
                    "link": link,
                    "secretaries": secretaries,
                    "again": again,
                },
            )


def review_recorded(meeting: Meeting, review: MinutesReview) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = meeting_title(meeting)
        if review.approved:
            subject = _("%(name)s approved the minutes of %(meeting)s")
        else:
            subject = _("%(name)s commented on the minutes of %(meeting)s")
        subject = subject % {"name": review.reviewer.name, "meeting": title}
        link = absolute_url(reverse("meeting_workflow", args=[meeting.pk]))
        for person in forum_people(meeting, roles=[Role.SECRETARY]):
            _send(
                EmailKind.JUSTERING_FEEDBACK,
                f"justering-feedback:{review.pk}:{person.pk}",
                person,
                subject,
                "meetings/email/review_recorded.txt",
                {"meeting": meeting, "title": title, "review": review, "link": link},
            )


def minutes_published(meeting: Meeting) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = meeting_title(meeting)
        link = absolute_url(reverse("meeting_detail", args=[meeting.pk]))
        for person in forum_people(meeting):
            _send(
                EmailKind.MINUTES_PUBLISHED,
                f"minutes-published:{meeting.pk}:{meeting.version}:{person.pk}",
                person,
                _("Minutes published: %(meeting)s") % {"meeting": title},
                "meetings/email/minutes_published.txt",
                {"meeting": meeting, "title": title, "link": link},
            )
