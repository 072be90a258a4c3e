"""Who may see and edit what: one place for the rules of every view."""

from django.contrib.auth.models import AnonymousUser, User

from council.models import Membership, Role


def is_administrator(user: User | AnonymousUser) -> bool:
    """RSS staff: they see and prepare everything."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def secretary_forum_ids(user: User | AnonymousUser) -> set[int]:
    """The forums whose meetings this user keeps the minutes of."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_secretary_forum_ids", None)
    if cached is None:
        cached = set(
            Membership.objects.filter(
                person__user=user, role=Role.SECRETARY, end_date__isnull=True
            ).values_list("forum_id", flat=True)
        )
        user._secretary_forum_ids = cached
    return cached


def editable_forum_ids(user: User | AnonymousUser) -> set[int] | None:
    """The forums whose meetings the user may create and edit; None means every forum."""
    if is_administrator(user):
        return None
    return secretary_forum_ids(user)


def can_edit_meeting(user: User | AnonymousUser, meeting) -> bool:
    """A forum's secretaries and the administrators keep that forum's minutes."""
    forums = editable_forum_ids(user)
    return forums is None or meeting.forum_id in forums


# The forums where a principal's own people sit as its representatives: Välfärdsrådet
# (its politicians) and Länschefsnätverket (the head of its social services), who bring
# recommendations home and report the principal's decision back.
ADOPTION_FORUM_CODES = ("VFR", "LCHNV")
ADOPTION_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.DEPUTY)


def can_record_adoption(user: User | AnonymousUser, principal=None) -> bool:
    """Administrators record every principal's decision on a recommendation; a principal's
    representative (a person of that principal with a current seat in VFR or LCHNV) records
    their own principal's. With no principal: may the user record for any principal?"""
    if is_administrator(user):
        return True
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_adoption_principal_ids", None)
    if cached is None:
        cached = set(
            Membership.objects.filter(
                person__user=user,
                person__principal__isnull=False,
                forum__code__in=ADOPTION_FORUM_CODES,
                role__in=ADOPTION_ROLES,
                end_date__isnull=True,
            ).values_list("person__principal_id", flat=True)
        )
        user._adoption_principal_ids = cached
    if principal is None:
        return bool(cached)
    return getattr(principal, "pk", principal) in cached
