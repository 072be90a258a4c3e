"""Following a case, an agreement, a forum or a search, and a person's own calendar address."""

from django.core import signing
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.models import Agreement, PrincipalDecision
from council.errors import DomainError
from council.models import Forum, Person
from meetings.models import Case, Decision
from register.filters import DecisionFilter

from .models import CalendarToken, Follow

UNFOLLOW_SALT = "feeds.unfollow"
CALENDAR_SALT = "feeds.calendar"


class FollowError(DomainError):
    """What cannot be followed; ``message`` is shown to the user."""


# --- searches of the decision list ---------------------------------------------------


def normalised_search(params: QueryDict) -> str:
    """The decision list's filters in ``params`` as a query string that is the same for
    the same search: only the list's own filters, none empty, in the order of their names."""
    allowed = DecisionFilter.base_filters
    pairs = sorted(
        (name, value.strip())
        for name in params
        if name in allowed
        for value in params.getlist(name)
        if value.strip()
    )
    query = QueryDict(mutable=True)
    for name, value in pairs:
        query.appendlist(name, value)
    return query.urlencode()


def describe_filters(decision_filter: DecisionFilter) -> str:
    """The chosen filters in words, e.g. "Välfärdsrådet, 2024, sökningen ”äldre”"."""
    if not decision_filter.form.is_valid():
        return ""
    data = decision_filter.form.cleaned_data
    kinds = dict(Decision.Kind.choices)
    adoptions = dict(PrincipalDecision.Status.choices)
    parts = []
    if data.get("forum"):
        parts.append(data["forum"].name)
    if data.get("case"):
        parts.append(_("the case “%(title)s”") % {"title": data["case"].title})
    if data.get("agreement"):
        parts.append(data["agreement"].short_name)
    if data.get("principal"):
        parts.append(data["principal"].short_name)
    if data.get("year"):
        parts.append(str(data["year"]))
    if data.get("date_from"):
        parts.append(_("from %(date)s") % {"date": date_format(data["date_from"], "j F Y")})
    if data.get("date_to"):
        parts.append(_("until %(date)s") % {"date": date_format(data["date_to"], "j F Y")})
    if data.get("kind"):
        parts.append(str(kinds.get(data["kind"], data["kind"])).lower())
    if data.get("adoption"):
        parts.append(str(adoptions.get(data["adoption"], data["adoption"])).lower())
    if (data.get("q") or "").strip():
        parts.append(_("the search “%(words)s”") % {"words": " ".join(data["q"].split())})
    return ", ".join(parts)


# --- following -----------------------------------------------------------------------


def agreement_name(agreement: Agreement) -> str:
    """The title, with the short name where the title does not already hold it."""
    if agreement.short_name.casefold() in agreement.title.casefold():
        return agreement.title
    return f"{agreement.title} ({agreement.short_name})"


def follow_target(kind: str, target: str) -> tuple[dict, str]:
    """The fields of a follow of ``kind`` on ``target`` (a case's or agreement's id, a
    forum's code, or the decision list's query string), and what it is in words."""
    if kind == Follow.Kind.CASE:
        case = Case.objects.filter(pk=int(target)).first() if target.isdigit() else None
        if case is None:
            raise FollowError(_("There is no such case."))
        return {"case": case}, case.title
    if kind == Follow.Kind.AGREEMENT:
        agreement = Agreement.objects.filter(pk=int(target)).first() if target.isdigit() else None
        if agreement is None:
            raise FollowError(_("There is no such agreement."))
        return {"agreement": agreement}, agreement_name(agreement)
    if kind == Follow.Kind.FORUM:
        forum = Forum.objects.filter(code__iexact=target).first()
        if forum is None:
            raise FollowError(_("There is no such forum."))
        return {"forum": forum}, forum.name
    if kind == Follow.Kind.SEARCH:
        query = normalised_search(QueryDict(target))
        if not query:
            raise FollowError(_("Choose a filter or search for words first, then follow the list."))
        max_length = Follow._meta.get_field("query").max_length
        assert max_length is not None  # a CharField's
        if len(query) > max_length:
            raise FollowError(_("The search is too long to follow."))
        decision_filter = DecisionFilter(QueryDict(query), queryset=Decision.objects.none())
        if not decision_filter.form.is_valid():
            raise FollowError(_("Some filters could not be used: correct them, then follow."))
        return {"query": query}, describe_filters(decision_filter)
    raise FollowError(_("That cannot be followed."))


def follow(*, person: Person, kind: str, target: str) -> tuple[Follow, bool]:
    """The person follows the target; returns the follow and whether it is new."""
    fields, label = follow_target(kind, target)
    existing = Follow.objects.filter(person=person, kind=kind, **fields).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            created = Follow.objects.create(person=person, kind=kind, label=label[:300], **fields)
    except IntegrityError:  # a double click: the other request made it
        return Follow.objects.get(person=person, kind=kind, **fields), False
    return created, True


def unfollow(*, person_id: int, follow_id: int) -> Follow | None:
    """Stop one follow of the person; returns what it was, or None if it was gone."""
    found = Follow.objects.filter(pk=follow_id, person_id=person_id).first()
    if found is not None:
        found.delete()
    return found


def follow_state(person_id: int, kind: str, target: str) -> Follow | None:
    try:
        fields, _label = follow_target(kind, target)
    except FollowError:
        return None
    return Follow.objects.filter(person_id=person_id, kind=kind, **fields).first()


def unfollow_token(follow: Follow) -> str:
    """A signed token that stops this follow without logging in, for every e-mail."""
    return signing.dumps({"p": follow.person_id, "f": follow.pk}, salt=UNFOLLOW_SALT)


def unfollow_path(follow: Follow) -> str:
    return reverse("unfollow_signed", args=[unfollow_token(follow)])


def read_unfollow_token(token: str) -> tuple[int, int] | None:
    try:
        data = signing.loads(token, salt=UNFOLLOW_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not {"p", "f"} <= data.keys():
        return None
    return int(data["p"]), int(data["f"])


def target_url(follow: Follow) -> str:
    if follow.kind == Follow.Kind.CASE:
        return reverse("case_detail", args=[follow.case_id])
    if follow.kind == Follow.Kind.AGREEMENT:
        return reverse("agreement_detail", args=[follow.agreement_id])
    if follow.kind == Follow.Kind.FORUM:
        assert follow.forum is not None  # follow_one_target: a forum's follow names it
        return reverse("forum_detail", args=[follow.forum.code])
    return f"{reverse('decision_list')}?{follow.query}"


# --- a person's own calendar ---------------------------------------------------------


def calendar_token(token: CalendarToken) -> str:
    """The secret part of the person's calendar address."""
    mac = salted_hmac(
        CALENDAR_SALT, f"{token.person_id}:{token.secret}", algorithm="sha256"
    ).hexdigest()
    return f"{token.person_id}-{mac[:40]}"


def calendar_owner(value: str) -> CalendarToken | None:
    """The calendar address's owner, if the address is current and they are active."""
    person_id, _dash, _mac = value.partition("-")
    if not person_id.isdigit():
        return None
    token = (
        CalendarToken.objects.select_related("person__user")
        .filter(person_id=int(person_id), person__active=True)
        .first()
    )
    if token is None or not constant_time_compare(calendar_token(token), value):
        return None
    return token


def own_calendar(*, person: Person) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(person=person)
    return token


@transaction.atomic
def renew_calendar(*, person: Person) -> CalendarToken:
    """A new address for the person's calendar; the old one stops working at once."""
    from .models import new_secret

    token, created = CalendarToken.objects.select_for_update().get_or_create(person=person)
    if not created:
        token.secret = new_secret()
        token.save(update_fields=["secret"])
    return token
