"""Reactions to what the minutes record: followers are told when minutes are published.

The minutes' service sends ``minutes_published`` itself when it publishes (no save
signal), as it does for the recommendations; meetings cannot import feeds, which sits
above it. The e-mails are written by the worker once the publishing has committed.
"""

import logging

from django.db import transaction

from meetings.models import Meeting
from meetings.signals import minutes_published

logger = logging.getLogger(__name__)


def tell_followers(sender, *, meeting: Meeting, **kwargs) -> None:
    from .tasks import notify_followers

    def enqueue() -> None:
        try:
            notify_followers.enqueue(meeting.pk)
        except Exception:  # the queue's own errors differ per backend (database, Redis)
            logger.exception("Could not ask the worker to tell the followers of %s", meeting.pk)

    transaction.on_commit(enqueue)


def connect() -> None:
    minutes_published.connect(tell_followers, dispatch_uid="feeds.tell_followers")
