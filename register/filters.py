"""Filters of the lists: the decisions (forum, date, kind, agreement, case, principal,
adoption, text), the meetings (forum, year, status) and the cases (title or Dnr, status,
forum, agreement, year)."""

from html import escape

import django_filters
from django import forms
from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from agreements.models import Agreement, PrincipalDecision
from council.expressions import AnyOf
from council.models import Forum, ForumNames, Principal
from meetings import search
from meetings.models import Assignment, Case, Decision, Meeting


def year_choices() -> list[tuple[str, str]]:
    """The years from the first published meeting to the latest, newest first.

    The first and last dates come from the date index; listing each meeting's year
    instead would read every meeting of the register on every page.
    """
    span = Meeting.objects.published().aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        return []
    years = range(span["last"].year, span["first"].year - 1, -1)
    return [(str(year), str(year)) for year in years]


class LeanSelect(forms.Select):
    """A select whose options are joined in Python instead of one template each.

    The agreement filter lists every agreement, hundreds in a large register, and
    rendering a template per option cost more than the decisions on the page. The
    HTML is the same as Django's select: escaped values and labels, the first
    matching option selected.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        wanted = set(self.format_value(value))
        options = []
        chosen = False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not chosen and option_value in wanted
            chosen |= selected
            options.append(
                f'<option value="{escape(option_value)}"{" selected" if selected else ""}>'
                f"{escape(str(label))}</option>"
            )
        # Attributes in the order and form of Django's attrs.html.
        flat = "".join(
            f" {key}" if value is True else f' {key}="{escape(str(value))}"'
            for key, value in attrs.items()
            if value is not False
        )
        return mark_safe(
            f'<select name="{escape(str(name))}"{flat}>\n{"".join(options)}\n</select>'
        )


class RowChoiceIterator(ModelChoiceIterator):
    """The choices from a few columns of the rows, without a model instance per option."""

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        if field.null_label is not None:
            yield (field.null_value, field.null_label)
        key = field.to_field_name or "pk"
        label = field.label_format.format
        for value, *parts in self.queryset.values_list(key, *field.label_fields):
            yield (value, label(*parts))


class RowChoiceField(ModelChoiceField):
    iterator = RowChoiceIterator
    widget = LeanSelect

    def __init__(self, *args, label_fields: tuple[str, ...], label_format: str = "{}", **kwargs):
        self.label_fields = label_fields
        self.label_format = label_format
        super().__init__(*args, **kwargs)


class RowChoiceFilter(django_filters.ModelChoiceFilter):
    """A model choice filter whose options are ``label_format`` over ``label_fields``."""

    field_class = RowChoiceField


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    forum = RowChoiceFilter(
        label=_("Forum"),
        field_name="item__meeting__forum",
        queryset=Forum.objects.filter(Exists(Meeting.objects.filter(forum=OuterRef("pk")))),
        to_field_name="code",
        label_fields=("name",),
        empty_label=_("All forums"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="item__meeting__date",
        lookup_expr="year",
        choices=year_choices,
        empty_label=_("All years"),
        widget=LeanSelect,
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
        label=_("Kind"),
        choices=Decision.Kind.choices,
        empty_label=_("All kinds"),
        widget=LeanSelect,
    )
    agreement = RowChoiceFilter(
        label=_("Agreement"),
        field_name="item__case__agreements",
        queryset=Agreement.objects.all(),
        label_fields=("title", "short_name"),
        label_format="{} ({})",
        empty_label=_("All agreements"),
    )
    case = django_filters.ModelChoiceFilter(
        label=_("Case"),
        field_name="item__case",
        queryset=Case.objects.all(),
        widget=forms.HiddenInput,
    )
    principal = RowChoiceFilter(
        label=_("Principal"),
        queryset=Principal.objects.all(),
        to_field_name="slug",
        label_fields=("short_name",),
        method="filter_principal",
        empty_label=_("All principals"),
    )
    adoption = django_filters.ChoiceFilter(
        label=_("Adoption"),
        choices=PrincipalDecision.Status.choices,
        method="filter_adoption",
        empty_label=_("Any"),
        widget=LeanSelect,
    )

    class Meta:
        model = Decision
        fields: list[str] = []

    def narrows_beyond_text(self) -> bool:
        """Whether a filter other than the free text is chosen (or a choice is invalid)."""
        if not self.form.is_valid():
            return True
        return any(value for name, value in self.form.cleaned_data.items() if name != "q")

    def filter_text(self, queryset, name, value):
        # The search read once for the whole page where the page has read it already.
        analysis = getattr(self, "analysis", None)
        return search.search(queryset, analysis if analysis is not None else value)

    def filter_principal(self, queryset, name, principal):
        """Decisions that concern the principal: its adoptions and its assignments.

        By key from the principal's own rows: checking every decision of the register
        for an adoption or an assignment read them all.
        """
        adoptions = PrincipalDecision.objects.filter(principal=principal)
        adoption_status = self.form.cleaned_data.get("adoption")
        if adoption_status:
            return queryset.filter(
                AnyOf("pk", adoptions.filter(status=adoption_status).values("recommendation_id"))
            )
        assigned = Assignment.objects.filter(assignee_principal=principal)
        # Unordered: SQLite allows no ORDER BY inside a compound query.
        concerned = (
            adoptions.order_by()
            .values("recommendation_id")
            .union(assigned.order_by().values("decision_id"))
        )
        return queryset.filter(AnyOf("pk", concerned))

    def filter_adoption(self, queryset, name, value):
        if self.form.cleaned_data.get("principal"):
            return queryset  # applied together with the principal
        adopted = PrincipalDecision.objects.filter(status=value)
        return queryset.filter(AnyOf("pk", adopted.values("recommendation_id")))


def span_years(first, last) -> list[tuple[str, str]]:
    """The years from ``last`` back to ``first`` as choices, newest first."""
    if first is None or last is None:
        return []
    return [(str(year), str(year)) for year in range(last.year, first.year - 1, -1)]


class MeetingFilter(django_filters.FilterSet):
    """The meeting list's filters: forum, year and status.

    The forums come from the page's ``ForumNames`` and the years from the span of the
    meetings listed, so that the form costs no query of its own."""

    forum = django_filters.ChoiceFilter(
        label=_("Forum"), method="filter_forum", empty_label=_("All forums"), widget=LeanSelect
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="date",
        lookup_expr="year",
        empty_label=_("All years"),
        widget=LeanSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Meeting.Status.choices,
        empty_label=_("All statuses"),
        widget=LeanSelect,
    )

    class Meta:
        model = Meeting
        fields: list[str] = []

    def __init__(self, data, *, queryset, names: ForumNames, years: list[tuple[str, str]]):
        super().__init__(data, queryset=queryset)
        self.forum_ids = {names.code(pk): pk for pk in names.names}
        self.filters["forum"].extra["choices"] = [
            (names.code(pk), names.name(pk)) for pk in names.names
        ]
        self.filters["year"].extra["choices"] = years

    def filter_forum(self, queryset, name, code):
        return queryset.filter(forum_id=self.forum_ids[code])


class CaseFilter(django_filters.FilterSet):
    """The case list's filters: title or Dnr, status, a forum or a year it passed through
    (at a meeting the reader may read), and an agreement it concerns."""

    q = django_filters.CharFilter(label=_("Title or Dnr"), method="filter_text")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Case.Status.choices,
        empty_label=_("All statuses"),
        widget=LeanSelect,
    )
    forum = django_filters.ChoiceFilter(
        label=_("Forum"), method="filter_forum", empty_label=_("All forums"), widget=LeanSelect
    )
    agreement = RowChoiceFilter(
        label=_("Agreement"),
        queryset=Agreement.objects.all(),
        label_fields=("title", "short_name"),
        label_format="{} ({})",
        method="filter_agreement",
        empty_label=_("All agreements"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        method="filter_year",
        choices=year_choices,
        empty_label=_("All years"),
        widget=LeanSelect,
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def __init__(self, data, *, queryset, names: ForumNames, items: QuerySet):
        """``items`` are the agenda items the reader may read, by case (OuterRef "pk")."""
        super().__init__(data, queryset=queryset)
        self.items = items
        # Read once: a callable is asked again when the chosen year is rendered.
        self.filters["year"].extra["choices"] = year_choices()
        self.forum_ids = {names.code(pk): pk for pk in names.names}
        self.filters["forum"].extra["choices"] = [
            (names.code(pk), names.name(pk)) for pk in names.names
        ]

    def filter_text(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(registration_number__icontains=word)
            )
        return queryset

    def filter_forum(self, queryset, name, code):
        return queryset.filter(Exists(self.items.filter(meeting__forum_id=self.forum_ids[code])))

    def filter_year(self, queryset, name, year):
        return queryset.filter(Exists(self.items.filter(meeting__date__year=int(year))))

    def filter_agreement(self, queryset, name, agreement):
        concerned = Agreement.cases.through.objects.filter(
            case_id=OuterRef("pk"), agreement_id=agreement.pk
        )
        return queryset.filter(Exists(concerned))
