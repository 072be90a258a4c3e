"""Attributing changes to a user outside a web request."""

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, User
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

SYSTEM_USERNAME = "system"

# An account with neither a person nor a name of its own, as a first administrator has.
ADMINISTRATOR = gettext_lazy("An administrator")


def name_of(user: AbstractBaseUser | None) -> str:
    """Who a user is, shown to others: their person's name, or the account's own name;
    never the user name, which for most accounts is an e-mail address. Empty for an
    account that has neither."""
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return (person.name if person else "") or user.get_full_name()


def system_user() -> User:
    """The account that signs changes made by commands when no person is named."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def command_user(username: str | None) -> User:
    """The user a management command acts as: the one named, or the system account."""
    if not username:
        return system_user()
    return get_user_model().objects.get(username=username)


@contextmanager
def changes_by(user: AbstractBaseUser) -> Iterator[None]:
    """Record every history row written inside the block as made by ``user``.

    The history middleware does the same for web requests; commands and imports
    use this so that no change in the register is anonymous.
    """
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous
