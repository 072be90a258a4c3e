"""The outbox: every e-mail is kept, sent once by the worker, and retried when the server fails."""

import time

import pytest
from django.core import mail as django_mail

from council import mail
from council.models import OutboxMessage
from council.tasks import send_email


def queue(key: str = "test:1", **fields) -> OutboxMessage | None:
    values = {
        "kind": "notice",
        "key": key,
        "recipient": "kim@example.se",
        "subject": "Kallelse",
        "body": "Välkommen.",
    }
    values.update(fields)
    return mail.queue_email(**values)


def test_the_same_key_twice_queues_one_message(db):
    first = queue()
    second = queue()
    assert first is not None and second is None
    assert OutboxMessage.objects.count() == 1


def test_delivering_twice_sends_once(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = queue(
        attachments=[mail.Attachment("kallelse.ics", b"BEGIN:VCALENDAR", "text/calendar")]
    )
    assert mail.deliver(message.pk) == "sent"
    assert mail.deliver(message.pk) == "sent"
    assert len(django_mail.outbox) == 1
    sent = django_mail.outbox[0]
    assert sent.to == ["kim@example.se"] and sent.subject == "Kallelse"
    assert sent.attachments[0][0] == "kallelse.ics"
    message.refresh_from_db()
    assert message.state == "sent" and message.attempts == 1 and message.sent_at


def test_a_failing_server_leaves_the_message_queued_for_later(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    settings.OUTBOX_MAX_ATTEMPTS = 2
    message = queue()
    assert mail.deliver(message.pk) == "queued"
    message.refresh_from_db()
    assert (
        message.attempts == 1
        and message.last_error
        and message.next_attempt_at > message.created_at
    )
    # Not due yet: a second run does nothing.
    assert mail.deliver(message.pk) == "queued"
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    assert mail.deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert message.attempts == 2
    # An administrator can send it again; nothing was lost.
    assert mail.send_again(message=message)
    message.refresh_from_db()
    assert message.state == "queued"


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_through_a_real_smtp_server(smtp_server, start_worker):
    start_worker(smtp_server.port)
    queue(
        subject="Protokoll att justera",
        attachments=[mail.Attachment("a.pdf", b"%PDF-1.4", "application/pdf")],
    )
    [received] = smtp_server.wait_for(1)
    assert received["Subject"].strip() == "Protokoll att justera"
    assert received.envelope_to == ["kim@example.se"]
    # The server has the message before the worker has written down that it was sent.
    deadline = time.monotonic() + 10
    while OutboxMessage.objects.get().state != "sent" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert OutboxMessage.objects.get().state == "sent"


@pytest.mark.django_db(transaction=True)
def test_smtp_down_then_up_sends_once_later(smtp_server, start_worker):
    smtp_server.stop()  # the server is down when the message is queued and first tried
    start_worker(smtp_server.port)
    message = queue()
    # The first attempt is over once its error is written down ("sending" is the attempt
    # itself, counted as it begins).
    for _ in range(200):
        message.refresh_from_db()
        if message.attempts >= 1 and message.last_error and message.state != "sending":
            break
        time.sleep(0.1)
    assert message.state == "queued" and message.attempts >= 1 and message.last_error
    smtp_server.start()
    [received] = smtp_server.wait_for(1)
    assert received["Subject"].strip() == "Kallelse"
    time.sleep(1.5)  # a second delivery would have arrived by now
    assert len(smtp_server.messages) == 1
    message.refresh_from_db()
    assert message.state == "sent" and message.attempts >= 2


def test_the_task_runs_the_delivery(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = queue()
    assert send_email.call(message.pk) == "sent"
    assert len(django_mail.outbox) == 1
