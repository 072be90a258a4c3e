"""Pages where the principals' decisions on a recommendation are recorded and checked."""

import copy
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.adoptions import (
    AdoptionConflict,
    AdoptionError,
    WordingCheck,
    adoption_version,
    check_wording,
    open_adoptions_as,
    record_adoption,
)
from agreements.diff import recommended_wording
from agreements.forms import AdoptionForm
from agreements.models import AdoptionSummary, PrincipalDecision
from council.models import Principal
from council.permissions import can_record_adoption, refusal
from meetings.models import Decision


@dataclass
class AdoptionRow:
    principal: Principal
    adoption: PrincipalDecision | None
    check: WordingCheck | None
    can_edit: bool


def recommendation_or_404(request: HttpRequest, pk: int) -> Decision:
    recommendations = (
        Decision.objects.visible_to(request.user)
        .for_adoption()
        .select_related("item__meeting__forum", "referred_to")
    )
    return get_object_or_404(recommendations, pk=pk)


def _summary(rows: list[AdoptionRow]) -> AdoptionSummary:
    return AdoptionSummary.of((row.adoption.status for row in rows if row.adoption), len(rows))


def adoption_list(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = recommendation_or_404(request, pk)
    adoptions = {
        a.principal_id: a for a in recommendation.principal_decisions.select_related("principal")
    }
    rows = []
    for principal in Principal.objects.all():
        adoption = adoptions.get(principal.pk)
        if adoption:
            adoption.recommendation = recommendation
        rows.append(
            AdoptionRow(
                principal=principal,
                adoption=adoption,
                check=check_wording(adoption) if adoption else None,
                can_edit=bool(adoption) and can_record_adoption(request.user, principal),
            )
        )
    missing = [row.principal for row in rows if row.adoption is None]
    return render(
        request,
        "agreements/adoption_list.html",
        {
            "recommendation": recommendation,
            "meeting": recommendation.item.meeting,
            "clauses": recommendation.item.decisions.all(),
            "wording": recommended_wording(recommendation.text),
            "rows": rows,
            "summary": _summary(rows),
            "flagged": [row for row in rows if row.check and row.check.flagged],
            "missing": missing,
            "can_open": bool(missing) and can_record_adoption(request.user),
        },
    )


def _refusal(request: HttpRequest, principal: Principal | None = None) -> HttpResponse | None:
    """Send a visitor to the log-in page and refuse a user without the right; else None."""
    return refusal(request, can_record_adoption(request.user, principal))


@require_POST
def adoption_open(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = recommendation_or_404(request, pk)
    if refusal := _refusal(request):
        return refusal
    try:
        created = open_adoptions_as(recommendation=recommendation, user=request.user)
    except AdoptionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Pending decisions were opened for %(count)d principals.") % {"count": len(created)},
        )
    return redirect("adoption_list", pk=recommendation.pk)


def adoption_edit(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    recommendation = recommendation_or_404(request, pk)
    adoption = get_object_or_404(
        PrincipalDecision.objects.select_related("principal"),
        recommendation=recommendation,
        principal__slug=slug,
    )
    adoption.recommendation = recommendation
    if refusal := _refusal(request, adoption.principal):
        return refusal

    meeting_date = recommendation.item.meeting.date
    current = None  # what someone else saved, shown beside the user's kept text
    if request.method == "POST":
        form = AdoptionForm(
            request.POST, instance=copy.copy(adoption), recommendation_date=meeting_date
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = record_adoption(
                    adoption=adoption,
                    user=request.user,
                    status=data["status"],
                    decided_on=data["decided_on"],
                    body=data["body"],
                    reference=data["reference"],
                    adopted_text=data["adopted_text"],
                    version=data["version"],
                )
            except AdoptionConflict as error:
                form.add_error(None, error.message)
                adoption.refresh_from_db()
                adoption.recommendation = recommendation
                current = adoption
                # The next save is a deliberate choice made after seeing the new values.
                form.data = form.data.copy()
                form.data["version"] = adoption_version(adoption)
            except AdoptionError as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _report_saved(request, saved)
                url = reverse("adoption_list", args=[recommendation.pk])
                return redirect(f"{url}#{saved.principal.slug}")
    else:
        form = AdoptionForm(
            instance=adoption,
            initial={"version": adoption_version(adoption)},
            recommendation_date=meeting_date,
        )
    history = adoption.history.select_related("history_user__person").order_by("-history_date")[:20]
    return render(
        request,
        "agreements/adoption_edit.html",
        {
            "recommendation": recommendation,
            "meeting": recommendation.item.meeting,
            "adoption": adoption,
            "principal": adoption.principal,
            "wording": recommended_wording(recommendation.text),
            "check": check_wording(adoption),
            "current": current,
            "form": form,
            "history": history,
        },
    )


def _report_saved(request: HttpRequest, adoption: PrincipalDecision) -> None:
    messages.success(
        request,
        _("The decision of %(principal)s was recorded.") % {"principal": adoption.principal.name},
    )
    check = check_wording(adoption)
    if check.state == "differs":
        messages.warning(
            request,
            _(
                "%(principal)s is recorded as having adopted the recommendation, but its text "
                "differs from the recommended wording, so the decisions are not identical. "
                "Check the differences below; if the principal changed the text, record it as "
                "adopted with changes."
            )
            % {"principal": adoption.principal.name},
        )
    elif check.state == "missing":
        messages.warning(
            request,
            _(
                "The recommendation requires identical decisions, but no adopted text was "
                "recorded for %(principal)s, so the wording has not been checked."
            )
            % {"principal": adoption.principal.name},
        )
