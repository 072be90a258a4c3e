"""Forms of the people pages, the account page and the log-in by e-mail address."""

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.validators import MaxLengthValidator
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from council.mail import queue_email
from council.models import EmailKind, Forum, Person, Principal, Role
from council.permissions import SECRETARY_GIVES
from council.validators import one_line


class LoginForm(AuthenticationForm):
    """Django's log-in form, asking for the e-mail address first."""

    error_messages = {
        **AuthenticationForm.error_messages,
        # The e-mail address is found whatever its capitals; the password is not.
        "invalid_login": _(
            "The e-mail address (or user name) or the password is wrong. Capitals count "
            "in the password."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address or user name")
        # A check of its own: Django's form sets max_length after the field is built, so
        # without it a user name of any length reaches authentication (and axes' log).
        self.fields["username"].max_length = 254
        self.fields["username"].validators.append(MaxLengthValidator(254))
        self.fields["username"].widget.attrs.update(maxlength=254, autocomplete="username")

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # Both fields are in question: a screen reader says so on each, and reads the
            # summary that tells why.
            for name in ("username", "password"):
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": "error-summary"}
                )
            raise


class NewPasswordForm(SetPasswordForm):
    """Django's form for a new password, with a password too weak told at the first
    field, where it was typed, and not at the confirmation."""

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's password change, telling a weak password at the new password's field."""

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset, its e-mail sent through the outbox like every other."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        queue_email(
            kind="password_reset",
            key=f"password-reset:{user.pk}:{context['token']}",
            person=getattr(user, "person", None),
            recipient=to_email,
            subject="".join(render_to_string(subject_template_name, context).splitlines()),
            body=render_to_string(email_template_name, context),
        )


# The longest address the register's columns hold (Person, Invitation, the outbox): a
# well-formed address may be longer (320), and was refused by PostgreSQL with a 500.
EMAIL_MAX = Person._meta.get_field("email").max_length


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, validators=[one_line])
    title = forms.CharField(
        label=_("Job title"), max_length=200, required=False, validators=[one_line]
    )
    principal = forms.ModelChoiceField(
        label=_("Principal"), queryset=Principal.objects.all(), required=False
    )
    organisation = forms.CharField(
        label=_("Other organisation"), max_length=200, required=False, validators=[one_line]
    )
    email = forms.EmailField(label=_("E-mail"), max_length=EMAIL_MAX, required=False)


class OwnPersonForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150, validators=[one_line])
    title = forms.CharField(
        label=_("Job title"), max_length=200, required=False, validators=[one_line]
    )
    email = forms.EmailField(label=_("E-mail"), max_length=EMAIL_MAX, required=False)


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=EMAIL_MAX,
        help_text=_("The person receives a link, valid for 14 days, to choose a password."),
    )


class MembershipForm(forms.Form):
    forum = forms.ModelChoiceField(label=_("Forum"), queryset=Forum.objects.none())
    role = forms.ChoiceField(label=_("Role"))
    principal = forms.ModelChoiceField(
        label=_("Represents"),
        queryset=Principal.objects.all(),
        required=False,
        help_text=_("Left empty, the person's own principal."),
    )

    def __init__(self, *args, forum_ids: set[int] | None, **kwargs):
        # Its own ids: the person's page holds the representation form too, whose
        # principal would otherwise share the id, and one label would name both fields.
        kwargs.setdefault("auto_id", "id_membership_%s")
        super().__init__(*args, **kwargs)
        forums = Forum.objects.filter(active=True).order_by("name")
        if forum_ids is not None:
            forums = forums.filter(pk__in=forum_ids)
        self.fields["forum"].queryset = forums
        roles = Role.choices if forum_ids is None else [(r.value, r.label) for r in SECRETARY_GIVES]
        self.fields["role"].choices = [
            (value, label) for value, label in roles if value not in {Role.PRESENTER, Role.GUEST}
        ]
        self.fields["role"].initial = Role.MEMBER


class RepresentationForm(forms.Form):
    principal = forms.ModelChoiceField(label=_("Principal"), queryset=Principal.objects.all())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_representation_%s")
        super().__init__(*args, **kwargs)


class EmailChoicesForm(forms.Form):
    wanted = forms.MultipleChoiceField(
        label=_("E-mail I want to receive"),
        choices=EmailKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Invitations and password resets are always sent."),
    )


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)
    forum = forms.ModelChoiceField(
        label=_("Forum"),
        queryset=Forum.objects.filter(active=True),
        required=False,
        empty_label=_("All forums"),
    )
