import datetime
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from agendas.services import AgendaError, accept_agenda, generate_agenda
from council.history import command_user
from council.models import Forum


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2026-12-10.")
            % {"value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "Propose the agenda of a forum's meeting on a date from what the register knows is "
        "pending; --accept creates the planned meeting with it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--forum", required=True, help="Code or any name, e.g. VFR.")
        parser.add_argument("--date", required=True, help="The meeting date, YYYY-MM-DD.")
        parser.add_argument(
            "--horizon", type=int, default=6, help="Months ahead for agreement deadlines."
        )
        parser.add_argument("--json", action="store_true", help="Print the proposal as JSON.")
        parser.add_argument(
            "--first-meeting",
            action="store_true",
            help="Allow an agenda for a forum that has no meetings in the register yet.",
        )
        parser.add_argument("--accept", action="store_true", help="Create the planned meeting.")
        parser.add_argument("--user", help="Username the new meeting is recorded as made by.")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self.run(**options)

    def run(self, *, forum, date, horizon, json: bool, first_meeting, accept, user, **options):
        found = Forum.objects.resolve(forum)
        if found is None:
            raise CommandError(
                _("There is no forum called “%(name)s”. Give its code (e.g. VFR) or name.")
                % {"name": forum}
            )
        meeting_date = iso_date(date)
        try:
            proposal = generate_agenda(
                forum=found,
                meeting_date=meeting_date,
                horizon_months=horizon,
                allow_first_meeting=first_meeting,
            )
            if accept:
                try:
                    actor = command_user(user)
                except get_user_model().DoesNotExist:
                    raise CommandError(
                        _("There is no user called “%(name)s”.") % {"name": user}
                    ) from None
                meeting = accept_agenda(
                    forum=found,
                    meeting_date=meeting_date,
                    user=actor,
                    horizon_months=horizon,
                    allow_first_meeting=first_meeting,
                )
        except AgendaError as error:
            raise CommandError(error.message) from None
        if json:
            self.stdout.write(dumps(proposal.as_json()))
        else:
            self.stdout.write(f"{found.name} {meeting_date:%Y-%m-%d}")
            for item in proposal.items:
                mark = " [" + _("overdue") + "]" if item.overdue else ""
                self.stdout.write(f"{item.number:>3}. {item.title}{mark}")
                self.stdout.write(f"     {item.reason}")
            for note in proposal.notes:
                self.stdout.write(note)
        if accept:
            self.stderr.write(
                _("Planned meeting %(id)s: %(forum)s %(date)s.")
                % {"id": meeting.pk, "forum": found.name, "date": f"{meeting.date:%Y-%m-%d}"}
            )


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
