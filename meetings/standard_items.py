"""The items every meeting of a forum opens and closes with, as the minutes write them.

Both a new meeting in the minutes form and a generated agenda start from these, so the
wording is the same wherever an item comes from. The titles are data in the language of
the minutes, not interface text.
"""

import datetime
from dataclasses import dataclass

from council.models import Forum

from .models import AgendaItem, Meeting


@dataclass(frozen=True)
class StandardItem:
    key: str
    title: str
    kind: str
    # The meeting whose minutes the item approves ("Föregående minnesanteckningar").
    refers_to: Meeting | None = None


def previous_meeting(forum: Forum, before: datetime.date) -> Meeting | None:
    """The forum's last held meeting before the date."""
    return (
        Meeting.objects.held()
        .filter(forum=forum, date__lt=before)
        .order_by("-date", "-start_time", "-id")
        .first()
    )


def opening_items(forum: Forum, meeting_date: datetime.date) -> list[StandardItem]:
    procedural = AgendaItem.Kind.PROCEDURAL
    items = [
        StandardItem("opening", "Mötets öppnande", procedural),
        StandardItem("agenda", "Godkännande av dagordning", procedural),
    ]
    if forum.chooses_justerare:
        items.append(StandardItem("justerare", "Val av justerare", procedural))
    previous = previous_meeting(forum, meeting_date)
    if previous is not None:
        items.append(
            StandardItem(
                "previous_minutes",
                f"Föregående minnesanteckningar {previous.short_date}",
                procedural,
                refers_to=previous,
            )
        )
    return items


def closing_items() -> list[StandardItem]:
    return [
        StandardItem("other_business", "Övriga frågor", AgendaItem.Kind.OTHER_BUSINESS),
        StandardItem("closing", "Mötets avslutande", AgendaItem.Kind.PROCEDURAL),
    ]
