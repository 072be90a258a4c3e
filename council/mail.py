"""E-mail through the outbox: decided in a transaction, sent by the background worker.

A message is written to the outbox in the same transaction as the change it reports, and
the worker is asked to send it once that transaction has committed. Sending claims the
message first (queued → sending), so two workers, or one task run twice, never send it
twice; a mail server that fails puts it back in the queue for a later attempt.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from council.models import OutboxAttachment, OutboxMessage, Person

logger = logging.getLogger(__name__)

# Mail servers answer 4xx for "try again later"; anything else that breaks a
# connection is worth another attempt too. Only a permanent refusal of the recipient
# (5xx) ends the attempts at once.
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused,)
MAX_DELAY = datetime.timedelta(hours=6)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's address and the path."""
    return settings.SITE_URL + path


def queue_email(
    *,
    kind: str,
    key: str,
    recipient: str,
    subject: str,
    body: str,
    person: Person | None = None,
    attachments: tuple[Attachment, ...] | list[Attachment] = (),
) -> OutboxMessage | None:
    """Put one e-mail in the outbox, unless the same action already put it there.

    Returns the new message, or None when ``key`` was used before: asking twice for the
    same e-mail (a double click, a task run again) sends it once.
    """
    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(
            key=key[:200],
            defaults={
                "kind": kind,
                "person": person,
                "recipient": recipient,
                "subject": " ".join(subject.split())[:300],
                "body": body,
            },
        )
        if not created:
            return None
        OutboxAttachment.objects.bulk_create(
            OutboxAttachment(
                message=message, filename=a.filename, mimetype=a.mimetype, content=a.content
            )
            for a in attachments
        )
    transaction.on_commit(lambda: request_delivery(message.pk))
    return message


def request_delivery(message_id: int, *, at: datetime.datetime | None = None) -> None:
    """Ask the worker to send the message (at a given time). A queue that cannot be
    reached leaves the message in the outbox: `manage.py send_outbox` asks again."""
    from council.tasks import send_email

    task = send_email.using(run_after=at) if at else send_email
    try:
        task.enqueue(message_id)
    except Exception:  # the queue's own errors differ per backend (database, Redis)
        logger.exception("Could not ask the worker to send e-mail %s", message_id)


def retry_delay(attempts: int) -> datetime.timedelta:
    delay = datetime.timedelta(seconds=settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0))
    return min(delay, MAX_DELAY)


def deliver(message_id: int) -> str:
    """Send one message if it is due and nobody else is sending it; returns its state."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id, state=OutboxMessage.State.QUEUED, next_attempt_at__lte=now
    ).update(state=OutboxMessage.State.SENDING, attempts=F("attempts") + 1)
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None:
        return "missing"
    if not claimed:
        return message.state
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
    )
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    try:
        email.send()
    except Exception as error:  # noqa: BLE001 - every failure is recorded and retried
        return _failed(message, error)
    message.state = OutboxMessage.State.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["state", "sent_at", "last_error"])
    return message.state


def _failed(message: OutboxMessage, error: Exception) -> str:
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    final = isinstance(error, PERMANENT_ERRORS) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    if final:
        message.state = OutboxMessage.State.FAILED
    else:
        message.state = OutboxMessage.State.QUEUED
        message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
    message.save(update_fields=["state", "last_error", "next_attempt_at"])
    logger.warning("E-mail %s to %s failed: %s", message.pk, message.recipient, error)
    if not final:
        request_delivery(message.pk, at=message.next_attempt_at)
    return message.state


def send_again(*, message: OutboxMessage) -> bool:
    """An administrator asks for a failed message, or one whose sending was interrupted,
    to be sent again. Returns False when the message was sent or is waiting already."""
    requeued = OutboxMessage.objects.filter(
        pk=message.pk,
        state__in=[OutboxMessage.State.FAILED, OutboxMessage.State.SENDING],
    ).update(state=OutboxMessage.State.QUEUED, next_attempt_at=timezone.now())
    if requeued:
        transaction.on_commit(lambda: request_delivery(message.pk))
    return bool(requeued)


def request_due() -> int:
    """Ask the worker again for every queued message that is due (after the queue was
    unreachable, or a worker's queue was cleared). Claiming keeps each sent once."""
    due = list(
        OutboxMessage.objects.filter(
            state=OutboxMessage.State.QUEUED, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)
    )
    for pk in due:
        request_delivery(pk)
    return len(due)
