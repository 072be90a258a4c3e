"""Who may see and edit what: one place for the rules of every view."""

from collections.abc import Callable, Collection
from functools import wraps
from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Aggregate, CharField, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse

from council.models import Membership, Person, Principal, Representation, Role

# Whoever asks for a page: a logged-in user or a visitor.
Reader = User | AnonymousUser


def is_administrator(user: User | AnonymousUser) -> bool:
    """RSS staff: they see and prepare everything."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def can_use_admin(user: User | AnonymousUser) -> bool:
    """Django's administration lets in active staff accounts only."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def secretary_forum_ids(user: User | AnonymousUser) -> set[int]:
    """The forums whose meetings this user keeps the minutes of."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_secretary_forum_ids", None)
    if cached is None:
        cached = set(_secretary_rows().filter(person__user=user).values_list("forum_id", flat=True))
        # Kept on the user object: asked many times in one request.
        user._secretary_forum_ids = cached  # type: ignore[attr-defined]
    return cached


def member_forums(user: User | AnonymousUser) -> QuerySet[Membership, Any]:
    """The forums the user sits in now, in any role, as a queryset of forum ids that the
    database works out within the query that uses it: those sent each notice."""
    return Membership.objects.filter(
        person__user=user if user.is_authenticated else None, end_date__isnull=True
    ).values("forum_id")


def editable_forum_ids(user: User | AnonymousUser) -> set[int] | None:
    """The forums whose meetings the user may create and edit; None means every forum."""
    if is_administrator(user):
        return None
    return secretary_forum_ids(user)


class OfForum(Protocol):
    """A meeting, as far as the rule below reads it (council does not import meetings)."""

    @property
    def forum_id(self) -> int: ...


def can_edit_meeting(user: User | AnonymousUser, meeting: OfForum) -> bool:
    """A forum's secretaries and the administrators keep that forum's minutes."""
    forums = editable_forum_ids(user)
    return forums is None or meeting.forum_id in forums


# The forums where a principal's own people sit as its representatives: Välfärdsrådet
# (its politicians) and Länschefsnätverket (the head of its social services), who bring
# recommendations home and report the principal's decision back.
ADOPTION_FORUM_CODES = ("VFR", "LCHNV")
ADOPTION_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.DEPUTY)


def can_record_adoption(
    user: User | AnonymousUser, principal: Principal | int | None = None
) -> bool:
    """Administrators record every principal's decision on a recommendation; a principal's
    representative (a person of that principal with a current seat in VFR or LCHNV, or one
    an administrator named) records their own principal's. With no principal: may the user
    record for any principal?"""
    if is_administrator(user):
        return True
    cached = representative_principal_ids(user)
    if principal is None:
        return bool(cached)
    return getattr(principal, "pk", principal) in cached


def representative_principal_ids(user: User | AnonymousUser) -> set[int]:
    """The principals whose decisions this user records: their own principal where they
    hold a seat in VFR or LCHNV, and any principal they are named representative of."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_adoption_principal_ids", None)
    if cached is None:
        seats, named = _representations(user)
        cached = set(seats.union(named))
        # Kept on the user object: asked many times in one request.
        user._adoption_principal_ids = cached  # type: ignore[attr-defined]
    return cached


class _Ids(Aggregate):
    """The ids of the rows as one string, comma-separated (NULL when there are none)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s::text, ',')",
            **extra_context,
        )


def _ids_of(queryset: QuerySet, column: str) -> Subquery:
    """``column`` of the rows of ``queryset`` that belong to the outer query's user."""
    return Subquery(
        queryset.filter(person__user=OuterRef("pk"))
        .order_by()
        .values("person__user")
        .annotate(ids=_Ids(column))
        .values("ids")
    )


def with_roles(users: QuerySet) -> QuerySet:
    """The users with the forums they keep and the principals they record adoptions for,
    read in the same query as the users themselves (see ``remember_roles``).

    Every page a logged-in member opens asks these; read with the user at the start of
    the request, they cost no query of their own."""
    seats, named = _representation_rows()
    return users.annotate(
        roles_secretary=_ids_of(_secretary_rows(), "forum_id"),
        roles_seats=_ids_of(seats, "person__principal_id"),
        roles_named=_ids_of(named, "principal_id"),
    )


def remember_roles(user: User) -> User:
    """Keep what ``with_roles`` read on the user, where secretary_forum_ids and
    representative_principal_ids look first."""

    def ids(*values: str | None) -> set[int]:
        return {int(pk) for value in values if value for pk in value.split(",")}

    user._secretary_forum_ids = ids(user.roles_secretary)  # type: ignore[attr-defined]
    user._adoption_principal_ids = ids(user.roles_seats, user.roles_named)  # type: ignore[attr-defined]
    return user


def represented_principals_known(user: User | AnonymousUser) -> frozenset[int] | None:
    """The principals kept on the user by representative_principal_ids or with the user's
    row, or None where they are not (represented_principals_q then reads them within the
    query that uses it)."""
    cached = getattr(user, "_adoption_principal_ids", None)
    return None if cached is None else frozenset(cached)


def represented_principals_q(user: User | AnonymousUser, field: str = "principal") -> Q:
    """The same principals as representative_principal_ids, as a filter on ``field`` that
    the database works out within the query that uses it (no query of its own)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    cached = getattr(user, "_adoption_principal_ids", None)
    if cached is not None:
        return Q(**{f"{field}__in": cached})
    seats, named = _representations(user)
    return Q(**{f"{field}__in": seats}) | Q(**{f"{field}__in": named})


def _secretary_rows() -> QuerySet[Membership]:
    return Membership.objects.filter(role=Role.SECRETARY, end_date__isnull=True)


def _representation_rows() -> tuple[QuerySet[Membership], QuerySet[Representation]]:
    """The seats in VFR or LCHNV of people of a principal, and the current named
    representations: who records which principal's adoptions."""
    seats = Membership.objects.filter(
        person__principal__isnull=False,
        forum__code__in=ADOPTION_FORUM_CODES,
        role__in=ADOPTION_ROLES,
        end_date__isnull=True,
    )
    return seats, Representation.objects.current()


def _representations(
    user: User,
) -> tuple[QuerySet[Membership, int], QuerySet[Representation, int]]:
    """A person's principal where they hold a seat in VFR or LCHNV, and the principals
    they are named representative of, as two querysets of principal ids."""
    seats, named = _representation_rows()
    return (
        seats.filter(person__user=user).order_by().values_list("person__principal_id", flat=True),
        named.filter(person__user=user).order_by().values_list("principal_id", flat=True),
    )


def representatives_by_principal(principal_ids: Collection[int]) -> dict[int, set[int]]:
    """The ids of the people who represent each of these principals (by the same rule as
    representative_principal_ids), for sending them what their principal is to adopt."""
    seats = (
        Membership.objects.filter(
            person__principal__in=principal_ids,
            forum__code__in=ADOPTION_FORUM_CODES,
            role__in=ADOPTION_ROLES,
            end_date__isnull=True,
        )
        .order_by()
        .values_list("person__principal_id", "person_id")
    )
    named = Representation.objects.current().filter(principal__in=principal_ids).order_by()
    result: dict[int, set[int]] = {}
    for principal_id, person_id in seats.union(named.values_list("principal_id", "person_id")):
        result.setdefault(principal_id, set()).add(person_id)
    return result


# --- people and accounts -------------------------------------------------------------

# The roles a forum's secretary may give and take in that forum. Administrators give
# every role, name the principals' representatives and other administrators.
SECRETARY_GIVES = (
    Role.CHAIR,
    Role.VICE_CHAIR,
    Role.MEMBER,
    Role.DEPUTY,
    Role.SECRETARY,
    Role.OFFICIAL,
)


def can_manage_people(user: User | AnonymousUser) -> bool:
    """Who sees the people pages: administrators, and secretaries for their forums."""
    return is_administrator(user) or bool(secretary_forum_ids(user))


def managed_people_q(user: User | AnonymousUser) -> Q | None:
    """The people a secretary looks after, as a Q on Person (None: everyone).

    The members of the forums they keep the minutes of, and whoever attended or was
    chosen justerare at those forums' meetings."""
    if is_administrator(user):
        return None
    forums = secretary_forum_ids(user)
    return (
        Q(memberships__forum__in=forums, memberships__end_date__isnull=True)
        | Q(meetings_to_approve__forum__in=forums)
        | Q(attendances__meeting__forum__in=forums)
    )


def can_manage_person(user: User | AnonymousUser, person: Person) -> bool:
    rule = managed_people_q(user)
    if rule is None:
        return True
    if not secretary_forum_ids(user):
        return False
    return Person.objects.filter(rule, pk=person.pk).exists()


def can_give_role(user: User | AnonymousUser, forum_id: int, role: str) -> bool:
    """A secretary gives and takes the forum's roles in their own forums only."""
    if is_administrator(user):
        return True
    return role in SECRETARY_GIVES and forum_id in secretary_forum_ids(user)


def can_invite(user: User | AnonymousUser, person: Person) -> bool:
    """Administrators invite anyone; a secretary the people of their forums, among them
    the justerare of their own meetings."""
    return can_manage_person(user, person)


def can_administer_accounts(user: User | AnonymousUser) -> bool:
    """Deactivating, naming administrators and representatives, and reading the outbox."""
    return is_administrator(user)


# --- how views ask ---------------------------------------------------------------------


def refusal(request: HttpRequest, allowed: bool) -> HttpResponse | None:
    """None if ``allowed``; else a visitor is sent to log in and a user is refused (403).

    For a rule on the object a view has just read: ``if refused := refusal(request, …):
    return refused``.
    """
    if allowed:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def user_passes(rule: Callable[[Any], bool]) -> Callable:
    """A view for the users ``rule`` lets in; visitors are sent to log in, others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            refused = refusal(request, request.user.is_authenticated and rule(request.user))
            return refused or view(request, *args, **kwargs)

        return wrapper

    return decorator


def keeps_minutes(user: User | AnonymousUser) -> bool:
    """Secretaries of a forum and the administrators: they write and import minutes."""
    forums = editable_forum_ids(user)
    return forums is None or bool(forums)


administrator_required = user_passes(is_administrator)
people_manager_required = user_passes(can_manage_people)
minutes_keeper_required = user_passes(keeps_minutes)
account_administrator_required = user_passes(can_administer_accounts)
