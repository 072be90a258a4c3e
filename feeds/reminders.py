"""Reminders of what falls due, gathered into one e-mail per person, each sent once.

Four rules, each a read of the register on a given day:

- open assignments of published minutes due within REMINDER_ASSIGNMENT_DAYS, or
  overdue: to the secretaries of the forum that carries them and of the forum they
  report to;
- agreement deadlines within REMINDER_AGREEMENT_MONTHS (expiry without automatic
  extension, the last day for notice, evaluation, follow-up), worked out as the
  agenda generation does: to the administrators and the secretaries of the forum the
  deadline falls to;
- a principal's adoption still pending REMINDER_ADOPTION_WEEKS after the
  recommendation was published: to that principal's representatives;
- minutes sent for justering more than REMINDER_JUSTERING_DAYS ago: to the justerare
  who have not approved and the forum's secretaries.

Each reminder has a key that names what it is about and the date it falls due, and
``SentReminder`` remembers each key a person was sent: the next run leaves it out, and
a new due date is a new reminder.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agendas.services import ADOPTION_LOOKBACK_MONTHS, agreement_deadlines
from agreements.models import Agreement, PrincipalDecision, add_months
from council.mail import absolute_url, queue_email
from council.models import EmailKind, Membership, Person, Role
from council.permissions import representatives_by_principal
from meetings.models import Assignment, Meeting
from meetings.notifications import meeting_title
from meetings.services import pending_justerare

from .models import SentReminder

ASSIGNMENT, AGREEMENT, ADOPTION, JUSTERING = "assignment", "agreement", "adoption", "justering"
ONE_DAY = datetime.timedelta(days=1)
RULES = [
    (JUSTERING, gettext_lazy("Minutes waiting for justering")),
    (ASSIGNMENT, gettext_lazy("Assignments due or overdue")),
    (AGREEMENT, gettext_lazy("Agreement deadlines")),
    (ADOPTION, gettext_lazy("Recommendations your principal has not yet decided on")),
]


@dataclass(frozen=True)
class Reminder:
    key: str
    rule: str
    text: str
    path: str
    due: datetime.date | None = None


@dataclass
class Digest:
    person: Person
    reminders: list[Reminder] = field(default_factory=list)

    def sections(self) -> list[tuple[str, list[Reminder]]]:
        return [
            (str(title), sorted(found, key=lambda r: (r.due or datetime.date.max, r.text)))
            for rule, title in RULES
            if (found := [r for r in self.reminders if r.rule == rule])
        ]

    @property
    def key(self) -> str:
        """The outbox key: the same reminders to the same person are one e-mail."""
        keys = "|".join(sorted(r.key for r in self.reminders))
        return f"reminders:{self.person.pk}:{hashlib.sha256(keys.encode()).hexdigest()[:32]}"


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _secretaries(forum_ids) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    rows = Membership.objects.filter(
        forum_id__in=[f for f in forum_ids if f], role=Role.SECRETARY, end_date__isnull=True
    ).values_list("forum_id", "person_id")
    for forum_id, person_id in rows:
        found.setdefault(forum_id, set()).add(person_id)
    return found


def assignment_reminders(today: datetime.date) -> list[tuple[int, Reminder]]:
    soon = today + datetime.timedelta(days=settings.REMINDER_ASSIGNMENT_DAYS)
    assignments = list(
        Assignment.objects.open()
        .filter(due_date__lte=soon, decision__item__meeting__status=Meeting.Status.PUBLISHED)
        .select_related(
            "assignee_forum", "assignee_principal", "report_to_forum", "decision__item__meeting"
        )
        .order_by("due_date", "pk")
    )
    secretaries = _secretaries(
        {a.assignee_forum_id for a in assignments} | {a.report_to_forum_id for a in assignments}
    )
    found = []
    for assignment in assignments:
        item = assignment.decision.item
        overdue = assignment.due_date < today
        what = Truncator(" ".join(assignment.description.split())).words(20, truncate=" …")
        values = {"assignee": assignment.assignee, "what": what, "date": _day(assignment.due_date)}
        if overdue:
            text = _("%(assignee)s: %(what)s – overdue since %(date)s") % values
        else:
            text = _("%(assignee)s: %(what)s – due %(date)s") % values
        if assignment.report_to_forum_id:
            text += " " + _("(reports to %(forum)s)") % {"forum": assignment.report_to_forum.name}
        stage = "overdue" if overdue else "due"
        reminder = Reminder(
            key=f"assignment-{stage}:{assignment.pk}:{assignment.due_date}",
            rule=ASSIGNMENT,
            text=text,
            path=f"{reverse('meeting_detail', args=[item.meeting_id])}#p{item.number}",
            due=assignment.due_date,
        )
        people = secretaries.get(assignment.assignee_forum_id, set()) | secretaries.get(
            assignment.report_to_forum_id, set()
        )
        found += [(person_id, reminder) for person_id in people]
    return found


# The agenda's keys name expiry and evaluation without their date; a reminder's key
# carries the date, so that a new date is reminded again.
DATED_BY = {"agreement-expiry": "valid_until", "agreement-evaluation": "evaluation_due"}


def agreement_reminders(today: datetime.date) -> list[tuple[int, Reminder]]:
    end = add_months(today, settings.REMINDER_AGREEMENT_MONTHS)
    agreements = list(
        Agreement.objects.exclude(status__in=[Agreement.Status.ENDED, Agreement.Status.REPLACED])
        .filter(Q(responsible_forum__isnull=False) | Q(follow_up_forum__isnull=False))
        .select_related("responsible_forum", "follow_up_forum")
        .order_by("short_name")
    )
    administrators = set(
        Person.objects.filter(user__is_active=True)
        .filter(Q(user__is_staff=True) | Q(user__is_superuser=True))
        .values_list("pk", flat=True)
    )
    secretaries = _secretaries(
        {a.responsible_forum_id for a in agreements} | {a.follow_up_forum_id for a in agreements}
    )
    found = []
    for agreement in agreements:
        rows: dict[str, tuple[dict, int]] = {}
        for forum in {agreement.responsible_forum, agreement.follow_up_forum} - {None}:
            for row in agreement_deadlines(agreement, forum, today, end):
                rows.setdefault(row["key"], (row, forum.pk))
        for key, (row, forum_id) in rows.items():
            kind = key.split(":", 1)[0]
            if kind in DATED_BY:
                key = f"{key}:{getattr(agreement, DATED_BY[kind])}"
            due = datetime.date.fromisoformat(key.rsplit(":", 1)[1])
            reminder = Reminder(
                key=key, rule=AGREEMENT, text=row["reason"], path=row["source_url"], due=due
            )
            found += [(p, reminder) for p in administrators | secretaries.get(forum_id, set())]
    return found


def adoption_reminders(today: datetime.date) -> list[tuple[int, Reminder]]:
    published_by = today - datetime.timedelta(weeks=settings.REMINDER_ADOPTION_WEEKS)
    # As on a generated agenda, recommendations older than a year are left to the
    # principals' own pages, so that the back catalogue brings no flood of reminders.
    since = add_months(today, -ADOPTION_LOOKBACK_MONTHS)
    published = Q(recommendation__item__meeting__published_at__lt=_start_of(published_by + ONE_DAY))
    published |= Q(
        recommendation__item__meeting__published_at__isnull=True,
        recommendation__item__meeting__date__lte=published_by,
    )
    pending = list(
        PrincipalDecision.objects.pending()
        .filter(
            published,
            recommendation__item__meeting__status=Meeting.Status.PUBLISHED,
            recommendation__item__meeting__date__gte=since,
        )
        .select_related("principal", "recommendation__item__meeting__forum")
        .order_by("recommendation__item__meeting__date", "recommendation_id", "principal_id")
    )
    representatives = representatives_by_principal({p.principal_id for p in pending})
    found = []
    for adoption in pending:
        recommendation = adoption.recommendation
        meeting = recommendation.item.meeting
        published_on = (
            timezone.localdate(meeting.published_at) if meeting.published_at else meeting.date
        )
        text = _(
            "%(principal)s has not recorded its decision on the recommendation of %(meeting)s, "
            "item %(number)s: %(text)s (published %(date)s)"
        ) % {
            "principal": adoption.principal.name,
            "meeting": meeting_title(meeting),
            "number": recommendation.item.number,
            "text": Truncator(" ".join(recommendation.text.split())).words(20, truncate=" …"),
            "date": _day(published_on),
        }
        reminder = Reminder(
            key=f"adoption-pending:{adoption.pk}",
            rule=ADOPTION,
            text=text,
            path=reverse("adoption_list", args=[recommendation.pk]),
            due=published_on,
        )
        found += [(p, reminder) for p in representatives.get(adoption.principal_id, set())]
    return found


def justering_reminders(today: datetime.date) -> list[tuple[int, Reminder]]:
    limit = today - datetime.timedelta(days=settings.REMINDER_JUSTERING_DAYS)
    meetings = list(
        Meeting.objects.filter(
            status=Meeting.Status.IN_REVIEW, review_requested_at__lt=_start_of(limit)
        )
        .select_related("forum")
        .prefetch_related("justerare", "reviews")
        .order_by("review_requested_at", "pk")
    )
    secretaries = _secretaries({m.forum_id for m in meetings})
    found = []
    for meeting in meetings:
        since = timezone.localdate(meeting.review_requested_at)
        key = f"justering-waiting:{meeting.pk}:{int(meeting.review_requested_at.timestamp())}"
        path = reverse("meeting_workflow", args=[meeting.pk])
        waiting = pending_justerare(meeting)
        values = {"meeting": meeting_title(meeting), "date": _day(since)}
        for person in waiting:
            text = _("The minutes of %(meeting)s wait for your justering since %(date)s") % values
            found.append((person.pk, Reminder(key, JUSTERING, text, path, since)))
        names = ", ".join(p.name for p in waiting)
        text = _("The minutes of %(meeting)s wait for justering since %(date)s") % values
        if names:
            text += " " + _("(by %(names)s)") % {"names": names}
        reminder = Reminder(key, JUSTERING, text, path, since)
        found += [(p, reminder) for p in secretaries.get(meeting.forum_id, set())]
    return found


def due_digests(today: datetime.date) -> list[Digest]:
    """What each person is to be reminded of today and has not been before, one digest
    each, for those who want reminders."""
    with translation.override(settings.LANGUAGE_CODE):
        found = (
            justering_reminders(today)
            + assignment_reminders(today)
            + agreement_reminders(today)
            + adoption_reminders(today)
        )
    by_person: dict[int, dict[str, Reminder]] = {}
    for person_id, reminder in found:
        # The first of a person's reminders with one key: a justerare who is also the
        # forum's secretary is told as the justerare.
        by_person.setdefault(person_id, {}).setdefault(reminder.key, reminder)
    if not by_person:
        return []
    sent = set(
        SentReminder.objects.filter(
            person_id__in=by_person, key__in={k for keys in by_person.values() for k in keys}
        ).values_list("person_id", "key")
    )
    people = Person.objects.filter(pk__in=by_person).select_related("user").order_by("name", "pk")
    digests = []
    for person in people:
        if not person.wants(EmailKind.REMINDERS):
            continue
        new = [r for key, r in by_person[person.pk].items() if (person.pk, key) not in sent]
        if new:
            digests.append(Digest(person, new))
    return digests


def send_reminders(*, today: datetime.date | None = None, dry_run: bool = False) -> list[Digest]:
    """E-mail today's digests through the outbox (or, dry, only say what they would be)."""
    today = today or timezone.localdate()
    digests = due_digests(today)
    if dry_run:
        return digests
    with translation.override(settings.LANGUAGE_CODE):
        for digest in digests:
            body = render_to_string(
                "feeds/email/reminders.txt",
                {
                    "person": digest.person,
                    "sections": [
                        (title, [(r.text, absolute_url(r.path)) for r in found])
                        for title, found in digest.sections()
                    ],
                    "account_link": absolute_url(reverse("account")),
                },
            )
            count = len(digest.reminders)
            with transaction.atomic():
                queue_email(
                    kind=EmailKind.REMINDERS,
                    key=digest.key,
                    person=digest.person,
                    recipient=digest.person.email_address,
                    subject=translation.ngettext(
                        "Reminder: %(count)s thing waits for you",
                        "Reminders: %(count)s things wait for you",
                        count,
                    )
                    % {"count": count},
                    body=body,
                )
                SentReminder.objects.bulk_create(
                    [
                        SentReminder(person=digest.person, key=r.key, sent_on=today)
                        for r in digest.reminders
                    ],
                    ignore_conflicts=True,
                )
    return digests
