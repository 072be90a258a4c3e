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


def item_form_data(meeting: Meeting, **fields) -> dict:
    """What the item editor posts for an item with no presenters, clauses or attachments;
    ``fields`` add to it or replace what is given."""
    return {
        "version": meeting.version,
        "number": "2",
        "title": "Ärende",
        "kind": "decision",
        "outcome": "handled",
        "presenters-TOTAL_FORMS": "0",
        "presenters-INITIAL_FORMS": "0",
        "decisions-TOTAL_FORMS": "0",
        "decisions-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        **fields,
    }


def recommendation_to_the_principals(meeting: Meeting) -> Decision:
    """A recommendation to the principals on ``meeting``'s first item with decisions, for
    a test that needs one: the demo's only recommendation is addressed to a forum."""
    item = meeting.items.exclude(decisions=None).order_by("position").first()
    assert item is not None
    return make_decision(
        item, "att rekommendera kommunerna och regionen att anta strategin.", kind="recommended"
    )
