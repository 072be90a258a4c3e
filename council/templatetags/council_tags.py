from django import template
from django.conf import settings

from council import permissions
from council.history import ADMINISTRATOR, name_of
from council.permissions import editable_forum_ids

register = template.Library()


@register.simple_tag
def keeps_minutes(user) -> bool:
    """Secretaries keep (and import) their forums' minutes; administrators any forum's.

    The forums are cached on the user, so the navigation costs at most one query."""
    if not user.is_authenticated:
        return False
    forums = editable_forum_ids(user)
    return forums is None or bool(forums)


@register.filter
def is_administrator(user) -> bool:
    """Templates ask the permission module who is an administrator; they do not read the
    account's flags themselves."""
    return user is not None and permissions.is_administrator(user)


@register.filter
def can_use_admin(user) -> bool:
    return user is not None and permissions.can_use_admin(user)


@register.filter
def who(user) -> str:
    """Who made a change, by name: the account's person, or the account's own name.
    Never the user name, which for most accounts is an e-mail address."""
    if user is None:
        return "–"
    return name_of(user) or (str(ADMINISTRATOR) if permissions.is_administrator(user) else "–")


@register.simple_tag
def site_url() -> str:
    """The site's address, for links in documents that leave it (PDFs, e-mail)."""
    return settings.SITE_URL


# Context names under which views hand a page its refusals, besides bound forms.
ERROR_NAMES = ("errors", "error_summary", "error", "refused")


@register.simple_tag(takes_context=True)
def error_title(context) -> str:
    """The words "Fel: " at the head of the page title when the page answers a form with errors,
    so that a screen reader says so before anything else (WCAG 3.3.1)."""
    from django.forms import BaseForm, BaseFormSet
    from django.utils.translation import gettext

    for name, value in context.flatten().items():
        if isinstance(value, BaseForm):
            failed = value.is_bound and bool(value.errors)
        elif isinstance(value, BaseFormSet):
            failed = value.is_bound and not value.is_valid()
        else:
            failed = name in ERROR_NAMES and bool(value)
        if failed:
            return gettext("Error:") + " "
    return ""
