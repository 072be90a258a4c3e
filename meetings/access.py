"""Who may open a meeting: the one rule the pages, prints and Word files share."""

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

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
