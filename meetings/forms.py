"""Forms of the minutes editor.

Row forms take their choices from one ``EditorChoices`` built per request, so a page
with fifty rows asks the database for each list once, not once per row.
"""

import datetime
import json
import re
import secrets
from dataclasses import dataclass, field

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Case as DbCase
from django.db.models import IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from council.models import Forum, Person, Principal, Role
from council.validators import LONG_TEXT_MAX, one_line, plain_text

from .clauses import (
    assignee_in,
    due_in,
    named_in,
    report_to_in,
    requires_identical,
    rules_for_script,
)
from .models import (
    ASSIGNMENT_WITHOUT_ASSIGNEE,
    AgendaItem,
    Assignment,
    Case,
    Decision,
    Meeting,
    MinutesReview,
    clause_errors,
    item_number_validator,
    visible_meetings_q,
)
from .services import closing_tail, guess_decision_kind
from .uploads import ACCEPT, validate_attachment

BLANK = [("", "–")]
CASE_CHOICES_LIMIT = 500
ANSWER_CHOICES_LIMIT = 300
# A correction's reason and a justering's note are kept as the reason of the change in
# the history, a column of this many characters: a longer one failed the save (on
# PostgreSQL) after the form had taken it.
REASON_MAX = Meeting.history.model._meta.get_field("history_change_reason").max_length


def correction_reason_field() -> forms.CharField:
    """Published minutes are corrected only with a reason, kept in the history."""
    return forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=REASON_MAX,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The minutes are published: say what is corrected and why."),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def quick_picks(forum: Forum) -> list[tuple[str, str]]:
    """Typical att-clauses of the minutes, with the kind each one is, as (text, kind)."""
    picks = [
        ("att öppna mötet.", Decision.Kind.PROCEDURAL),
        ("att godkänna dagordningen.", Decision.Kind.PROCEDURAL),
        ("att godkänna föregående minnesanteckningar.", Decision.Kind.APPROVED),
        ("att lägga minnesanteckningarna till handlingarna.", Decision.Kind.NOTED),
        ("att lägga informationen till handlingarna.", Decision.Kind.NOTED),
        ("att godkänna redovisningen.", Decision.Kind.APPROVED),
    ]
    if forum.code != "VFR":
        picks.append(
            (
                f"att {forum.name}s beslut skickas vidare för Välfärdsrådets "
                "ställningstagande och beslut om rekommendation.",
                Decision.Kind.REFERRED,
            )
        )
    else:
        picks.append(
            (
                "att rekommendera kommunerna och regionen att anta överenskommelsen.",
                Decision.Kind.RECOMMENDED,
            )
        )
    picks.append(("att avsluta mötet.", Decision.Kind.PROCEDURAL))
    return picks


@dataclass
class EditorChoices:
    """Every list a row of the editor offers, fetched once."""

    meeting: Meeting
    forums: list[tuple[int, str]] = field(default_factory=list)
    principals: list[tuple[int, str]] = field(default_factory=list)
    people: list[tuple[int, str]] = field(default_factory=list)
    person_names: list[str] = field(default_factory=list)
    cases: list[tuple[int, str]] = field(default_factory=list)
    answers: list[tuple[int, str]] = field(default_factory=list)
    picks: list[tuple[str, str]] = field(default_factory=list)
    vfr_id: int | None = None

    @property
    def picks_json(self) -> str:
        """The kind and target of each quick pick, for the script that fills them in."""
        return json.dumps(
            {
                text: {
                    "kind": kind,
                    "referred_to": self.vfr_id if kind == Decision.Kind.REFERRED else None,
                }
                for text, kind in self.picks
            },
            ensure_ascii=False,
        )

    @property
    def kind_rules_json(self) -> str:
        """The rules that read a clause's kind from its wording, for the editor's script."""
        return json.dumps(rules_for_script(), ensure_ascii=False)

    @classmethod
    def for_meeting(
        cls, meeting: Meeting, *, item: AgendaItem | None = None, user=None
    ) -> "EditorChoices":
        if item is None:
            return cls(
                meeting=meeting, principals=list(Principal.objects.values_list("pk", "name"))
            )
        # Forums and principals in one round trip: the item page has many lists to fill.
        forums_q = (
            Forum.objects.filter(active=True)
            .order_by()
            .values_list(Value("f"), "pk", "name", "code", "chain_level")
        )
        principals_q = Principal.objects.order_by().values_list(
            Value("p"), "pk", "name", "short_name", "position"
        )
        rows = sorted(forums_q.union(principals_q, all=True), key=lambda r: (r[0], r[4], r[3]))
        forums = sorted(
            ((pk, name, code) for kind, pk, name, code, _o in rows if kind == "f"),
            key=lambda f: f[1],
        )
        choices = cls(
            meeting=meeting,
            forums=[(pk, name) for pk, name, _code in forums],
            principals=[(pk, name) for kind, pk, name, _s, _o in rows if kind == "p"],
            picks=quick_picks(meeting.forum),
            vfr_id=next((pk for pk, _n, code in forums if code == "VFR"), None),
        )
        latest_open = Case.objects.open().order_by("-pk").values("pk")[:CASE_CHOICES_LIMIT]
        cases = (
            Case.objects.filter(Q(pk__in=latest_open) | Q(pk=item.case_id or 0))
            .order_by()
            .values_list(Value("c"), "pk", "title")
        )
        names = Person.objects.filter(active=True).order_by().values_list(Value("p"), "pk", "name")
        # Cases and the names of people in one round trip, like the lists above.
        rows = list(cases.union(names, all=True))
        choices.cases = sorted(((pk, t) for k, pk, t in rows if k == "c"), key=lambda c: c[1])
        choices.person_names = sorted({name for k, _pk, name in rows if k == "p"})
        choices.answers = answer_choices(meeting, item, user)
        return choices


def answer_choices(meeting: Meeting, item: AgendaItem, user) -> list[tuple[int, str]]:
    """Decisions a clause of this forum can answer: open referrals and assignments aimed
    here, in minutes the user may read (as the import's review offers them). A referral in
    another forum's unpublished draft is neither shown nor taken."""
    forum = meeting.forum
    referrals = Decision.objects.waiting_for(forum).values_list("pk", flat=True)
    assigned = (
        Assignment.objects.open().filter(report_to_forum=forum).values_list("decision", flat=True)
    )
    wanted = (Q(pk__in=referrals) | Q(pk__in=assigned)) & visible_meetings_q(
        user, "item__meeting__"
    )
    answered_here = Q(pk__in=[])
    if item.pk:
        answered_here = Q(pk__in=item.decisions.exclude(answers=None).values("answers"))
        wanted |= answered_here
    # What the item already answers comes first, so the cap never drops a current choice.
    current_first = DbCase(When(answered_here, then=0), default=1, output_field=IntegerField())
    decisions = (
        Decision.objects.filter(wanted)
        .select_related("item__meeting__forum")
        .order_by(current_first, "-item__meeting__date", "item__position", "position")
    )[:ANSWER_CHOICES_LIMIT]
    return [
        (
            d.pk,
            f"{d.item.meeting.forum.code} {d.item.meeting.date:%Y-%m-%d} p. {d.item.number}: "
            f"{d.text[:90]}",
        )
        for d in decisions
    ]


def editor_people(meeting: Meeting, *, rows: list[Person]) -> list[Person]:
    """Who may chair or approve the minutes: the forum's members, whoever attended and
    whoever is set now. ``rows`` are the people of the attendance list, already fetched;
    the meeting's justerare must be prefetched."""
    people = {p.pk: p for p in rows}
    people.update({p.pk: p for p in meeting.justerare.all()})
    if meeting.chair_id and meeting.chair_id not in people:
        people[meeting.chair_id] = meeting.chair
    return sorted(people.values(), key=lambda p: p.name)


class MeetingCreateForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "forum",
            "date",
            "start_time",
            "end_time",
            "place",
            "registration_number",
            "chair",
        ]
        widgets = {"date": DateInput(), "start_time": TimeInput(), "end_time": TimeInput()}

    def __init__(self, *args, forum_ids: set[int] | None, **kwargs):
        super().__init__(*args, **kwargs)
        forums = Forum.objects.filter(active=True)
        if forum_ids is not None:
            forums = forums.filter(pk__in=forum_ids)
        self.fields["forum"].queryset = forums
        if forums.count() == 1:
            self.fields["forum"].initial = forums.first().pk
        chairs = Person.objects.filter(
            memberships__forum__in=forums,
            memberships__end_date__isnull=True,
        ).distinct()
        self.fields["chair"].queryset = chairs.order_by("name")
        self.fields["date"].initial = datetime.date.today


class OfferedPeopleField(forms.ModelMultipleChoiceField):
    """People chosen among those the form offers. A value not offered is refused before the
    database is asked: SQLite cannot bind a number beyond its integers, and the check of
    the chosen ids against the rows ended in a 500."""

    def clean(self, value):
        offered = {str(pk) for pk, _label in self.choices}
        for chosen in value or []:
            if str(chosen) not in offered:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": chosen},
                )
        return super().clean(value)


class MeetingHeadForm(forms.ModelForm):
    """The head of the minutes: when, where, who chaired and who approves them."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    pasted_names = forms.CharField(
        label=_("Add several present at once"),
        required=False,
        max_length=LONG_TEXT_MAX,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Paste the names as the minutes list them, separated by commas or new lines. "
            "People already in the register are recognised by their name."
        ),
    )
    reason = correction_reason_field()

    class Meta:
        model = Meeting
        fields = [
            "date",
            "start_time",
            "end_time",
            "place",
            "registration_number",
            "minutes_date",
            "chair",
            "justerare",
            "attendance_note",
        ]
        widgets = {
            "date": DateInput(),
            "minutes_date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "attendance_note": forms.Textarea(attrs={"rows": 2}),
            "justerare": forms.CheckboxSelectMultiple,
        }
        field_classes = {"justerare": OfferedPeopleField}

    def __init__(self, *args, people: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.pk, p.name) for p in people]
        self.fields["chair"].choices = BLANK + choices
        self.fields["justerare"].choices = choices
        self.fields["chair"].queryset = Person.objects.filter(pk__in=[p.pk for p in people])
        self.fields["justerare"].queryset = self.fields["chair"].queryset
        if self.instance.status != Meeting.Status.PUBLISHED:
            del self.fields["reason"]

    def clean_reason(self) -> str:
        reason = self.cleaned_data.get("reason", "").strip()
        if not reason:
            raise ValidationError(_("The minutes are published: give a reason for the correction."))
        return reason

    def clean_pasted_names(self) -> list[str]:
        text = self.cleaned_data.get("pasted_names", "")
        text = re.sub(r"^\s*närvarande\s*:", "", text, flags=re.IGNORECASE)
        names: list[str] = []
        for part in re.split(r"[,;\n]", text):
            name = " ".join(part.split()).removesuffix(".")
            if name and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        too_long = [n for n in names if len(n) > 150]
        if too_long:
            raise ValidationError(_("Separate the names with commas or new lines."))
        return names


ATTENDANCE_ROLES = [
    (Role.MEMBER, Role.MEMBER.label),
    (Role.CHAIR, Role.CHAIR.label),
    (Role.VICE_CHAIR, Role.VICE_CHAIR.label),
    (Role.DEPUTY, Role.DEPUTY.label),
    (Role.SECRETARY, Role.SECRETARY.label),
    (Role.OFFICIAL, Role.OFFICIAL.label),
    (Role.PRESENTER, Role.PRESENTER.label),
    (Role.GUEST, Role.GUEST.label),
]


class AttendanceForm(forms.Form):
    """One member or earlier-added guest, ticked present or not."""

    person = forms.IntegerField(widget=forms.HiddenInput)
    present = forms.BooleanField(label=_("Present"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ATTENDANCE_ROLES)
    remove = forms.BooleanField(label=_("Remove from the list"), required=False)

    def __init__(self, *args, label: str = "", principal_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.label = label
        self.principal_id = principal_id


class GuestForm(forms.Form):
    """A presenter or guest added by name."""

    name = forms.CharField(label=_("Name"), max_length=150, required=False, validators=[one_line])
    title = forms.CharField(
        label=_("Job title"), max_length=200, required=False, validators=[one_line]
    )
    principal = forms.TypedChoiceField(
        label=_("Represents"), coerce=int, required=False, empty_value=None
    )
    organisation = forms.CharField(
        label=_("Other organisation"), max_length=200, required=False, validators=[one_line]
    )
    role = forms.ChoiceField(label=_("Role"), choices=ATTENDANCE_ROLES, initial=Role.PRESENTER)

    def __init__(self, *args, choices: EditorChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principal"].choices = BLANK + choices.principals

    def has_changed(self) -> bool:
        # A blank row whose role select still shows its default is not a new guest.
        return bool((self.data.get(self.add_prefix("name")) or "").strip())


class ItemRowForm(forms.Form):
    """One line of the list of items: order, number, title and kind."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)
    number = forms.CharField(
        label=_("No."), max_length=5, validators=[item_number_validator], required=False
    )
    title = forms.CharField(label=_("Heading"), max_length=500, validators=[one_line])
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)

    def __init__(
        self, *args, item: AgendaItem | None = None, row: int = 0, renumber: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.item = item
        self.renumber = renumber
        # Errors in the summary at the top of the page say which row they are on.
        self.row_label = (
            _("Item %(number)s") % {"number": item.number}
            if item is not None
            else _("New row %(row)s") % {"row": row}
        )

    def clean(self):
        data = super().clean()
        # An existing item keeps its place and number unless the list is renumbered; a
        # new row without them is placed before Övriga frågor and numbered there.
        if self.item is not None and not data.get("DELETE"):
            if data.get("position") is None and "position" not in self.errors:
                self.add_error("position", _("Give the item its place in the order."))
            if not data.get("number") and "number" not in self.errors and not self.renumber:
                self.add_error("number", _("Give the item a number, or press Save and renumber."))
        return data

    def has_changed(self) -> bool:
        if self.item is not None:
            return super().has_changed()
        # A blank row for a new item whose kind select shows its default is left empty.
        return any(
            (self.data.get(self.add_prefix(name)) or "").strip() for name in ("number", "title")
        )


class BaseItemRowFormSet(forms.BaseFormSet):
    def __init__(self, *args, items: list[AgendaItem], renumber: bool = False, **kwargs):
        self.items = items
        self.by_pk = {item.pk: item for item in items}
        self.renumber = renumber
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["item"] = (
            self.items[index] if index is not None and index < len(self.items) else None
        )
        if index is not None:
            kwargs["row"] = index - len(self.items) + 1
        kwargs["renumber"] = self.renumber
        return kwargs

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: dict[str, int] = {}
        for form in self.forms:
            data = form.cleaned_data
            if not data or self._should_delete_form(form):
                continue
            if data.get("id") and data["id"] not in self.by_pk:
                raise ValidationError(_("An item in the list no longer exists. Reload the page."))
            number = data.get("number") or ""
            if not number:
                continue
            if number in seen and not self.renumber:
                form.add_error(
                    "number",
                    _("Item %(number)s appears twice. Change one, or renumber the items.")
                    % {"number": number},
                )
            seen[number] = 1


# Each formset has a ceiling far above any real meeting, checked before the forms are
# built, so that a forged TOTAL_FORMS of 100 000 costs nothing but a message.
MAX_ITEMS, MAX_PRESENTERS, MAX_DECISIONS, MAX_ATTACHMENTS = 300, 30, 100, 50


def capped_formset(form, ceiling: int, **options):
    """A formset that builds and accepts at most ``ceiling`` forms, told in Swedish."""
    return forms.formset_factory(
        form, max_num=ceiling, absolute_max=ceiling, validate_max=True, **options
    )


ItemRowFormSet = capped_formset(
    ItemRowForm, MAX_ITEMS, formset=BaseItemRowFormSet, extra=3, can_delete=True
)


FOUND_CASES_LIMIT = 20


def found_cases(words: str) -> list[Case]:
    """Cases of the whole register for the words of the case search: by Dnr or number
    exactly, or with every word in the title; the latest first, at most 20."""
    words = (words or "").strip()[:300]
    if not words:
        return []
    exact = Q(registration_number__iexact=words)
    number = words.removeprefix("#")
    if number.isdigit() and len(number) < 10:
        exact |= Q(pk=int(number))
    titled = Q()
    for word in words.split()[:8]:
        titled &= Q(title__icontains=word)
    return list(Case.objects.filter(exact | titled).order_by("-pk")[:FOUND_CASES_LIMIT])


class ItemForm(forms.ModelForm):
    """An agenda item's own fields, with a case picked from the register or created here."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    case_choice = forms.TypedChoiceField(
        label=_("Case"), coerce=int, required=False, empty_value=None
    )
    case_search = forms.CharField(
        label=_("…or find a case"),
        max_length=300,
        required=False,
        help_text=_(
            "The list holds the latest open cases. For any other case of the register, "
            "give its Dnr, its number or words of its title and save."
        ),
    )
    new_case_title = forms.CharField(
        label=_("…or a new case"),
        max_length=300,
        required=False,
        validators=[one_line],
        help_text=_("Give a title to start a new case for this item."),
    )
    reason = correction_reason_field()

    class Meta:
        model = AgendaItem
        fields = ["number", "title", "kind", "outcome", "discussion", "attachment_refs"]
        labels = {"title": _("Heading")}
        widgets = {
            "discussion": forms.Textarea(attrs={"rows": 8}),
            "title": forms.TextInput(),
        }

    def __init__(self, *args, choices: EditorChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.found_cases = found_cases(self.data.get(self.add_prefix("case_search"), ""))
        listed = {pk for pk, _title in choices.cases}
        extra = [(c.pk, c.title) for c in self.found_cases if c.pk not in listed]
        self.fields["case_choice"].choices = BLANK + extra + choices.cases
        self.fields["case_choice"].initial = self.instance.case_id
        if choices.meeting.status != Meeting.Status.PUBLISHED:
            del self.fields["reason"]

    def clean_number(self) -> str:
        number = self.cleaned_data["number"]
        others = self.instance.meeting.items.exclude(pk=self.instance.pk)
        if self.instance.pk is None:
            # A new item may take the number of Övriga frågor: the closing items move down.
            tail = closing_tail(self.instance.meeting)
            if tail and tail[0].number == number:
                return number
        if others.filter(number=number).exists():
            raise ValidationError(_("The meeting already has an item with this number."))
        return number

    def clean_case_choice(self):
        pk = self.cleaned_data.get("case_choice")
        if pk is None:
            return None
        case = Case.objects.filter(pk=pk).first()
        if case is None:
            raise ValidationError(_("Choose a case from the list."))
        return case

    def clean(self):
        cleaned = super().clean()
        words = cleaned.get("case_search", "").strip()
        if words and not cleaned.get("case_choice") and "case_choice" not in self.errors:
            found = self.found_cases
            if len(found) == 1:
                cleaned["case_choice"] = found[0]
            elif not found:
                self.add_error("case_search", _("No case of the register matches these words."))
            else:
                self.add_error(
                    "case_search",
                    ngettext(
                        "%(count)d case matches: choose it in the list of cases.",
                        "%(count)d cases match: choose one in the list of cases, where they "
                        "now come first.",
                        len(found),
                    )
                    % {"count": len(found)},
                )
        return cleaned

    def clean_reason(self) -> str:
        reason = self.cleaned_data.get("reason", "").strip()
        if not reason:
            raise ValidationError(_("The minutes are published: give a reason for the correction."))
        return reason


class PresenterForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        validators=[one_line],
        widget=forms.TextInput(attrs={"list": "people-names", "autocomplete": "off"}),
    )
    title = forms.CharField(
        label=_("Title at the time"), max_length=200, required=False, validators=[one_line]
    )
    forum = forms.TypedChoiceField(
        label=_("…or a group"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, choices: EditorChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].choices = BLANK + choices.forums

    def clean(self):
        data = super().clean()
        if data.get("name") and data.get("forum"):
            raise ValidationError(_("A presenter is either a person or a group, not both."))
        if data.get("title") and not (data.get("name") or data.get("forum")):
            self.add_error("name", _("Give the name of the presenter."))
        return data


PresenterFormSet = capped_formset(PresenterForm, MAX_PRESENTERS, extra=2, can_delete=True)


class DecisionForm(forms.Form):
    """One att-clause with everything its kind needs."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    quick_pick = forms.ChoiceField(label=_("Quick pick"), required=False)
    text = forms.CharField(
        label=_("Clause (att …)"),
        required=False,
        max_length=LONG_TEXT_MAX,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        help_text=_("Left open, the kind is read from the text."),
    )
    referred_to = forms.TypedChoiceField(
        label=_("Referred to forum"), coerce=int, required=False, empty_value=None
    )
    requires_identical = forms.BooleanField(
        label=_("Requires identical decisions by all principals (likalydande)"), required=False
    )
    answers = forms.TypedChoiceField(
        label=_("Answers the earlier decision"), coerce=int, required=False, empty_value=None
    )
    assignee_forum = forms.TypedChoiceField(
        label=_("Assigned to forum or group"), coerce=int, required=False, empty_value=None
    )
    assignee_principal = forms.TypedChoiceField(
        label=_("…or principal"), coerce=int, required=False, empty_value=None
    )
    assignee_text = forms.CharField(
        label=_("…or as written"), max_length=200, required=False, validators=[one_line]
    )
    assignment_description = forms.CharField(
        label=_("What is to be done"),
        required=False,
        max_length=LONG_TEXT_MAX,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Left empty, the clause text is used."),
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    report_to_forum = forms.TypedChoiceField(
        label=_("Reports back to"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, choices: EditorChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["quick_pick"].choices = BLANK + [(text, text) for text, _kind in choices.picks]
        self.fields["kind"].choices = BLANK + list(Decision.Kind.choices)
        for name in ("referred_to", "assignee_forum", "report_to_forum"):
            self.fields[name].choices = BLANK + choices.forums
        self.fields["assignee_principal"].choices = BLANK + choices.principals
        self.fields["answers"].choices = BLANK + choices.answers

    def clean(self):
        data = super().clean()
        pick = data.get("quick_pick")
        if pick and not (data.get("text") or "").strip():
            data["text"] = pick
            pick_kind = dict(self.choices.picks).get(pick)
            if not data.get("kind"):
                data["kind"] = pick_kind
            if pick_kind == Decision.Kind.REFERRED and not data.get("referred_to"):
                data["referred_to"] = self.choices.vfr_id
        text = (data.get("text") or "").strip()
        if not text:
            if self.has_changed() and not self.cleaned_data.get("DELETE"):
                self.add_error("text", _("Write the clause, or pick one from the list."))
            return data
        data["text"] = text
        if not data.get("kind"):
            data["kind"] = guess_decision_kind(text)
        kind = data["kind"]
        forum_id = self.choices.meeting.forum_id
        self._read_from_text(data, text, kind, forum_id)
        errors = clause_errors(
            text=text,
            kind=kind,
            referred_to_id=data.get("referred_to"),
            requires_identical=bool(data.get("requires_identical")),
            forum_id=forum_id,
        )
        for name, message in errors.items():
            self.add_error(name, message)
        if kind == Decision.Kind.ASSIGNED and not (
            data.get("assignee_forum")
            or data.get("assignee_principal")
            or (data.get("assignee_text") or "").strip()
        ):
            self.add_error("assignee_forum", ASSIGNMENT_WITHOUT_ASSIGNEE)
        return data

    def _read_from_text(self, data: dict, text: str, kind: str, forum_id: int) -> None:
        """What the wording says and the secretary left open: the forum a referral goes
        to ("…för Välfärdsrådets ställningstagande"), who carries out an assignment ("att
        ge Styrgruppen i uppdrag"), and identical decisions ("likalydande")."""
        if kind == Decision.Kind.REFERRED and not data.get("referred_to"):
            data["referred_to"] = named_in(text, self.choices.forums, exclude=forum_id)
        if kind == Decision.Kind.RECOMMENDED and requires_identical(text, kind):
            data["requires_identical"] = True
        if kind == Decision.Kind.ASSIGNED and not (
            data.get("assignee_forum")
            or data.get("assignee_principal")
            or (data.get("assignee_text") or "").strip()
        ):
            who = assignee_in(text)
            if who:
                data["assignee_forum"] = named_in(who, self.choices.forums)
                data["assignee_principal"] = named_in(who, self.choices.principals)
                if not (data["assignee_forum"] or data["assignee_principal"]):
                    data["assignee_text"] = who
        # "… och återrapportera till Länschefsnätverket senast 30 april 2027"
        if kind == Decision.Kind.ASSIGNED and not data.get("due_date"):
            data["due_date"] = due_in(text, after=self.choices.meeting.date)
        if kind == Decision.Kind.ASSIGNED and not data.get("report_to_forum"):
            to = report_to_in(text)
            data["report_to_forum"] = named_in(to, self.choices.forums) if to else None


class BaseDecisionFormSet(forms.BaseFormSet):
    def __init__(self, *args, valid_ids: set[int], **kwargs):
        self.valid_ids = valid_ids
        super().__init__(*args, **kwargs)

    def clean(self) -> None:
        for form in self.forms:
            pk = form.cleaned_data.get("id") if hasattr(form, "cleaned_data") else None
            if pk and pk not in self.valid_ids:
                raise ValidationError(_("A clause in the form no longer exists. Reload the page."))


DecisionFormSet = capped_formset(
    DecisionForm,
    MAX_DECISIONS,
    formset=BaseDecisionFormSet,
    extra=2,
    can_delete=True,
    can_order=True,
)


class AttachmentForm(forms.Form):
    number = forms.CharField(
        label=_("Attachment no."), max_length=20, required=False, validators=[one_line]
    )
    title = forms.CharField(
        label=_("Heading"), max_length=300, required=False, validators=[one_line]
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        validators=[validate_attachment],
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    # A file chosen when something else on the page was wrong is kept on the server, so
    # that it need not be chosen again: this names it, signed so that it cannot be forged.
    kept = forms.CharField(widget=forms.HiddenInput, required=False)

    def has_changed(self) -> bool:
        return bool(
            self.files.get(self.add_prefix("file"))
            or self.data.get(self.add_prefix("title"))
            or self.data.get(self.add_prefix("kept"))
        )

    @property
    def kept_name(self) -> str:
        return (kept_upload(self.data.get(self.add_prefix("kept"), "")) or {}).get("name", "")

    def clean(self):
        data = super().clean()
        if not data.get("file") and data.get("kept"):
            data["file"] = open_kept_upload(data["kept"])
            if data["file"] is None:
                self.add_error("file", _("Choose the file again: the one chosen earlier is gone."))
        if self.has_changed() and not self.errors:
            if not data.get("file"):
                self.add_error("file", _("Choose the file to attach."))
            if not data.get("title"):
                self.add_error("title", _("Give the attachment a title."))
        return data


KEPT_SALT = "meetings.kept-upload"
KEPT_MAX_AGE = 24 * 60 * 60


def keep_upload(uploaded) -> str:
    """Store a valid file of a form that failed for another reason; returns the token."""
    path = default_storage.save(f"kept-uploads/{secrets.token_hex(8)}/{uploaded.name}", uploaded)
    return signing.dumps({"path": path, "name": uploaded.name}, salt=KEPT_SALT)


def kept_upload(token: str) -> dict | None:
    if not token:
        return None
    try:
        return signing.loads(token, salt=KEPT_SALT, max_age=KEPT_MAX_AGE)
    except signing.BadSignature:
        return None


def open_kept_upload(token: str) -> File | None:
    kept = kept_upload(token)
    if kept is None or not default_storage.exists(kept["path"]):
        return None
    file = File(default_storage.open(kept["path"]), name=kept["name"])
    file.kept_path = kept["path"]
    return file


AttachmentFormSet = capped_formset(AttachmentForm, MAX_ATTACHMENTS, extra=0)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=LONG_TEXT_MAX,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class JusteringOutsideForm(forms.Form):
    """A justering made on paper or by e-mail, recorded by the secretary."""

    reviewer = forms.TypedChoiceField(label=_("Approver (justerare)"), coerce=int)
    method = forms.ChoiceField(
        label=_("How the minutes were approved"),
        choices=[
            (MinutesReview.Method.PAPER, _("Signed on paper")),
            (MinutesReview.Method.EMAIL, _("By e-mail")),
        ],
        widget=forms.RadioSelect,
        initial=MinutesReview.Method.PAPER,
    )
    reviewed_on = forms.DateField(label=_("Date of the justering"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        max_length=REASON_MAX,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. where the signed page is kept, or whose e-mail approved the minutes."),
    )

    def __init__(self, *args, reviewers: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [(p.pk, p.name) for p in reviewers]
        self.fields["reviewed_on"].initial = datetime.date.today
