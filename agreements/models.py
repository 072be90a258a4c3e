"""Agreements between the principals and each principal's adoption of recommendations."""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import Forum, Principal
from council.validators import long_text, one_line, plain_text
from meetings.models import Case, Decision


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class AgreementQuerySet(models.QuerySet):
    def in_force(self, today: datetime.date | None = None) -> "AgreementQuerySet":
        today = today or timezone.localdate()
        return self.filter(status=Agreement.Status.ACTIVE).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        )

    def expiring_within(self, days: int, today: datetime.date | None = None) -> "AgreementQuerySet":
        today = today or timezone.localdate()
        return self.in_force(today).filter(valid_until__lte=today + datetime.timedelta(days=days))

    def evaluation_due_within(
        self, days: int, today: datetime.date | None = None
    ) -> "AgreementQuerySet":
        today = today or timezone.localdate()
        return self.exclude(status__in=[Agreement.Status.ENDED, Agreement.Status.REPLACED]).filter(
            evaluation_due__gte=today, evaluation_due__lte=today + datetime.timedelta(days=days)
        )


class Agreement(models.Model):
    class Kind(models.TextChoices):
        REGIONAL = "regional", _("County-wide agreement (överenskommelse)")
        CONTRACT = "contract", _("Contract (avtal)")
        NATIONAL = "national", _("National agreement between the state and SKR")
        GUIDELINE = "guideline", _("Guidelines")

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        REPLACED = "replaced", _("Replaced")

    title = models.CharField(_("title"), max_length=300, validators=[one_line])
    short_name = models.CharField(
        _("short name"), max_length=60, unique=True, validators=[one_line]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGIONAL)
    description = models.TextField(_("description"), blank=True, validators=[plain_text, long_text])
    parties = models.ManyToManyField(
        Principal, verbose_name=_("parties"), blank=True, related_name="agreements"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    until_further_notice = models.BooleanField(
        _("valid until further notice"),
        default=False,
        help_text=_("Tills vidare: the agreement has no end date."),
    )
    automatic_extension_months = models.PositiveSmallIntegerField(
        _("automatic extension (months)"),
        null=True,
        blank=True,
        help_text=_("Extended by this many months unless a party gives notice."),
    )
    notice_months = models.PositiveSmallIntegerField(
        _("notice period (months)"), null=True, blank=True
    )
    evaluation_due = models.DateField(_("evaluation due"), null=True, blank=True)
    follow_up_interval_months = models.PositiveSmallIntegerField(
        _("follow-up every (months)"), null=True, blank=True
    )
    follow_up_forum = models.ForeignKey(
        Forum,
        verbose_name=_("followed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements_followed_up",
    )
    responsible_forum = models.ForeignKey(
        Forum,
        verbose_name=_("responsible forum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements_responsible",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    cases = models.ManyToManyField(
        Case, verbose_name=_("cases"), blank=True, related_name="agreements"
    )

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[parties, cases])

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gt=F("valid_from")),
                name="agreement_valid_until_after_from",
                violation_error_message=_("An agreement must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(until_further_notice=False) | Q(valid_until__isnull=True),
                name="agreement_open_ended_has_no_end",
                violation_error_message=_(
                    "An agreement valid until further notice cannot have an end date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.short_name})"

    def notice_deadline(self) -> datetime.date | None:
        """The last day a party can give notice before the agreement runs out."""
        if self.valid_until is None or self.notice_months is None:
            return None
        return add_months(self.valid_until, -self.notice_months)

    def is_in_force(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.status != self.Status.ACTIVE:
            return False
        started = self.valid_from is None or self.valid_from <= today
        return started and (self.valid_until is None or self.valid_until >= today)

    def set_default_parties(self) -> None:
        """By default an agreement binds all the principals."""
        self.parties.set(Principal.objects.all())


class PrincipalDecisionQuerySet(models.QuerySet):
    def pending(self) -> "PrincipalDecisionQuerySet":
        return self.filter(status=PrincipalDecision.Status.PENDING)

    def for_principal(self, principal: Principal) -> "PrincipalDecisionQuerySet":
        return self.filter(principal=principal)


@dataclass(frozen=True)
class AdoptionSummary:
    """How far the principals have come in adopting one recommendation."""

    expected: int
    adopted: int
    adopted_with_changes: int
    rejected: int
    pending: int

    @classmethod
    def of(cls, statuses: Iterable[str], expected: int) -> "AdoptionSummary":
        """The summary of the recorded ``statuses`` of ``expected`` principals."""
        statuses = list(statuses)
        Status = PrincipalDecision.Status
        return cls(
            expected=expected,
            adopted=statuses.count(Status.ADOPTED),
            adopted_with_changes=statuses.count(Status.ADOPTED_WITH_CHANGES),
            rejected=statuses.count(Status.REJECTED),
            pending=statuses.count(Status.PENDING),
        )

    @property
    def recorded(self) -> int:
        return self.adopted + self.adopted_with_changes + self.rejected + self.pending

    @property
    def not_yet_decided(self) -> int:
        """Principals still to decide, including those with no row recorded yet."""
        return self.expected - self.adopted - self.adopted_with_changes - self.rejected

    @property
    def adopted_by_all(self) -> bool:
        # Adoption with changes is not the identical decision the recommendation
        # asks for, so only unchanged adoptions by every principal count.
        return self.expected > 0 and self.adopted == self.expected

    @property
    def state(self) -> str:
        if self.adopted_by_all:
            return "adopted_by_all"
        if self.rejected:
            return "rejected_by_some"
        if self.adopted or self.adopted_with_changes:
            return "partly_adopted"
        return "pending"


class PrincipalDecision(models.Model):
    """One principal's decision on a recommendation (huvudmannens beslut)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ADOPTED = "adopted", _("Adopted")
        ADOPTED_WITH_CHANGES = "adopted_with_changes", _("Adopted with changes")
        REJECTED = "rejected", _("Rejected")

    recommendation = models.ForeignKey(
        Decision,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="principal_decisions",
    )
    principal = models.ForeignKey(
        Principal,
        verbose_name=_("principal"),
        on_delete=models.PROTECT,
        related_name="principal_decisions",
    )
    status = models.CharField(
        _("status"), max_length=25, choices=Status.choices, default=Status.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    body = models.CharField(
        _("decided by"),
        max_length=150,
        blank=True,
        validators=[one_line],
        help_text=_("E.g. Kommunfullmäktige."),
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True, validators=[one_line])
    adopted_text = models.TextField(
        _("text adopted"), blank=True, validators=[plain_text, long_text]
    )

    objects = PrincipalDecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "principal__position", "principal__short_name"]
        verbose_name = _("principal's decision")
        verbose_name_plural = _("principals' decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "principal"],
                name="principaldecision_one_per_principal",
                violation_error_message=_(
                    "This principal's decision on the recommendation is already recorded."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_on__isnull=False),
                name="principaldecision_decided_has_date",
                violation_error_message=_("A decision that has been taken needs its date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.principal}: {self.get_status_display()}"

    def clean(self) -> None:
        if self.recommendation_id and not self.recommendation.is_for_adoption:
            raise ValidationError(
                {"recommendation": _("Principals adopt recommendations to the principals only.")}
            )
