"""What happened to a person's record, roles and login, with who did it, newest first."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from council.models import Membership, Person, Representation
from people.models import Invitation


@dataclass
class HistoryRow:
    when: datetime.datetime
    who: str
    what: str


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "–"
    person = getattr(user, "person", None)
    return person.name if person else user.get_username()


def _changes(records, fields: list[str]):
    """(record, changed field names) for each record, oldest first; None on creation."""
    previous: dict[int, object] = {}
    for record in records:
        before = previous.get(record.id)
        changed = (
            None
            if before is None
            else [f for f in fields if getattr(before, f) != getattr(record, f)]
        )
        previous[record.id] = record
        yield record, changed


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def person_history(person: Person) -> list[HistoryRow]:
    rows: list[HistoryRow] = []
    labels = {
        f.name: f.verbose_name for f in Person._meta.get_fields() if hasattr(f, "verbose_name")
    }
    person_fields = [
        "name",
        "title",
        "principal_id",
        "organisation",
        "email",
        "active",
        "muted_emails",
        "user_id",
    ]
    records = person.history.select_related("history_user__person").order_by(
        "history_date", "history_id"
    )
    for record, changed in _changes(records, person_fields):
        if changed is None:
            what = _("The person was added to the register.")
        elif not changed:
            continue
        elif changed == ["active"]:
            what = _("Activated.") if record.active else _("Deactivated.")
        elif changed == ["user_id"]:
            what = _("The login was linked to the person.")
        else:
            what = _("Changed: %(fields)s.") % {
                "fields": ", ".join(str(labels[f.removesuffix("_id")]) for f in changed)
            }
        rows.append(HistoryRow(record.history_date, _who(record), what))

    memberships = (
        Membership.history.filter(person_id=person.pk)
        .select_related("history_user__person", "forum")
        .order_by("history_date", "history_id")
    )
    for record, changed in _changes(memberships, ["role", "end_date", "principal_id"]):
        role = Membership(role=record.role).get_role_display()
        forum = record.forum.name if record.forum else "–"
        if record.history_type == "-":
            what = _("Role removed: %(role)s, %(forum)s.")
        elif changed is None:
            what = _("Role given: %(role)s, %(forum)s.")
        elif "end_date" in changed and record.end_date:
            what = _("Role ended: %(role)s, %(forum)s.")
        elif changed:
            what = _("Role changed: %(role)s, %(forum)s.")
        else:
            continue
        rows.append(
            HistoryRow(record.history_date, _who(record), what % {"role": role, "forum": forum})
        )

    representations = (
        Representation.history.filter(person_id=person.pk)
        .select_related("history_user__person", "principal")
        .order_by("history_date", "history_id")
    )
    for record, changed in _changes(representations, ["end_date"]):
        name = record.principal.name if record.principal else "–"
        if changed is None:
            what = _("Named representative of %(principal)s.")
        elif "end_date" in changed and record.end_date:
            what = _("No longer representative of %(principal)s.")
        else:
            continue
        rows.append(HistoryRow(record.history_date, _who(record), what % {"principal": name}))

    if person.user_id:
        users = (
            type(person.user)
            .history.filter(id=person.user_id)
            .select_related("history_user__person")
            .order_by("history_date", "history_id")
        )
        for record, changed in _changes(users, ["is_active", "is_staff", "email"]):
            if changed is None:
                what = _("Login created (%(username)s).") % {"username": record.username}
            elif not changed:
                continue
            else:
                parts = []
                if "is_staff" in changed:
                    parts.append(
                        _("administrator: %(value)s") % {"value": _yes_no(record.is_staff)}
                    )
                if "is_active" in changed:
                    parts.append(_("may log in: %(value)s") % {"value": _yes_no(record.is_active)})
                if "email" in changed:
                    parts.append(_("e-mail: %(value)s") % {"value": record.email})
                what = _("Login changed: %(changes)s.") % {"changes": ", ".join(parts)}
            rows.append(HistoryRow(record.history_date, _who(record), what))

    invitations = (
        Invitation.history.filter(person_id=person.pk)
        .select_related("history_user__person")
        .order_by("history_date", "history_id")
    )
    for record, changed in _changes(invitations, ["accepted_at"]):
        if changed is None:
            what = _("Invited by e-mail to %(email)s.") % {"email": record.email}
        elif "accepted_at" in changed and record.accepted_at:
            what = _("The invitation was accepted and the password chosen.")
        else:
            continue
        rows.append(HistoryRow(record.history_date, _who(record), what))
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows
