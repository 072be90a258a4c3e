"""What the register knows is pending for a forum: the reads behind a generated agenda.

Each function is one query, whatever the size of the register, so that drafting an
agenda costs the same at a thousand decisions as at a hundred thousand.
"""

import datetime

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from agreements.models import Agreement, PrincipalDecision
from council.models import Forum, Principal, StandingItem
from meetings.models import AgendaItem, Assignment, Case, Decision, Meeting

UPCOMING = [Meeting.Status.PLANNED, Meeting.Status.AGENDA_SENT]


def meetings_around(forum: Forum, meeting_date: datetime.date) -> list[dict]:
    """The forum's meetings on or after the date and its upcoming ones, one row per item.

    One query answers three questions: was the forum already held on or after the
    date, is there a planned meeting on the date to complete, and what do the other
    upcoming meetings already carry.
    """
    return list(
        Meeting.objects.filter(forum=forum)
        .filter(Q(date__gte=meeting_date) | Q(status__in=UPCOMING))
        .order_by("date", "id")
        .values("id", "date", "status", "items__proposal_key")
    )


def last_held_date(forum: Forum) -> datetime.date | None:
    meeting = Meeting.objects.held().filter(forum=forum).order_by("-date").only("date").first()
    return meeting.date if meeting else None


def waiting_decisions(forum: Forum, before: datetime.date) -> list[Decision]:
    """Referrals and recommendations sent to the forum before the date, not yet answered."""
    return list(
        Decision.objects.waiting_for(forum)
        .filter(item__meeting__date__lt=before)
        .exclude(item__meeting__status__in=UPCOMING)
        .select_related("item__meeting__forum")
        .defer("item__discussion")
        .in_minutes_order()
    )


def assignments_due(forum: Forum, on_or_before: datetime.date) -> list[Assignment]:
    """Open assignments that are to report to the forum by the date."""
    return list(
        Assignment.objects.due_to_report_to(forum, on_or_before)
        .filter(decision__item__meeting__date__lt=on_or_before)
        .select_related(
            "assignee_forum",
            "assignee_principal",
            "decision__item__meeting__forum",
        )
        .defer("decision__text", "decision__item__discussion")
        .order_by("due_date", "decision__item__meeting__date", "id")
    )


def returning_items(previous: Meeting, exclude_meeting_id: int | None) -> list[AgendaItem]:
    """Items tabled at the previous meeting, and withdrawn ones whose case is still open.

    A withdrawn item without an open case was simply dropped ("Ärendet utgår"); one
    whose matter is still open is to come back. Items that already returned on
    another meeting's agenda are not proposed again.
    """
    tabled = Q(outcome=AgendaItem.Outcome.TABLED) | Q(decisions__kind=Decision.Kind.TABLED)
    withdrawn = Q(outcome=AgendaItem.Outcome.WITHDRAWN, case__status=Case.Status.OPEN)
    returned = AgendaItem.objects.filter(source_item=OuterRef("pk"))
    if exclude_meeting_id is not None:
        returned = returned.exclude(meeting_id=exclude_meeting_id)
    return list(
        AgendaItem.objects.filter(meeting=previous)
        .filter(tabled | withdrawn)
        .exclude(Exists(returned))
        .select_related("case")
        .distinct()
        .order_by("position", "id")
    )


def standing_items(forum: Forum) -> list[StandingItem]:
    return list(forum.standing_items.select_related("responsible").order_by("position", "id"))


def agreements_for(forum: Forum) -> list[Agreement]:
    """Agreements the forum is responsible for or follows up, still in preparation or force."""
    return list(
        Agreement.objects.filter(Q(responsible_forum=forum) | Q(follow_up_forum=forum))
        .exclude(status__in=[Agreement.Status.ENDED, Agreement.Status.REPLACED])
        .order_by("short_name")
    )


class _Count(Func):
    function = "COUNT"
    template = "%(function)s(*)"
    output_field = IntegerField()


def incomplete_adoptions(forum: Forum, before: datetime.date) -> list[Decision]:
    """The forum's recommendations to the principals that not every principal has decided.

    Only recommendations whose adoption is being followed (at least one principal's
    decision recorded or opened) are counted, so that old recommendations from before
    the register followed adoptions do not fill every agenda. The counts are correlated
    subqueries rather than a GROUP BY, which would sort every joined row.
    """
    adoptions = PrincipalDecision.objects.filter(recommendation=OuterRef("pk")).order_by()
    decided = (
        adoptions.exclude(status=PrincipalDecision.Status.PENDING)
        .values("recommendation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    principals = Subquery(
        Principal.objects.order_by().annotate(n=_Count()).values("n")[:1],
        output_field=IntegerField(),
    )
    return list(
        Decision.objects.for_adoption()
        .filter(item__meeting__forum=forum, item__meeting__date__lt=before)
        .exclude(item__meeting__status__in=UPCOMING)
        .filter(Exists(adoptions))
        .annotate(
            decided=Coalesce(Subquery(decided, output_field=IntegerField()), 0),
            expected=principals,
        )
        .filter(decided__lt=F("expected"))
        .select_related("item__meeting")
        .only(
            "pk",
            "position",
            "item__id",
            "item__number",
            "item__title",
            "item__position",
            "item__case_id",
            "item__meeting__id",
            "item__meeting__date",
        )
        .order_by("item__meeting__date", "item__position", "position")
    )
