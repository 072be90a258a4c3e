"""Meetings and what they decide: the minutes of every forum."""

import datetime
import re
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import Forum, Person, Principal, Role, former_name_at
from council.permissions import is_administrator, member_forums, secretary_forum_ids
from council.validators import long_text, one_line, plain_text, plausible_date

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


def visible_meetings_q(user: User | AnonymousUser, prefix: str = "") -> Q:
    """Published minutes are public documents; drafts are seen only by their editors."""
    if is_administrator(user):
        return Q()
    published = Q(**{f"{prefix}status": "published"})
    forums = secretary_forum_ids(user)
    return published | Q(**{f"{prefix}forum_id__in": forums}) if forums else published


def announced_meetings_q(user: User | AnonymousUser) -> Q:
    """The meetings whose notice was sent to ``user``: those of the forums they sit in
    (the notice's recipients, as their own calendar has them)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(notice_sent_at__isnull=False, forum_id__in=member_forums(user))


class MeetingQuerySet(models.QuerySet):
    def published(self) -> "MeetingQuerySet":
        return self.filter(status=Meeting.Status.PUBLISHED)

    def visible_to(self, user: User | AnonymousUser) -> "MeetingQuerySet":
        return self.filter(visible_meetings_q(user))

    def listed_for(self, user: User | AnonymousUser) -> "MeetingQuerySet":
        """The meetings a list shows ``user``: those they may open, and those whose notice
        was sent to them (announced_meetings_q), which they open by their notice."""
        readable = visible_meetings_q(user)
        if not readable:  # every meeting
            return self.all()
        return self.filter(readable | announced_meetings_q(user))

    def with_forum_name(self) -> "MeetingQuerySet":
        """Each meeting with the name its forum had on its date (``forum_name``),
        read in the same query."""
        return self.annotate(former_forum_name=former_name_at("forum", "date"))

    def held(self) -> "MeetingQuerySet":
        return self.exclude(status__in=[Meeting.Status.PLANNED, Meeting.Status.AGENDA_SENT])


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        AGENDA_SENT = "agenda_sent", _("Agenda sent")
        HELD = "held", _("Held")
        MINUTES_DRAFT = "minutes_draft", _("Minutes draft")
        IN_REVIEW = "in_review", _("Sent for approval (justering)")
        APPROVED = "approved", _("Minutes approved")
        PUBLISHED = "published", _("Published")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("date"), validators=[plausible_date])
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        validators=[one_line],
        help_text=_("A room, an address, Teams or Skype."),
    )
    registration_number = models.CharField(
        _("registration number (Dnr)"), max_length=50, blank=True, validators=[one_line]
    )
    minutes_date = models.DateField(
        _("date of the minutes"), null=True, blank=True, validators=[plausible_date]
    )
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings_chaired",
    )
    justerare = models.ManyToManyField(
        Person,
        verbose_name=_("approvers of the minutes (justerare)"),
        blank=True,
        related_name="meetings_to_approve",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    attendance_note = models.TextField(
        _("note on attendance"),
        blank=True,
        validators=[plain_text, long_text],
        help_text=_('E.g. "samt föredragande enligt nedan" or principals not represented.'),
    )
    # Raised on every save through the minutes form, so that two people editing the
    # same meeting are told instead of one silently overwriting the other.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    notice_sent_at = models.DateTimeField(_("notice sent"), null=True, blank=True)
    # The justerare approve what was sent: only approvals after this moment count.
    review_requested_at = models.DateTimeField(_("sent for justering"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    import_checksum = models.CharField(
        _("checksum of the imported minutes"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("Set when the minutes were imported from a file, to detect a second import."),
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[justerare])

    class Meta:
        ordering = ["-date", "-start_time", "forum__name"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=F("start_time")),
                name="meeting_end_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["forum", "date"]),
            # Lists show the newest decisions first; this lets the database walk
            # meetings by date instead of sorting the whole register.
            models.Index(fields=["-date", "-id"], name="meeting_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.forum.name} {self.date:%Y-%m-%d}"

    @cached_property
    def forum_name(self) -> str:
        """The forum's name on the meeting's date, as its minutes were headed
        (``Forum.name_on``): read with the meeting by ``with_forum_name()``, else asked."""
        if hasattr(self, "former_forum_name"):
            return self.former_forum_name or self.forum.name
        return self.forum.name_on(self.date)

    @property
    def short_date(self) -> str:
        """The date as the minutes write it in titles, e.g. 200508."""
        return f"{self.date:%y%m%d}"


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    principal = models.ForeignKey(
        Principal,
        verbose_name=_("represents"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    present = models.BooleanField(_("present"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_one_per_person",
                violation_error_message=_("The person is already in the attendance list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class CaseQuerySet(models.QuerySet):
    def open(self) -> "CaseQuerySet":
        return self.filter(status=Case.Status.OPEN)


class Case(models.Model):
    """A matter followed across meetings and forums (ärende)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=300, validators=[one_line])
    registration_number = models.CharField(
        _("registration number (Dnr)"), max_length=50, blank=True, validators=[one_line]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    description = models.TextField(_("description"), blank=True, validators=[plain_text, long_text])

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.title


item_number_validator = RegexValidator(
    r"^[1-9][0-9]{0,3}(?:[a-z]|\.[1-9][0-9]?)?$",
    _(
        "An item number is a number, optionally followed by a letter or a sub-number: "
        '"4", "4a" or "4.1".'
    ),
)


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        PROCEDURAL = "procedural", _("Procedural")
        INFORMATION = "information", _("Information")
        DECISION = "decision", _("Decision")
        REPORT = "report", _("Report")
        OTHER_BUSINESS = "other_business", _("Other business")

    class Outcome(models.TextChoices):
        HANDLED = "handled", _("Handled")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        TABLED = "tabled", _("Tabled")
        PER_CAPSULAM = "per_capsulam", _("Per capsulam")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    number = models.CharField(_("number"), max_length=5, validators=[item_number_validator])
    title = models.CharField(_("title"), max_length=500, validators=[one_line])
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.INFORMATION
    )
    attachment_refs = models.CharField(
        _("attachments referred to"),
        max_length=200,
        blank=True,
        validators=[one_line],
        help_text=_('E.g. "Bilaga 4, 5".'),
    )
    discussion = models.TextField(_("discussion"), blank=True, validators=[plain_text, long_text])
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.HANDLED
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    # Where a generated agenda took the item from: a referral or other decision waiting
    # for this forum, an assignment reporting back, or an item tabled earlier.
    source_decision = models.ForeignKey(
        "Decision",
        verbose_name=_("proposed because of decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_proposals",
    )
    source_assignment = models.ForeignKey(
        "Assignment",
        verbose_name=_("proposed because of assignment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_proposals",
    )
    source_item = models.ForeignKey(
        "self",
        verbose_name=_("returns from item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="returns_as",
    )
    proposal_key = models.CharField(
        _("proposal key"),
        max_length=100,
        blank=True,
        help_text=_("Identifies what a generated agenda proposed, so it is not proposed twice."),
    )
    proposal_reason = models.TextField(_("why the item was proposed"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agendaitem_unique_number",
                violation_error_message=_("The meeting already has an item with this number."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "proposal_key"],
                condition=~Q(proposal_key=""),
                name="agendaitem_unique_proposal",
                violation_error_message=_("The meeting already has this proposed item."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class AgendaItemPresenter(models.Model):
    """Who presented an item: a person with their title at the time, or a group."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="presenters",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presentations",
    )
    forum = models.ForeignKey(
        Forum,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presentations",
    )
    title = models.CharField(
        _("title at the time"), max_length=200, blank=True, validators=[one_line]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "position", "id"]
        verbose_name = _("presenter")
        verbose_name_plural = _("presenters")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, forum__isnull=True)
                | Q(person__isnull=True, forum__isnull=False),
                name="presenter_person_xor_group",
                violation_error_message=_("A presenter is either a person or a group."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.person is not None:
            return self.person.name
        assert self.forum is not None  # presenter_person_xor_group: else a group presents
        return self.forum.name


# The rules of a clause, stated once. The database holds the two that a row can show
# (decision_referral_has_target, decision_identical_only_for_recommendation); Decision.clean
# and the forms of the editor and the import review report all of them, in these words.
CLAUSE_WITHOUT_TEXT = _("The clause has no text.")
REFERRAL_WITHOUT_TARGET = _("A referral must name the forum it is referred to.")
REFERRAL_TO_ITSELF = _("A forum cannot refer a matter to itself.")
IDENTICAL_ONLY_FOR_RECOMMENDATION = _(
    "Only a recommendation can require identical decisions by all principals."
)
ASSIGNMENT_WITHOUT_ASSIGNEE = _("An assignment must say who carries it out.")


def clause_errors(
    *,
    text: str,
    kind: str,
    referred_to_id: int | None,
    requires_identical: bool,
    forum_id: int | None,
) -> "dict[str, _StrOrPromise]":
    """What is wrong with a clause of ``kind`` decided by the forum ``forum_id``, by field."""
    errors: dict[str, _StrOrPromise] = {}
    if not (text or "").strip():
        errors["text"] = CLAUSE_WITHOUT_TEXT
    if kind == "referred" and not referred_to_id:
        errors["referred_to"] = REFERRAL_WITHOUT_TARGET
    elif referred_to_id and forum_id and referred_to_id == forum_id:
        errors["referred_to"] = REFERRAL_TO_ITSELF
    if requires_identical and kind != "recommended":
        errors["requires_identical"] = IDENTICAL_ONLY_FOR_RECOMMENDATION
    return errors


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "DecisionQuerySet":
        return self.filter(visible_meetings_q(user, "item__meeting__"))

    def in_minutes_order(self, newest_first: bool = False) -> "DecisionQuerySet":
        """By meeting (oldest first, or newest first), then as the minutes list them:
        item by item, each item's clauses in turn. The decision list, the start page,
        the feeds and the agenda's open matters read in this order."""
        meeting = (
            ("-item__meeting__date", "-item__meeting_id")
            if newest_first
            else (
                "item__meeting__date",
                "item__meeting_id",
            )
        )
        return self.order_by(*meeting, "item__position", "position")

    def recommendations(self) -> "DecisionQuerySet":
        return self.filter(kind=Decision.Kind.RECOMMENDED)

    def for_adoption(self) -> "DecisionQuerySet":
        """Recommendations to the principals, which each principal adopts in its own
        bodies. One addressed to a forum ("att rekommendera Länschefsnätverket att
        formera en styrgrupp") asks for that forum's position, as a referral does."""
        return self.recommendations().filter(referred_to__isnull=True)

    def referrals(self) -> "DecisionQuerySet":
        return self.filter(kind=Decision.Kind.REFERRED)

    def unanswered_by_target(self) -> "DecisionQuerySet":
        """Referrals and recommendations their target forum has not yet answered."""
        answer = Decision.objects.filter(
            answers=OuterRef("pk"), item__meeting__forum=OuterRef("referred_to")
        )
        return self.filter(referred_to__isnull=False).exclude(Exists(answer))

    def waiting_for(self, forum: Forum) -> "DecisionQuerySet":
        return self.filter(referred_to=forum).unanswered_by_target()


class Decision(models.Model):
    """One "att"-clause of a decision."""

    class Kind(models.TextChoices):
        PROCEDURAL = "procedural", _("Procedural")
        NOTED = "noted", _("Noted (placed on file)")
        APPROVED = "approved", _("Approved")
        RECOMMENDED = "recommended", _("Recommended")
        REFERRED = "referred", _("Referred to another forum")
        ASSIGNED = "assigned", _("Assignment given")
        REJECTED = "rejected", _("Rejected")
        TABLED = "tabled", _("Tabled")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        OTHER = "other", _("Other")

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("text"), validators=[plain_text, long_text])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    referred_to = models.ForeignKey(
        Forum,
        verbose_name=_("referred or recommended to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    requires_identical = models.BooleanField(
        _("requires identical decisions by all principals"), default=False
    )
    answers = models.ForeignKey(
        "self",
        verbose_name=_("answers the earlier decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_by",
    )
    amount_sek = models.DecimalField(
        _("amount (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "position"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "position"],
                name="decision_unique_position",
                violation_error_message=_("The item already has a clause in this position."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="referred") | Q(referred_to__isnull=False),
                name="decision_referral_has_target",
                violation_error_message=REFERRAL_WITHOUT_TARGET,
            ),
            models.CheckConstraint(
                condition=Q(requires_identical=False) | Q(kind="recommended"),
                name="decision_identical_only_for_recommendation",
                violation_error_message=IDENTICAL_ONLY_FOR_RECOMMENDATION,
            ),
            models.CheckConstraint(
                condition=Q(amount_sek__isnull=True) | Q(amount_sek__gte=0),
                name="decision_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def meeting(self) -> Meeting:
        return self.item.meeting

    @property
    def is_for_adoption(self) -> bool:
        """Whether the principals adopt it (DecisionQuerySet.for_adoption)."""
        return self.kind == Decision.Kind.RECOMMENDED and self.referred_to_id is None

    @property
    def date(self) -> datetime.date:
        return self.item.meeting.date

    def clean(self) -> None:
        errors = clause_errors(
            text=self.text,
            kind=self.kind,
            referred_to_id=self.referred_to_id,
            requires_identical=self.requires_identical,
            forum_id=self.item.meeting.forum_id if self.item_id else None,
        )
        if self.answers_id and self.item_id:
            if self.answers_id == self.pk:
                errors["answers"] = _("A decision cannot answer itself.")
            elif (
                self.answers is not None and self.answers.item.meeting.date > self.item.meeting.date
            ):
                errors["answers"] = _("A decision can only answer an earlier decision.")
        if errors:
            raise ValidationError(errors)


class AssignmentQuerySet(models.QuerySet):
    def open(self) -> "AssignmentQuerySet":
        return self.filter(status=Assignment.Status.OPEN)

    def overdue(self, today: datetime.date | None = None) -> "AssignmentQuerySet":
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def due_to_report_to(self, forum: Forum, on_or_before: datetime.date) -> "AssignmentQuerySet":
        return self.open().filter(report_to_forum=forum, due_date__lte=on_or_before)


class Assignment(models.Model):
    """A task a decision gives to a forum, a group or an organisation (uppdrag)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        REPORTED = "reported", _("Reported")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="assignments"
    )
    assignee_forum = models.ForeignKey(
        Forum,
        verbose_name=_("assigned to forum or group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    assignee_principal = models.ForeignKey(
        Principal,
        verbose_name=_("assigned to principal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    assignee_text = models.CharField(
        _("assigned to (as written)"), max_length=200, blank=True, validators=[one_line]
    )
    description = models.TextField(_("what is to be done"), validators=[plain_text, long_text])
    due_date = models.DateField(_("due date"), null=True, blank=True)
    report_to_forum = models.ForeignKey(
        Forum,
        verbose_name=_("reports back to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments_reporting_here",
    )
    report_to_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("reports back at meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments_due",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    reported_in = models.ForeignKey(
        AgendaItem,
        verbose_name=_("reported at item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_assignments",
    )

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(assignee_forum__isnull=False)
                | Q(assignee_principal__isnull=False)
                | ~Q(assignee_text=""),
                name="assignment_has_assignee",
                violation_error_message=ASSIGNMENT_WITHOUT_ASSIGNEE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignee} – {self.description[:60]}"

    @property
    def assignee(self) -> str:
        """Who carries it out, by the forum's current name where there is one."""
        if self.assignee_forum is not None:
            return self.assignee_forum.name
        if self.assignee_principal is not None:
            return self.assignee_principal.name
        return self.assignee_text

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and bool(self.due_date and self.due_date < today)

    def clean(self) -> None:
        if self.status == self.Status.REPORTED and not self.reported_in_id:
            raise ValidationError(
                {"reported_in": _("Say at which agenda item the assignment was reported.")}
            )


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Where an attachment is stored: a random name that tells nothing and cannot be guessed,
    so that no path under MEDIA_ROOT leads to a draft's file. Only the extension is kept;
    the download gets its name from the attachment's number and title."""
    _stem, dot, extension = filename.rpartition(".")
    suffix = f".{extension.lower()}" if dot and extension.isalnum() and len(extension) <= 5 else ""
    return f"attachments/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    number = models.CharField(
        _("number"), max_length=20, validators=[one_line], help_text=_('E.g. "4" or "B1".')
    )
    title = models.CharField(_("title"), max_length=300, validators=[one_line])
    file = models.FileField(_("file"), upload_to=attachment_path)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="attachment_unique_number",
                violation_error_message=_(
                    "The meeting already has an attachment with this number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Attachment %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    def get_absolute_url(self) -> str:
        return reverse("attachment_download", args=[self.pk])

    @property
    def extension(self) -> str:
        _stem, dot, extension = (self.file.name or "").rpartition(".")
        return extension.lower() if dot else ""

    def download_name(self) -> str:
        """The file's name when downloaded: "Bilaga 5 Handlingsplan 2024.pdf"."""
        title = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', " ", self.title)
        stem = " ".join(f"{_('Attachment')} {self.number} {title}".split())[:120].rstrip(" .")
        return f"{stem}.{self.extension}" if self.extension else stem


class AttachmentText(models.Model):
    """The text of an attachment's file, for the search: read by the background worker
    when the file is stored (``imports.tasks.extract_attachment_text``).

    Kept beside the attachment rather than in it, so that the pages listing attachments
    never read the text. ``file_name`` is the stored file the text was read from: a new
    file gets a new name, and the worker reads it again.
    """

    attachment = models.OneToOneField(
        Attachment,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="extracted_text",
        verbose_name=_("attachment"),
    )
    file_name = models.CharField(_("file read"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    error = models.CharField(_("why no text was read"), max_length=300, blank=True)
    extracted_at = models.DateTimeField(_("read"), auto_now=True)
    # PostgreSQL: the text as the search reads it, written with it (GIN index, migration
    # 0011); SQLite's index of the search has it instead.
    document = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("text of an attachment")
        verbose_name_plural = _("texts of attachments")

    def __str__(self) -> str:
        return self.file_name


class MinutesReview(models.Model):
    """A justerare's approval of, or comment on, minutes sent for justering.

    A justerare without a login approves on paper or by e-mail; the secretary records
    that justering here, with the date, how it was made and a note.
    """

    class Method(models.TextChoices):
        IN_APP = "in_app", _("in the register")
        PAPER = "paper", _("on paper")
        EMAIL = "email", _("by e-mail")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        Person, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="reviews"
    )
    approved = models.BooleanField(_("approved"), default=False)
    comment = models.TextField(_("comment"), blank=True, validators=[plain_text, long_text])
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    method = models.CharField(
        _("how"), max_length=10, choices=Method.choices, default=Method.IN_APP
    )
    reviewed_on = models.DateField(_("date of the justering"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "created_at", "id"]
        verbose_name = _("review of the minutes")
        verbose_name_plural = _("reviews of the minutes")

    def __str__(self) -> str:
        return f"{self.meeting} – {self.reviewer}"

    @property
    def date(self) -> datetime.date:
        """The day of the justering: as recorded for one on paper, else when it was made."""
        return self.reviewed_on or timezone.localdate(self.created_at)


class SearchEntry(models.Model):
    """What the Swedish search reads of a decision, kept by PostgreSQL itself.

    Triggers (migration 0006) keep one row per decision: its clause, its item's title
    and its item's discussion as one weighted vector, beside the meeting's status,
    forum and date and the places in the minutes, so that a search matches, ranks and
    checks who may see its hits in this one table. Django never writes it. On SQLite it
    stays empty: the fallback search reads the minutes themselves.
    """

    decision = models.OneToOneField(
        Decision,
        primary_key=True,
        on_delete=models.DO_NOTHING,  # the triggers remove the row with its decision
        db_constraint=False,
        related_name="search_entry",
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    forum = models.ForeignKey(
        Forum, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    status = models.CharField(max_length=20)  # the meeting's
    date = models.DateField()  # the meeting's
    item_position = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField()
    document = SearchVectorField(null=True)

    def __str__(self) -> str:
        return f"{self.date} #{self.decision_id}"
