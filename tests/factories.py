"""Small builders for hand-made scenarios."""

import datetime

from council.models import Forum
from meetings.models import AgendaItem, Decision, Meeting


def make_meeting(forum: Forum, date: datetime.date, **fields) -> Meeting:
    fields.setdefault("status", Meeting.Status.PUBLISHED)
    return Meeting.objects.create(forum=forum, date=date, **fields)


def make_item(meeting: Meeting, number: str = "1", title: str = "Ärende", **fields) -> AgendaItem:
    fields.setdefault("position", int("".join(c for c in number if c.isdigit())))
    return AgendaItem.objects.create(meeting=meeting, number=number, title=title, **fields)


def make_decision(item: AgendaItem, text: str = "att godkänna.", **fields) -> Decision:
    fields.setdefault("position", item.decisions.count() + 1)
    fields.setdefault("kind", Decision.Kind.APPROVED)
    return Decision.objects.create(item=item, text=text, **fields)
