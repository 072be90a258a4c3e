"""Forms for recording the principals' decisions on recommendations."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import PrincipalDecision


class AdoptionForm(forms.ModelForm):
    # What the row held when the form was shown; the service refuses to save over a
    # change made by someone else in between.
    version = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = PrincipalDecision
        fields = ["status", "decided_on", "body", "reference", "adopted_text"]
        widgets = {
            "status": forms.RadioSelect,
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "adopted_text": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "body": _("E.g. Kommunfullmäktige or Regionfullmäktige."),
            "reference": _("The principal's own reference, e.g. § 45 or KS 2020/123."),
            "adopted_text": _(
                "Copy the clause from the principal's minutes. Where identical decisions are "
                "required it is compared word by word with the recommendation."
            ),
        }

    def __init__(self, *args, recommendation_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation_date = recommendation_date

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        decided_on = cleaned.get("decided_on")
        # A date that could not be read already has its own error.
        date_missing = not decided_on and "decided_on" not in self.errors
        if status and status != PrincipalDecision.Status.PENDING and date_missing:
            self.add_error("decided_on", _("Give the date the principal decided."))
        if status == PrincipalDecision.Status.PENDING and decided_on:
            self.add_error(
                "decided_on",
                _(
                    "A decision still pending has no date. "
                    "Choose what was decided, or clear the date."
                ),
            )
        if decided_on and decided_on > timezone.localdate():
            self.add_error("decided_on", _("The date cannot be in the future."))
        if decided_on and self.recommendation_date and decided_on < self.recommendation_date:
            self.add_error(
                "decided_on",
                _(
                    "The principal cannot have decided before "
                    "the recommendation was made (%(date)s)."
                )
                % {"date": self.recommendation_date.isoformat()},
            )
        return cleaned
