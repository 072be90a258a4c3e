"""A member's visits to the start page, which lists what has changed since the last one.

The person's ``last_visit_at`` is when they last opened the start page, on any device;
each opening moves it on. A visit is a sitting: openings less than VISIT_GAP apart are
one visit, on one device or several, and within it the start page keeps listing what
changed since the visit before (``previous_visit_at``), however often it is opened.
Both are kept on the person, so that the page writes one row, and no session, per
opening.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User

from council.models import Person

VISIT_GAP = datetime.timedelta(hours=4)


@dataclass(frozen=True)
class Visitor:
    person_id: int
    last_visit_at: datetime.datetime | None
    previous_visit_at: datetime.datetime | None

    def since(self, now: datetime.datetime) -> datetime.datetime | None:
        """When the visit before the one ``now`` belongs to ended: what the start page
        lists changes since. None for a first visit."""
        last = self.last_visit_at
        if last is not None and now - last < VISIT_GAP:
            return self.previous_visit_at  # the same visit
        return last  # a new visit: the last opening of the page ended the one before


def visitor(user: User | AnonymousUser) -> Visitor | None:
    """The logged-in user's person and their visits, from one query; None for a
    visitor, or an account that is no person of the register."""
    if not user.is_authenticated:
        return None
    found = (
        Person.objects.filter(user=user)
        .values_list("pk", "last_visit_at", "previous_visit_at")
        .first()
    )
    return Visitor(*found) if found else None


def record_visit(visitor: Visitor, now: datetime.datetime) -> None:
    """Move the person's last visit on to ``now``, and keep when the visit before this
    one ended (one query, no history: a visit is no change to the person's record)."""
    Person.objects.filter(pk=visitor.person_id).update(
        last_visit_at=now, previous_visit_at=visitor.since(now)
    )
