"""A member's visits to the start page, which lists what has changed since the last one.

The person's ``last_visit_at`` is when they last opened the start page, on any device;
each opening moves it on. A visit is a sitting: openings less than VISIT_GAP apart are
one visit, and within it the start page keeps listing what changed since the visit
before (the session remembers that moment), however often it is opened again.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User

from council.models import Person

VISIT_GAP = datetime.timedelta(hours=4)
SESSION_KEY = "previous_visit"


@dataclass(frozen=True)
class Visitor:
    person_id: int
    last_visit_at: datetime.datetime | None


def visitor(user: User | AnonymousUser) -> Visitor | None:
    """The logged-in user's person and their last visit, from one query; None for a
    visitor, or an account that is no person of the register."""
    if not user.is_authenticated:
        return None
    found = Person.objects.filter(user=user).values_list("pk", "last_visit_at").first()
    return Visitor(*found) if found else None


def previous_visit(session, visitor: Visitor, now: datetime.datetime) -> datetime.datetime | None:
    """When the visit before this one was: what the start page lists changes since.
    None for a first visit."""
    last = visitor.last_visit_at
    if last is not None and now - last < VISIT_GAP and SESSION_KEY in session:
        stored = session[SESSION_KEY]
        return datetime.datetime.fromisoformat(stored) if stored else None
    # A new visit: the last opening of the start page is the visit before.
    session[SESSION_KEY] = last.isoformat() if last else ""
    return last


def record_visit(visitor: Visitor, now: datetime.datetime) -> None:
    """Move the person's last visit on to ``now`` (one query, no history: a visit is no
    change to the person's record)."""
    Person.objects.filter(pk=visitor.person_id).update(last_visit_at=now)
