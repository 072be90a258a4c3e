"""Filters of the decision list: forum, date, kind, agreement, case, principal, adoption, text."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, PrincipalDecision
from council.models import Forum, Principal
from meetings import search
from meetings.models import Assignment, Case, Decision, Meeting


def year_choices():
    years = (
        Meeting.objects.published()
        .annotate(year=ExtractYear("date"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [(str(y), str(y)) for y in years]


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    forum = django_filters.ModelChoiceFilter(
        label=_("Forum"),
        field_name="item__meeting__forum",
        queryset=Forum.objects.filter(meetings__isnull=False).distinct(),
        to_field_name="code",
        empty_label=_("All forums"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="item__meeting__date",
        lookup_expr="year",
        choices=year_choices,
        empty_label=_("All years"),
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="item__meeting__date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        field_name="item__meeting__date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Decision.Kind.choices, empty_label=_("All kinds")
    )
    agreement = django_filters.ModelChoiceFilter(
        label=_("Agreement"),
        field_name="item__case__agreements",
        queryset=Agreement.objects.only("id", "short_name", "title"),
        empty_label=_("All agreements"),
    )
    case = django_filters.ModelChoiceFilter(
        label=_("Case"),
        field_name="item__case",
        queryset=Case.objects.all(),
        widget=forms.HiddenInput,
    )
    principal = django_filters.ModelChoiceFilter(
        label=_("Principal"),
        queryset=Principal.objects.all(),
        to_field_name="slug",
        method="filter_principal",
        empty_label=_("All principals"),
    )
    adoption = django_filters.ChoiceFilter(
        label=_("Adoption"),
        choices=PrincipalDecision.Status.choices,
        method="filter_adoption",
        empty_label=_("Any"),
    )

    class Meta:
        model = Decision
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        return search.search(queryset, value)

    def filter_principal(self, queryset, name, principal):
        """Decisions that concern the principal: its adoptions and its assignments."""
        adoption = PrincipalDecision.objects.filter(
            recommendation=OuterRef("pk"), principal=principal
        )
        adoption_status = self.form.cleaned_data.get("adoption")
        if adoption_status:
            return queryset.filter(Exists(adoption.filter(status=adoption_status)))
        assigned = Assignment.objects.filter(decision=OuterRef("pk"), assignee_principal=principal)
        return queryset.filter(Exists(adoption) | Exists(assigned))

    def filter_adoption(self, queryset, name, value):
        if self.form.cleaned_data.get("principal"):
            return queryset  # applied together with the principal
        return queryset.filter(
            Exists(PrincipalDecision.objects.filter(recommendation=OuterRef("pk"), status=value))
        )
