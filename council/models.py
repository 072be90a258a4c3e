"""The organisation: principals (huvudmän), forums, people and their roles."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

from council.validators import long_text, one_line, plain_text


class Role(models.TextChoices):
    """Roles a person can hold in a forum or at a meeting."""

    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    MEMBER = "member", _("Member")
    DEPUTY = "deputy", _("Deputy")
    SECRETARY = "secretary", _("Secretary")
    OFFICIAL = "official", _("Official")
    PRESENTER = "presenter", _("Presenter")
    GUEST = "guest", _("Guest")


class EmailKind(models.TextChoices):
    """The e-mails the register sends; each person chooses which of these they receive."""

    JUSTERING_REQUESTED = "justering_requested", _("Minutes sent to me for justering")
    JUSTERING_FEEDBACK = (
        "justering_feedback",
        _("A justerare approved or commented on minutes I keep"),
    )
    MINUTES_PUBLISHED = "minutes_published", _("Minutes of my forums published")
    NOTICE = "notice", _("Notices of my forums' meetings, with the agenda")
    RECOMMENDATION = "recommendation", _("Recommendations for my principal to adopt")
    REMINDERS = (
        "reminders",
        _("Reminders of assignments, agreement deadlines, adoptions and justering that are due"),
    )
    FOLLOWED = "followed", _("New decisions on the cases, agreements, forums and searches I follow")


class Principal(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")

    name = models.CharField(_("name"), max_length=100, unique=True, validators=[one_line])
    short_name = models.CharField(
        _("short name"), max_length=50, unique=True, validators=[one_line]
    )
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The region is listed first in attendance and adoption lists, then the
    # municipalities alphabetically; position keeps that order explicit.
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "short_name"]
        verbose_name = _("principal")
        verbose_name_plural = _("principals")

    def __str__(self) -> str:
        return self.short_name


class ForumQuerySet(models.QuerySet):
    def resolve(self, name: str) -> "Forum | None":
        """The forum known by this name, code or any former name.

        Old minutes use names a forum has since dropped ("Chefsnätverket"),
        so lookups go through every name a forum has had.
        """
        wanted = " ".join(name.split()).casefold()
        if not wanted:
            return None
        for forum in self.prefetch_related("former_names"):
            if wanted in forum.all_names_folded():
                return forum
        return None


class Forum(models.Model):
    class Kind(models.TextChoices):
        NETWORK = "network", _("Network")
        COUNCIL = "council", _("Council")
        STEERING_GROUP = "steering_group", _("Steering group")
        PROGRAMME_AREA = "programme_area", _("Local programme area (LPO)")
        WORKING_GROUP = "working_group", _("Working group")

    name = models.CharField(_("name"), max_length=150, unique=True, validators=[one_line])
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[one_line],
        help_text=_("Short code, e.g. VFR or LCHNV."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    chain_level = models.PositiveSmallIntegerField(
        _("level in the chain"),
        default=1,
        help_text=_(
            "Where the forum stands in the decision chain: higher levels receive "
            "referrals from lower ones (e.g. SCHNV 2, LCHNV 3, VFR 4)."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subgroups",
    )
    chooses_justerare = models.BooleanField(
        _("chooses a person to approve the minutes"), default=False
    )
    description = models.TextField(_("description"), blank=True, validators=[plain_text, long_text])
    active = models.BooleanField(_("active"), default=True)

    objects = ForumQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-chain_level", "name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return self.name

    def all_names_folded(self) -> set[str]:
        names = {self.name, self.code, *(f.name for f in self.former_names.all())}
        return {" ".join(n.split()).casefold() for n in names}

    def name_on(self, day: datetime.date | None) -> str:
        """The forum's name as it was on ``day``: the former name in use then, where its
        dates say so, else today's. Reads ``former_names`` (prefetch it for many)."""
        return name_on(self.name, [(f.used_until, f.name) for f in self.former_names.all()], day)


def name_on(
    current: str, former: Iterable[tuple[datetime.date | None, str]], day: datetime.date | None
) -> str:
    """The name in use on ``day``, from today's name and the former names with the last
    day each was used. The name of a day is the former name used longest ago that was
    still in use that day; a former name without a date is another spelling, kept to
    recognise the forum in old minutes, never shown."""
    if day is None:
        return current
    used = [(until, name) for until, name in former if until is not None and until >= day]
    return min(used)[1] if used else current


def former_name_at(forum: str, day: str) -> models.Subquery:
    """The former name of the forum ``forum`` on the date ``day`` (both paths of the
    outer query), as a subquery; None where today's name applies. The rule of
    ``name_on``, worked out by the database in the query that reads the rows."""
    return models.Subquery(
        ForumName.objects.filter(forum=OuterRef(forum), used_until__gte=OuterRef(day))
        .order_by("used_until", "name")
        .values("name")[:1]
    )


def name_at(forum: str, day: str) -> Coalesce:
    """The name of the forum ``forum`` on the date ``day`` (both paths of the outer
    query): the former name in use then, else today's; read in the query itself."""
    return Coalesce(former_name_at(forum, day), F(f"{forum}__name"))


class ForumNames:
    """Every forum's code, name and dated former names, read in one query, for pages that
    name many forums at many dates (a list, a chain) without a query per row."""

    def __init__(self) -> None:
        self.codes: dict[int, str] = {}
        self.names: dict[int, str] = {}
        self.former: dict[int, list[tuple[datetime.date, str]]] = {}
        # In the forums' own order (the chain's highest level first), for a list to offer.
        rows = Forum.objects.order_by("-chain_level", "name", "id").values_list(
            "id", "code", "name", "former_names__used_until", "former_names__name"
        )
        for pk, code, name, until, former in rows:
            self.codes[pk] = code
            self.names[pk] = name
            if until is not None:
                self.former.setdefault(pk, []).append((until, former))

    def __contains__(self, pk: object) -> bool:
        return pk in self.names

    def name(self, pk: int, day: datetime.date | None = None) -> str:
        """The forum's name on ``day`` (today's without one)."""
        former = self.former.get(pk)
        return name_on(self.names[pk], former, day) if former else self.names[pk]

    def code(self, pk: int) -> str:
        return self.codes[pk]


class ForumName(models.Model):
    """A name the forum has been known by, so that old minutes resolve to it; with the
    last day it was used, the name old minutes and the chain show for their date."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField(_("name"), max_length=150, unique=True, validators=[one_line])
    used_until = models.DateField(
        _("used until"),
        null=True,
        blank=True,
        help_text=_(
            "The last day the forum had this name: meetings until then show it. Leave "
            "empty for another spelling of a name, used only to recognise the forum."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["forum", "name"]
        verbose_name = _("former name")
        verbose_name_plural = _("former names")

    def __str__(self) -> str:
        return self.name


class StandingItem(models.Model):
    """An item that stands on every agenda of a forum (en stående punkt)."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="standing_items"
    )
    title = models.CharField(_("title"), max_length=300, validators=[one_line])
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    responsible = models.ForeignKey(
        Forum,
        verbose_name=_("presented by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["forum", "position", "id"]
        verbose_name = _("standing agenda item")
        verbose_name_plural = _("standing agenda items")

    def __str__(self) -> str:
        return self.title


class Person(models.Model):
    name = models.CharField(_("name"), max_length=150, validators=[one_line])
    other_names = models.JSONField(
        _("other spellings"),
        default=list,
        blank=True,
        help_text=_("Spellings of the name found in minutes, used to recognise the person."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True, validators=[one_line])
    principal = models.ForeignKey(
        Principal,
        verbose_name=_("principal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    organisation = models.CharField(
        _("other organisation"),
        max_length=200,
        blank=True,
        validators=[one_line],
        help_text=_("For people who do not work for a principal, e.g. Länsstyrelsen."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    muted_emails = models.JSONField(
        _("e-mails not wanted"),
        default=list,
        blank=True,
        help_text=_("The kinds of e-mail the person has chosen not to receive."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # When the person last opened the start page, and when the visit before the present
    # one ended, which the start page lists changes since (people.visits); not changes
    # to the record, so not in its history.
    last_visit_at = models.DateTimeField(_("last visit"), null=True, blank=True, editable=False)
    previous_visit_at = models.DateTimeField(
        _("previous visit"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["last_visit_at", "previous_visit_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    @property
    def affiliation(self) -> str:
        return self.principal.name if self.principal is not None else self.organisation

    def known_as(self, name: str) -> bool:
        folded = " ".join(name.split()).casefold()
        return folded in {" ".join(n.split()).casefold() for n in [self.name, *self.other_names]}

    @property
    def email_address(self) -> str:
        """Where e-mail to the person goes: their address in the register, else their login's."""
        return self.email or (self.user.email if self.user is not None else "")

    def wants(self, kind: str) -> bool:
        """Whether the person is to receive e-mail of this kind: active, with an address,
        and not having said no to it."""
        return bool(self.active and self.email_address and kind not in (self.muted_emails or []))


class Membership(models.Model):
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    principal = models.ForeignKey(
        Principal,
        verbose_name=_("represents"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["forum", "principal__position", "person__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "person", "role"],
                condition=Q(end_date__isnull=True),
                name="membership_one_current_per_role",
                violation_error_message=_("The person already holds this role in the forum."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="membership_end_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.forum.code}"


class RepresentationQuerySet(models.QuerySet):
    def current(self) -> "RepresentationQuerySet":
        return self.filter(end_date__isnull=True)


class Representation(models.Model):
    """A person who brings recommendations home to a principal and records its decision.

    Besides the principal's own people with a seat in Välfärdsrådet or
    Länschefsnätverket (see council.permissions), an administrator can name anyone,
    e.g. a registrar of the municipality, as the principal's representative.
    """

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="representations",
    )
    principal = models.ForeignKey(
        Principal,
        verbose_name=_("principal"),
        on_delete=models.CASCADE,
        related_name="representations",
    )
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)

    objects = RepresentationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["principal__position", "person__name"]
        verbose_name = _("representative of a principal")
        verbose_name_plural = _("representatives of principals")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "principal"],
                condition=Q(end_date__isnull=True),
                name="representation_one_current",
                violation_error_message=_("The person already represents this principal."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.principal}"


class OutboxMessage(models.Model):
    """One e-mail to one recipient, kept from the moment it is decided until it is sent.

    The worker claims a message before it sends it, so it is never sent twice; a mail
    server that fails leaves it queued for a later attempt, so nothing is lost.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=30)
    # One message per action and recipient: the same action repeated sends nothing more.
    key = models.CharField(_("key"), max_length=200, unique=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("outbox")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"


class OutboxAttachment(models.Model):
    message = models.ForeignKey(
        OutboxMessage,
        verbose_name=_("e-mail"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    filename = models.CharField(_("file name"), max_length=200)
    mimetype = models.CharField(_("type"), max_length=100)
    content = models.BinaryField(_("content"))

    class Meta:
        ordering = ["message", "id"]
        verbose_name = _("e-mail attachment")
        verbose_name_plural = _("e-mail attachments")

    def __str__(self) -> str:
        return self.filename


# Accounts are given, changed and closed in the app: their history says who did it. The
# password hash and the time of each log-in are no part of that story.
register(
    get_user_model(),
    app="council",
    excluded_fields=["password", "last_login"],
    table_name="council_historicaluser",
)
