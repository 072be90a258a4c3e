"""What a person follows, the secret address of their calendar, and the reminders sent.

None of these records the council's work: they are each person's own choices and the
register's memory of what it has told whom, so they keep no history.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from council.models import Forum, Person
from meetings.models import Case

TARGETS = ("case", "agreement", "forum")


def _one_target(kind: str) -> Q:
    """A follow of this kind names its own target and no other (a search names none)."""
    return Q(kind=kind, **{f"{field}__isnull": field != kind for field in TARGETS})


class Follow(models.Model):
    """A person follows a case, an agreement, a forum or a search of the decision list,
    and is sent an e-mail when minutes with a decision that matches are published."""

    class Kind(models.TextChoices):
        CASE = "case", _("Case")
        AGREEMENT = "agreement", _("Agreement")
        FORUM = "forum", _("Forum")
        SEARCH = "search", _("Search")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.CASCADE
    )
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), null=True, blank=True, on_delete=models.CASCADE
    )
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), null=True, blank=True, on_delete=models.CASCADE
    )
    # The decision list's filters as a normalised query string ("forum=VFR&q=äldre").
    query = models.CharField(_("search"), max_length=1000, blank=True)
    # What the person followed, in words, as it read when they chose it.
    label = models.CharField(_("what"), max_length=300)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        ordering = ["kind", "label", "id"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=_one_target("case")
                | _one_target("agreement")
                | _one_target("forum")
                | (_one_target("search") & ~Q(query="")),
                name="follow_one_target",
            ),
            *(
                models.UniqueConstraint(
                    fields=["person", field],
                    condition=Q(kind=kind),
                    name=f"follow_{kind}_once",
                )
                for kind, field in [
                    ("case", "case"),
                    ("agreement", "agreement"),
                    ("forum", "forum"),
                    ("search", "query"),
                ]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.label}"


def new_secret() -> str:
    return secrets.token_hex(16)


class CalendarToken(models.Model):
    """The secret behind a person's own calendar address.

    The address carries an HMAC of this secret made with the site's SECRET_KEY (see
    feeds.services.calendar_token), so the database alone does not give it away; a new
    secret makes the old address stop working.
    """

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="calendar_token"
    )
    secret = models.CharField(_("secret"), max_length=64, default=new_secret)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self) -> str:
        return str(self.person)


class SentReminder(models.Model):
    """A reminder one person has been sent, so that it is never sent to them again.

    ``key`` names what was reminded of and when it falls due ("assignment-due:12:
    2027-03-01"): a new due date is a new reminder."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("key"), max_length=200)
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="reminder_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.key}"


class ReminderSchedule(models.Model):
    """The one row that says which task of the worker is to send the next reminders.

    Django's tasks API has no scheduler: the daily task queues its successor for the
    next morning, and this row, read under a lock, keeps there from being two."""

    task_id = models.CharField(_("task"), max_length=64, blank=True)
    run_after = models.DateTimeField(_("next run"), null=True, blank=True)
    last_run_on = models.DateField(_("last run"), null=True, blank=True)

    class Meta:
        verbose_name = _("schedule of the reminders")
        verbose_name_plural = _("schedule of the reminders")

    def __str__(self) -> str:
        return f"{self.run_after}"
