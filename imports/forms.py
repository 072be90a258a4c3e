"""The upload form and the review forms of an import."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from council.models import Person
from council.validators import LONG_TEXT_MAX, one_line, plain_text, plausible_date
from meetings.forms import capped_formset
from meetings.models import AgendaItem, Decision, clause_errors, item_number_validator

from .attendance import read_attendance_lines
from .services import is_person_name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one field: Django's FileField takes one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        if not data:
            return single(None, initial)  # nothing chosen: the field's own error
        return [single(data, initial)]


class BatchUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Minutes files"),
        help_text=_(
            "Text files (.txt), Word documents (.docx) or PDFs, at most 20 MB each, or one "
            "zip archive of them. Choose several at once to bring in a year's minutes."
        ),
        widget=MultipleFileInput(attrs={"accept": ".txt,.docx,.pdf,.zip"}),
        error_messages={"required": _("Choose at least one file to read.")},
    )


def split_names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r",|;|\n|\boch\b", text or "") if n.strip()]


class MeetingReviewForm(forms.Form):
    forum = forms.TypedChoiceField(label=_("Forum"), coerce=int)
    date = forms.DateField(
        label=_("Date"),
        validators=[plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    start_time = forms.TimeField(
        label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("End time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200, validators=[one_line])
    registration_number = forms.CharField(
        label=_("Registration number (Dnr)"), required=False, max_length=50, validators=[one_line]
    )
    minutes_date = forms.DateField(
        label=_("Date of the minutes"),
        required=False,
        validators=[plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    justerare = forms.CharField(
        label=_("Approvers of the minutes (justerare)"),
        required=False,
        max_length=500,
        validators=[one_line],
        help_text=_("Names separated by commas."),
    )
    attendance = forms.CharField(
        label=_("Present"),
        required=False,
        max_length=LONG_TEXT_MAX,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One person per line; the principal they represent after a comma."),
    )
    attendance_note = forms.CharField(
        label=_("Note on attendance"),
        required=False,
        max_length=LONG_TEXT_MAX,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, forum_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].choices = [("", "—"), *forum_choices]

    def clean_justerare(self):
        """Each approver must be a person of the register or read as one, as on saving: a
        name that reads as none was otherwise left out of the minutes without a word."""
        text = self.cleaned_data.get("justerare", "")
        people = None
        wrong = []
        for name in split_names(text):
            if is_person_name(name):
                continue
            if people is None:
                people = list(Person.objects.all())
            if not any(person.known_as(name) for person in people):
                wrong.append(name)
        if wrong:
            raise ValidationError(
                _(
                    "These do not read as a person's name: %(names)s. Write the approvers' "
                    "names, separated by commas."
                ),
                params={"names": "; ".join(wrong)},
            )
        return text

    def clean_attendance(self):
        """Every line must name a person: nothing else becomes a Person of the register."""
        text = self.cleaned_data.get("attendance", "")
        wrong = [a.name for a in read_attendance_lines(text) if not is_person_name(a.name)]
        if wrong:
            raise ValidationError(
                _(
                    "These lines do not read as a person's name: %(names)s. Correct them, "
                    "or remove the lines that are no people."
                ),
                params={"names": "; ".join(wrong)},
            )
        return text

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return data


class ItemReviewForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=5, validators=[item_number_validator])
    title = forms.CharField(
        label=_("Item title"),
        max_length=500,
        required=False,
        # A textarea to read it whole; its lines are joined into one when it is saved.
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AgendaItem.Outcome.choices)
    presenters = forms.CharField(
        label=_("Presenters"),
        required=False,
        max_length=500,
        validators=[one_line],
        help_text=_("Names separated by commas."),
    )
    attachment_refs = forms.CharField(
        label=_("Attachments"), required=False, max_length=200, validators=[one_line]
    )
    discussion = forms.CharField(
        label=_("Discussion"),
        required=False,
        max_length=LONG_TEXT_MAX,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    remove = forms.BooleanField(label=_("Leave out this item"), required=False)

    @property
    def kept(self) -> bool:
        return bool(self.cleaned_data.get("title", "").strip()) and not self.cleaned_data.get(
            "remove"
        )


class DecisionReviewForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    text = forms.CharField(
        label=_("Clause"),
        required=False,
        max_length=LONG_TEXT_MAX,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Decision.Kind.choices)
    referred_to = forms.TypedChoiceField(
        label=_("Forum it is referred to"), required=False, coerce=int, empty_value=None
    )
    requires_identical = forms.BooleanField(
        label=_("Requires identical decisions by every principal (likalydande)"), required=False
    )
    answers = forms.TypedChoiceField(
        label=_("Answers an earlier decision"), required=False, coerce=int, empty_value=None
    )
    remove = forms.BooleanField(label=_("Leave out this clause"), required=False)

    def __init__(self, *args, forum_choices=(), answer_choices=(), forum_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum_id = forum_id  # the deciding forum, where the review knows it
        self.fields["referred_to"].choices = [("", "—"), *forum_choices]
        self.fields["answers"].choices = [("", "—"), *answer_choices]

    @property
    def kept(self) -> bool:
        return bool(self.cleaned_data.get("text", "").strip()) and not self.cleaned_data.get(
            "remove"
        )

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() or data.get("remove"):
            return data
        errors = clause_errors(
            text=data["text"],
            kind=data.get("kind") or "",
            referred_to_id=data.get("referred_to"),
            requires_identical=bool(data.get("requires_identical")),
            forum_id=self.forum_id,
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return data


ItemFormSet = capped_formset(ItemReviewForm, 200, extra=0)
DecisionFormSet = capped_formset(DecisionReviewForm, 1000, extra=0)
