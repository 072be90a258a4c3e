"""Pages for administrators: draft a forum's agenda, create the meeting, send the notice."""

from django.contrib import messages
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agendas import notice
from agendas.forms import AcceptForm, AgendaRequestForm
from agendas.services import (
    AgendaError,
    accept_agenda,
    default_meeting_date,
    generate_agenda,
    next_weekday,
    send_notice,
)
from council.models import Forum
from council.pdf import docx_response, pdf_response
from council.permissions import administrator_required, is_administrator, refusal
from meetings.access import notice_readable
from meetings.models import Meeting

UPCOMING = [Meeting.Status.PLANNED, Meeting.Status.AGENDA_SENT]


def meeting_edit_url(meeting: Meeting) -> str:
    """The meeting's editing page where it exists, else the meeting itself."""
    try:
        return reverse("meeting_edit", args=[meeting.pk])
    except NoReverseMatch:
        return reverse("meeting_detail", args=[meeting.pk])


@administrator_required
def agenda_start(request: HttpRequest) -> HttpResponse:
    if "forum" in request.GET:
        data = request.GET.copy()
        data.setdefault("horizon", "6")
        form = AgendaRequestForm(data)
        if form.is_valid():
            url = reverse("agenda_generate", args=[form.cleaned_data["forum"].code])
            date, horizon = form.cleaned_data["date"], form.cleaned_data["horizon"]
            return redirect(f"{url}?date={date:%Y-%m-%d}&horizon={horizon}")
    else:
        form = AgendaRequestForm(initial={"date": next_weekday(timezone.localdate()), "horizon": 6})
    held = Q(meetings__status__in=[s for s in Meeting.Status.values if s not in UPCOMING])
    forums = (
        Forum.objects.filter(active=True)
        .annotate(last_met=Max("meetings__date", filter=held))
        .order_by(*Forum._meta.ordering)  # a grouped query drops the model's own order
    )
    upcoming = (
        Meeting.objects.filter(status__in=UPCOMING)
        .select_related("forum")
        .order_by("date", "start_time", "id")[:50]
    )
    return render(
        request,
        "agendas/start.html",
        {"form": form, "forums": forums, "upcoming": upcoming},
    )


def _request_form(request: HttpRequest, forum: Forum) -> AgendaRequestForm:
    data = {
        "date": request.GET.get("date") or f"{default_meeting_date(forum):%Y-%m-%d}",
        "horizon": request.GET.get("horizon") or 6,
    }
    return AgendaRequestForm(data, with_forum=False)


@administrator_required
def agenda_generate(request: HttpRequest, code: str) -> HttpResponse:
    forum = get_object_or_404(Forum, code__iexact=code)
    if request.method == "POST":
        return _accept(request, forum)
    form = _request_form(request, forum)
    first = request.GET.get("first") == "1"
    context = {"forum": forum, "form": form, "proposal": None, "error": None, "first": first}
    if form.is_valid():
        date, horizon = form.cleaned_data["date"], form.cleaned_data["horizon"]
        try:
            context["proposal"] = generate_agenda(
                forum=forum, meeting_date=date, horizon_months=horizon, allow_first_meeting=first
            )
        except AgendaError as error:
            context["error"] = error
        context["accept_form"] = AcceptForm(
            initial={"date": date, "horizon": horizon, "first": first}
        )
    status = 200 if context["proposal"] is not None else 400
    return render(request, "agendas/generate.html", context, status=status)


def _accept(request: HttpRequest, forum: Forum) -> HttpResponse:
    accept_form = AcceptForm(request.POST)
    error = None
    if accept_form.is_valid():
        data = accept_form.cleaned_data
        try:
            meeting = accept_agenda(
                forum=forum,
                meeting_date=data["date"],
                user=request.user,
                horizon_months=data["horizon"],
                start_time=data["start_time"],
                place=data["place"],
                allow_first_meeting=data["first"],
            )
        except AgendaError as caught:
            error = caught
        else:
            messages.success(
                request,
                _("The meeting of %(forum)s on %(date)s is planned with the proposed agenda.")
                % {"forum": forum.name, "date": f"{meeting.date:%Y-%m-%d}"},
            )
            return redirect(meeting_edit_url(meeting))
    # Show the proposal again beside what went wrong, keeping what the user typed.
    form = AgendaRequestForm(
        {"date": request.POST.get("date"), "horizon": request.POST.get("horizon")},
        with_forum=False,
    )
    proposal = None
    if form.is_valid() and error is None:
        try:
            proposal = generate_agenda(
                forum=forum,
                meeting_date=form.cleaned_data["date"],
                horizon_months=form.cleaned_data["horizon"],
                allow_first_meeting=request.POST.get("first") == "True",
            )
        except AgendaError as caught:
            error = caught
    context = {
        "forum": forum,
        "form": form,
        "proposal": proposal,
        "error": error,
        "accept_form": accept_form,
    }
    return render(request, "agendas/generate.html", context, status=400)


# ---------------------------------------------------------------- the notice


def _notice_meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)


def notice_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice: the administrators draft and send it; once sent, those who may read
    the meeting or were sent the notice read it (meetings.access.notice_readable)."""
    meeting = _notice_meeting(request, pk)
    if refused := refusal(request, notice_readable(request.user, meeting)):
        return refused
    administrator = is_administrator(request.user)
    return render(
        request,
        "agendas/notice.html",
        {
            "meeting": meeting,
            "items": notice.notice_items(meeting),
            "administrator": administrator,
            "edit_url": meeting_edit_url(meeting) if administrator else "",
            "can_send": administrator and meeting.status in UPCOMING,
        },
    )


def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _notice_meeting(request, pk)
    if refused := refusal(request, notice_readable(request.user, meeting)):
        return refused
    items = notice.notice_items(meeting)
    return pdf_response(notice.pdf_bytes(meeting, items, request), notice.filename(meeting, "pdf"))


def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _notice_meeting(request, pk)
    if refused := refusal(request, notice_readable(request.user, meeting)):
        return refused
    items = notice.notice_items(meeting)
    return docx_response(notice.docx_bytes(meeting, items), notice.filename(meeting, "docx"))


@require_POST
@administrator_required
def notice_send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        send_notice(meeting=meeting, user=request.user)
    except AgendaError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The notice is marked as sent and is e-mailed to the forum's members."),
        )
    return redirect("notice_page", pk=meeting.pk)
