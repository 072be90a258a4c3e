"""Accounts and roles: invitations, roles given and taken, deactivation, e-mail choices.

Every function takes the acting user, checks what that user may do through
council.permissions, and records its changes in the history under that user.
"""

import datetime
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council import permissions
from council.errors import DomainError
from council.history import changes_by, name_of
from council.mail import absolute_url, queue_email
from council.models import EmailKind, Forum, Membership, Person, Principal, Representation

from .models import Invitation, token_hash

INVITATION_DAYS = 14


class PeopleError(DomainError):
    """A rule about people or accounts was broken; ``message`` is shown to the user."""


class NotAllowed(PeopleError):
    message = gettext_lazy("You may not make this change.")


class InvitationInvalid(PeopleError):
    message = gettext_lazy(
        "The link is not valid. Check that the whole address from the e-mail was used, "
        "or ask for a new invitation."
    )


class InvitationUsed(PeopleError):
    message = gettext_lazy(
        "The invitation has already been used. Log in with your e-mail address, or reset "
        "your password if you have forgotten it."
    )


class InvitationExpired(PeopleError):
    message = gettext_lazy("The invitation has expired. Ask for a new one.")


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed()


@transaction.atomic
def create_person(
    *,
    user: User,
    name: str,
    email: str = "",
    title: str = "",
    principal: Principal | None = None,
    organisation: str = "",
) -> Person:
    _require(permissions.can_administer_accounts(user))
    with changes_by(user):
        return Person.objects.create(
            principal=principal, **_as_kept(name, email, title, organisation)
        )


def _as_kept(name: str, email: str, title: str, organisation: str) -> dict:
    """A person's fields as the register keeps them: spaces tidied, addresses in lower case."""
    return {
        "name": " ".join(name.split()),
        "email": (email or "").strip().lower(),
        "title": (title or "").strip(),
        "organisation": (organisation or "").strip(),
    }


@transaction.atomic
def create_own_person(*, user: User, name: str, title: str = "", email: str = "") -> Person:
    """The person of an account that has none: named in the history, sent e-mail."""
    existing = Person.objects.filter(user=user).first()
    if existing is not None:
        return existing
    with changes_by(user):
        return Person.objects.create(user=user, **_as_kept(name, email or user.email, title, ""))


PERSON_FIELDS = ("name", "email", "title", "principal_id", "organisation")


def person_stamp(person: Person) -> str:
    """What the person's record says now, as a short stamp: a form carries the stamp of
    what it showed, so that a save over someone else's change is refused."""
    values = "\x1f".join(str(getattr(person, f) or "") for f in PERSON_FIELDS)
    return hashlib.sha256(values.encode()).hexdigest()[:16]


@transaction.atomic
def update_person(
    *,
    person: Person,
    user: User,
    stamp: str,
    name: str,
    email: str = "",
    title: str = "",
    principal: Principal | None = None,
    organisation: str = "",
) -> Person:
    """Correct a person's name, title, principal, organisation or e-mail address."""
    _require(permissions.can_administer_accounts(user))
    current = Person.objects.select_for_update().get(pk=person.pk)
    if person_stamp(current) != stamp:
        now = ", ".join(
            v for v in [current.name, current.title, current.affiliation, current.email] if v
        )
        raise PeopleError(
            _(
                "Someone else changed the person while you were writing; the register now "
                "says: %(now)s. What you wrote is kept below: save again to put it in place "
                "of theirs."
            )
            % {"now": now}
        )
    for field, value in _as_kept(name, email, title, organisation).items():
        setattr(current, field, value)
    current.principal = principal
    with changes_by(user):
        current.save()
    return current


@transaction.atomic
def invite(*, person: Person, email: str, user: User) -> Invitation:
    """Send the person a one-time link that creates their login with a password of their own."""
    _require(permissions.can_invite(user, person))
    email = email.strip().lower()
    if not person.active:
        raise PeopleError(_("The person is deactivated. Activate them before inviting them."))
    if person.user is not None and person.user.is_active:
        raise PeopleError(
            _("%(name)s already has a login. They can reset their password from the log-in page.")
            % {"name": person.name}
        )
    taken = get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
    if person.user_id:
        taken = taken.exclude(pk=person.user_id)
    if taken.exists() or Person.objects.filter(email__iexact=email).exclude(pk=person.pk).exists():
        raise PeopleError(
            _("The address %(email)s belongs to someone else in the register.") % {"email": email}
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with changes_by(user):
        if person.email != email:
            person.email = email
            person.save(update_fields=["email"])
        # A new invitation replaces the earlier ones: a link sent to a mistyped address
        # can then no longer be used.
        Invitation.objects.filter(person=person, accepted_at__isnull=True).update(expires_at=now)
        invitation = Invitation.objects.create(
            person=person,
            email=email,
            token_hash=token_hash(token),
            invited_by=user,
            created_at=now,
            expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
        )
    link = absolute_url(reverse("invitation_accept", args=[token]))
    # The inviter by name (an account without a person by its own name, never its user
    # name), and what the person is invited to do.
    inviter = name_of(user) or _("An administrator of the register")
    roles = [
        f"{m.get_role_display()}, {m.forum.name}"
        for m in person.memberships.filter(end_date__isnull=True).select_related("forum")
    ] + [
        _("Representative of %(principal)s") % {"principal": r.principal.name}
        for r in Representation.objects.current().filter(person=person).select_related("principal")
    ]
    queue_email(
        kind="invitation",
        key=f"invitation:{invitation.pk}",
        person=person,
        recipient=email,
        subject=_("Your login to the decision register of RSS Dalarna"),
        body=render_to_string(
            "people/email/invitation.txt",
            {
                "person": person,
                "link": link,
                "inviter": inviter,
                "days": INVITATION_DAYS,
                "roles": roles,
            },
        ),
    )
    return invitation


def open_invitation(token: str) -> Invitation:
    """The invitation of this link, or the reason it cannot be used."""
    invitation = (
        Invitation.objects.select_related("person", "person__user")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None or not invitation.person.active:
        raise InvitationInvalid()
    account = invitation.person.user
    if invitation.accepted_at is not None or (account is not None and account.is_active):
        raise InvitationUsed()
    if invitation.expires_at <= timezone.now():
        raise InvitationExpired()
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """Create the login the invitation offers (or reopen the person's old one).

    The invitation is claimed with a conditional update, so the same link used twice at
    once still creates one login."""
    invitation = open_invitation(token)
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    if not claimed:
        raise InvitationUsed()
    person = invitation.person
    account = person.user or get_user_model()(username=invitation.email)
    account.email = invitation.email
    account.is_active = True
    account.set_password(password)
    try:
        with transaction.atomic(), changes_by(account if account.pk else _system()):
            account.save()
    except IntegrityError:
        raise PeopleError(
            _("The address %(email)s belongs to someone else in the register.")
            % {"email": invitation.email}
        ) from None
    with changes_by(account):
        if person.user_id != account.pk:
            person.user = account
            person.save(update_fields=["user"])
        invitation.refresh_from_db()
        invitation.save()  # the acceptance in the invitation's history, by the new user
    return account


def _system() -> User:
    from council.history import system_user

    return system_user()


@transaction.atomic
def give_membership(
    *,
    person: Person,
    forum: Forum,
    role: str,
    user: User,
    principal: Principal | None = None,
    start_date: datetime.date | None = None,
) -> Membership:
    _require(permissions.can_give_role(user, forum.pk, role))
    if Membership.objects.filter(
        person=person, forum=forum, role=role, end_date__isnull=True
    ).exists():
        raise PeopleError(_("The person already holds this role in the forum."))
    with changes_by(user):
        return Membership.objects.create(
            person=person,
            forum=forum,
            role=role,
            principal=principal or person.principal,
            start_date=start_date or timezone.localdate(),
        )


@transaction.atomic
def end_membership(*, membership: Membership, user: User) -> Membership:
    """The role ends today; the membership stays in the history of the forum."""
    _require(permissions.can_give_role(user, membership.forum_id, membership.role))
    if membership.end_date is not None:
        raise PeopleError(_("The role has already ended."))
    today = timezone.localdate()
    with changes_by(user):
        membership.end_date = max(today, membership.start_date or today)
        membership.save(update_fields=["end_date"])
    return membership


@transaction.atomic
def give_representation(*, person: Person, principal: Principal, user: User) -> Representation:
    _require(permissions.can_administer_accounts(user))
    if Representation.objects.current().filter(person=person, principal=principal).exists():
        raise PeopleError(_("The person already represents this principal."))
    with changes_by(user):
        return Representation.objects.create(person=person, principal=principal)


@transaction.atomic
def end_representation(*, representation: Representation, user: User) -> None:
    _require(permissions.can_administer_accounts(user))
    if representation.end_date is not None:
        raise PeopleError(_("The role has already ended."))
    with changes_by(user):
        representation.end_date = max(timezone.localdate(), representation.start_date)
        representation.save(update_fields=["end_date"])


@transaction.atomic
def set_administrator(*, person: Person, administrator: bool, user: User) -> None:
    """Administrators are staff accounts: they prepare every forum's meetings."""
    _require(permissions.can_administer_accounts(user))
    account = person.user
    if account is None:
        raise PeopleError(_("Invite the person first: an administrator needs a login."))
    if not administrator and account.pk == user.pk:
        raise PeopleError(_("You cannot take your own administrator role."))
    if account.is_superuser and not administrator:
        raise PeopleError(_("The account is a superuser; change it in the Django admin."))
    with changes_by(user):
        account.is_staff = administrator
        account.save(update_fields=["is_staff"])


@transaction.atomic
def set_active(*, person: Person, active: bool, user: User) -> None:
    """A deactivated person can no longer log in and is sent no e-mail; their place in
    the minutes and the history stays."""
    _require(permissions.can_administer_accounts(user))
    if not active and person.user_id == user.pk:
        raise PeopleError(_("You cannot deactivate yourself."))
    with changes_by(user):
        person.active = active
        person.save(update_fields=["active"])
        if person.user is not None and person.user.is_active != active:
            person.user.is_active = active
            person.user.save(update_fields=["is_active"])
        if not active:
            Invitation.objects.filter(person=person, accepted_at__isnull=True).update(
                expires_at=timezone.now()
            )


@transaction.atomic
def set_email_choices(*, person: Person, wanted: list[str], user: User) -> None:
    """Each person chooses which e-mails they receive (on their own account page)."""
    _require(getattr(user, "person", None) == person or permissions.is_administrator(user))
    muted = sorted(set(EmailKind.values) - set(wanted))
    with changes_by(user):
        person.muted_emails = muted
        person.save(update_fields=["muted_emails"])
