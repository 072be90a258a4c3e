"""Work for the background worker (Django's tasks API; `manage.py db_worker` runs it).

Tasks take plain ids and look everything up themselves, so that one enqueued twice, or
run again after a crash, does no harm: each decides from the database what is left to do.
"""

from django_tasks import task

from council import mail


@task()
def send_email(message_id: int) -> str:
    """Send one message from the outbox."""
    return mail.deliver(message_id)
