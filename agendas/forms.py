"""The choices an administrator makes when asking for an agenda."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agendas.services import MAX_HORIZON_MONTHS
from council.models import Forum
from council.validators import one_line, plausible_date


class AgendaRequestForm(forms.Form):
    """The date and horizon of a proposal; on the start page also the forum."""

    forum = forms.ModelChoiceField(
        label=_("Forum"),
        queryset=Forum.objects.filter(active=True),
        to_field_name="code",
        empty_label=None,
    )
    date = forms.DateField(
        label=_("Meeting date"),
        validators=[plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Write the date as YYYY-MM-DD, e.g. 2026-12-10.")},
    )
    horizon = forms.IntegerField(
        label=_("Look ahead for agreement deadlines (months)"),
        min_value=1,
        max_value=MAX_HORIZON_MONTHS,
        initial=6,
        help_text=_("Expiry, notice, evaluation and follow-up dates within this many months."),
    )

    def __init__(self, *args, with_forum: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not with_forum:
            del self.fields["forum"]


class AcceptForm(forms.Form):
    """What the planned meeting needs besides its items; both may be filled in later.

    It shares a page with the request form and carries the same date and horizon, so
    its ids have a prefix of their own: one id, one element."""

    date = forms.DateField(widget=forms.HiddenInput, validators=[plausible_date])
    horizon = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_HORIZON_MONTHS
    )
    first = forms.BooleanField(widget=forms.HiddenInput, required=False)
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Write the time as HH:MM, e.g. 13:00.")},
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=200,
        validators=[one_line],
        help_text=_("A room, an address, Teams or Skype."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "accept_%s")
        super().__init__(*args, **kwargs)
