"""A recommendation published: each principal's representatives are told what their
principal is asked to adopt, with the extract of the item and the link to record it."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from council.mail import Attachment, absolute_url, queue_email
from council.models import EmailKind, Person
from council.permissions import representatives_by_principal
from meetings.models import Decision, Meeting
from meetings.notifications import meeting_title
from meetings.print_views import extract_filename, extract_pdf


def recommendations_published(meeting: Meeting) -> None:
    """Ask the worker to send each recommendation of the minutes, once they are committed:
    the extract is a PDF, which takes the worker a moment to write."""
    from agreements.tasks import email_recommendation

    for pk in (
        Decision.objects.for_adoption().filter(item__meeting=meeting).values_list("pk", flat=True)
    ):
        transaction.on_commit(lambda pk=pk: email_recommendation.enqueue(pk))


def send_recommendation(recommendation: Decision) -> int:
    """Write the e-mails of one recommendation to the outbox; returns how many."""
    item = recommendation.item
    meeting = item.meeting
    adoptions = list(recommendation.principal_decisions.pending().select_related("principal"))
    people_of = representatives_by_principal([a.principal_id for a in adoptions])
    people = Person.objects.select_related("user").in_bulk(
        {pk for ids in people_of.values() for pk in ids}
    )
    if not people:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        pdf = Attachment(extract_filename(item), extract_pdf(item), "application/pdf")
        title = meeting_title(meeting)
        count = 0
        for adoption in adoptions:
            link = absolute_url(
                reverse("adoption_edit", args=[recommendation.pk, adoption.principal.slug])
            )
            for person_id in sorted(people_of.get(adoption.principal_id, ())):
                person = people[person_id]
                if not person.wants(EmailKind.RECOMMENDATION):
                    continue
                body = render_to_string(
                    "agreements/email/recommendation.txt",
                    {
                        "person": person,
                        "principal": adoption.principal,
                        "recommendation": recommendation,
                        "item": item,
                        "meeting": meeting,
                        "title": title,
                        "link": link,
                    },
                )
                queued = queue_email(
                    kind=EmailKind.RECOMMENDATION,
                    key=f"recommendation:{recommendation.pk}:{adoption.principal_id}:{person.pk}",
                    person=person,
                    recipient=person.email_address,
                    subject=_("%(forum)s recommends %(principal)s to adopt: %(title)s")
                    % {
                        "forum": meeting.forum.name,
                        "principal": adoption.principal.name,
                        "title": item.title,
                    },
                    body=body,
                    attachments=[pdf],
                )
                count += queued is not None
    return count
