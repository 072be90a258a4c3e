"""Calendars of meetings, following a matter, and the person's own pages for both."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from council.models import Forum, Membership, Person
from council.permissions import can_edit_meeting
from meetings.models import Meeting

from . import services
from .calendar import calendar_response, feed_meetings
from .models import Follow

# --- calendars -----------------------------------------------------------------------


@require_safe
def calendar_all(request: HttpRequest) -> HttpResponse:
    """Every announced meeting the reader may see (for a calendar program, which logs in
    as nobody: the meetings whose minutes are published)."""
    meetings = feed_meetings(Meeting.objects.visible_to(request.user))
    return calendar_response(
        request,
        meetings,
        name=_("Meetings of RSS Dalarna"),
        filename="rss-dalarna.ics",
        edits=lambda meeting: can_edit_meeting(request.user, meeting),
    )


@require_safe
def calendar_forum(request: HttpRequest, code: str) -> HttpResponse:
    forum = get_object_or_404(Forum, code__iexact=code)
    meetings = feed_meetings(Meeting.objects.visible_to(request.user).filter(forum=forum))
    return calendar_response(
        request,
        meetings,
        name=_("Meetings of %(forum)s") % {"forum": forum.name},
        filename=f"{forum.code.lower()}.ics",
        edits=lambda meeting: can_edit_meeting(request.user, meeting),
    )


@require_safe
def calendar_personal(request: HttpRequest, token: str) -> HttpResponse:
    """The announced meetings of the owner's forums: those whose notice was sent to
    them, and those whose minutes are published."""
    owner = services.calendar_owner(token)
    if owner is None:
        raise Http404
    person = owner.person
    user = person.user if person.user_id and person.user.is_active else None
    forums = Membership.objects.filter(person=person, end_date__isnull=True).values("forum")
    meetings = feed_meetings(Meeting.objects.filter(forum__in=forums))
    return calendar_response(
        request,
        meetings,
        name=_("My meetings – %(name)s") % {"name": person.name},
        filename="mina-moten.ics",
        edits=lambda meeting: user is not None and can_edit_meeting(user, meeting),
        private=True,
    )


def _own_person(request: HttpRequest) -> Person | None:
    return Person.objects.filter(user=request.user).first()


def _needs_person(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Give your name on your account page first."))
    return redirect("account")


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    person = _own_person(request)
    if person is None:
        return _needs_person(request)
    token = services.own_calendar(person=person)
    address = request.build_absolute_uri(
        reverse("calendar_personal", args=[services.calendar_token(token)])
    )
    forums = Forum.objects.filter(
        memberships__person=person, memberships__end_date__isnull=True
    ).distinct()
    return render(
        request,
        "feeds/my_calendar.html",
        {
            "address": address,
            "webcal": "webcal://" + address.split("://", 1)[1],
            "forums": forums,
            "all_address": request.build_absolute_uri(reverse("calendar_all")),
        },
    )


@require_POST
@login_required
def my_calendar_renew(request: HttpRequest) -> HttpResponse:
    person = _own_person(request)
    if person is None:
        return _needs_person(request)
    services.renew_calendar(person=person)
    messages.success(
        request,
        _(
            "Your calendar has a new address. The old one no longer works: "
            "subscribe again with the new one."
        ),
    )
    return redirect("my_calendar")


# --- following -----------------------------------------------------------------------


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@login_required
def follow(request: HttpRequest) -> HttpResponse:
    person = _own_person(request)
    if person is None:
        return _needs_person(request)
    kind = request.POST.get("kind", "")
    try:
        found, created = services.follow(
            person=person, kind=kind, target=request.POST.get("target", "")
        )
    except services.FollowError as error:
        messages.error(request, error.message)
        return redirect(_back(request, reverse("follow_list")))
    if created:
        messages.success(
            request,
            _(
                "You now follow %(what)s. You are sent an e-mail when a new decision on it "
                "is published."
            )
            % {"what": found.label},
        )
    else:
        messages.info(request, _("You already follow %(what)s.") % {"what": found.label})
    return redirect(_back(request, reverse("follow_list")))


@require_POST
@login_required
def unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    person = _own_person(request)
    gone = services.unfollow(person_id=person.pk, follow_id=pk) if person else None
    if gone is None:
        messages.info(request, _("You no longer follow that."))
    else:
        messages.success(request, _("You no longer follow %(what)s.") % {"what": gone.label})
    return redirect(_back(request, reverse("follow_list")))


@login_required
def follow_list(request: HttpRequest) -> HttpResponse:
    person = _own_person(request)
    if person is None:
        return _needs_person(request)
    follows = list(
        Follow.objects.filter(person=person).select_related("forum").order_by("kind", "label")
    )
    for found in follows:
        found.url = services.target_url(found)
    return render(request, "feeds/follow_list.html", {"follows": follows, "person": person})


def unfollow_signed(request: HttpRequest, token: str) -> HttpResponse:
    """Stop a follow from the link in an e-mail, without logging in. Opening the link
    asks (mail programs open links to check them); the button stops the follow."""
    read = services.read_unfollow_token(token)
    if read is None:
        return render(request, "feeds/unfollow.html", {"invalid": True}, status=400)
    person_id, follow_id = read
    found = Follow.objects.filter(pk=follow_id, person_id=person_id).first()
    if request.method == "POST":
        gone = services.unfollow(person_id=person_id, follow_id=follow_id)
        return render(request, "feeds/unfollow.html", {"done": True, "label": gone and gone.label})
    if request.method not in {"GET", "HEAD"}:
        return HttpResponse(status=405)
    return render(request, "feeds/unfollow.html", {"follow": found})
