"""Who may open a meeting: the rules the pages, prints, Word files and attachments share.

Published minutes are public and drafts are their editors' (``visible_meetings_q``). The
people chosen to approve the minutes (justerare) see more, by the meeting's status, and
this is the one place that says how much.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from council.permissions import Reader, is_administrator
from meetings.models import Meeting, visible_meetings_q

# A justerare reads the minutes (the page, the print, the Word file) while asked to approve.
JUSTERARE_READS = {Meeting.Status.IN_REVIEW}
# ... and follows them on the workflow page until they are published.
JUSTERARE_FOLLOWS = {Meeting.Status.IN_REVIEW, Meeting.Status.APPROVED}
# The attachments of a meeting a justerare was chosen for open in every status.


def chosen_as_justerare(user: User, meeting_field: str = "pk") -> Exists:
    """True where ``user`` is a justerare of the meeting named by ``meeting_field``."""
    return Exists(
        Meeting.justerare.through.objects.filter(meeting=OuterRef(meeting_field), person__user=user)
    )


def readable_meetings_q(user: Reader) -> Q:
    """The meetings whose minutes ``user`` may read, as a filter on Meeting."""
    readable = visible_meetings_q(user)
    # An empty Q means every meeting; OR-ing it would narrow it to the other operand.
    if isinstance(user, User) and readable:
        readable |= Q(Q(status__in=JUSTERARE_READS), chosen_as_justerare(user))
    return readable


def follows_review(meeting: Meeting, is_justerare: bool) -> bool:
    """Whether a justerare (``is_justerare``) still follows the minutes' approval."""
    return is_justerare and meeting.status in JUSTERARE_FOLLOWS


def visible_meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    """The meeting if the user may read it; minutes in justering also to their justerare."""
    meeting = (
        Meeting.objects.filter(readable_meetings_q(request.user))
        .select_related("forum", "chair")
        .with_forum_name()
        .filter(pk=pk)
    )
    return get_object_or_404(meeting)


def notice_readable(user: User | AnonymousUser, meeting: Meeting) -> bool:
    """The notice is the administrators' while they draft it; once it is sent, whoever
    may read the meeting, or was sent the notice (a member of the forum), reads it."""
    if is_administrator(user):
        return True
    if meeting.notice_sent_at is None:
        return False
    return Meeting.objects.listed_for(user).filter(pk=meeting.pk).exists()
