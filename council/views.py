from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from council.models import Forum
from meetings.models import Meeting

LATEST_PER_FORUM = 5


def home(request: HttpRequest) -> HttpResponse:
    """The latest meetings of each forum that has any."""
    meetings = Meeting.objects.order_by("-date", "-start_time")
    if not request.user.is_staff:
        # Minutes not yet published are internal to those who edit them.
        meetings = meetings.published()
    forums = (
        Forum.objects.filter(active=True)
        .filter(Exists(meetings.filter(forum=OuterRef("pk"))))
        .prefetch_related(
            Prefetch("meetings", queryset=meetings[:LATEST_PER_FORUM], to_attr="latest")
        )
    )
    return render(request, "council/home.html", {"forums": forums})
