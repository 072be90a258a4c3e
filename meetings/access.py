"""Who may open a meeting: the one rule the pages, prints and Word files share."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from council.permissions import is_administrator
from meetings.models import Meeting, visible_meetings_q


def visible_meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    """The meeting if the user may read it; minutes in justering also to their justerare."""
    readable = visible_meetings_q(request.user)
    # An empty Q means every meeting; OR-ing it would narrow it to the other operand.
    if request.user.is_authenticated and readable:
        chosen = Meeting.justerare.through.objects.filter(
            meeting=OuterRef("pk"), person__user=request.user
        )
        readable |= Q(status=Meeting.Status.IN_REVIEW) & Exists(chosen)
    meeting = (
        Meeting.objects.filter(readable)
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
