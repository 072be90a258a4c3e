"""The organisation: principals (huvudmän), forums, people and their roles."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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


class Principal(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, unique=True)
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

    name = models.CharField(_("name"), max_length=150, unique=True)
    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("Short code, e.g. VFR or LCHNV.")
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
    description = models.TextField(_("description"), blank=True)
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


class ForumName(models.Model):
    """A name the forum has been known by, so that old minutes resolve to it."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField(_("name"), max_length=150, unique=True)
    used_until = models.DateField(_("used until"), null=True, blank=True)

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
    title = models.CharField(_("title"), max_length=300)
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
    name = models.CharField(_("name"), max_length=150)
    other_names = models.JSONField(
        _("other spellings"),
        default=list,
        blank=True,
        help_text=_("Spellings of the name found in minutes, used to recognise the person."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
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
        help_text=_("For people who do not work for a principal, e.g. Länsstyrelsen."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    @property
    def affiliation(self) -> str:
        return self.principal.name if self.principal_id else self.organisation

    def known_as(self, name: str) -> bool:
        folded = " ".join(name.split()).casefold()
        return folded in {" ".join(n.split()).casefold() for n in [self.name, *self.other_names]}


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
