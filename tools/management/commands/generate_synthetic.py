import datetime
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from council.history import changes_by, command_user
from tools.synthetic import (
    EMAIL_DOMAIN,
    PREFIX,
    SyntheticDataExists,
    generate,
    synthetic_exists,
)


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic register of exactly N decisions, for load tests "
        f"and benchmarks. Synthetic rows are marked {PREFIX} (meetings, cases, agreements, "
        f"forums) or @{EMAIL_DOMAIN} (people); --replace removes them before generating."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--decisions", type=int, required=True, help="Exact number of decisions to create."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--user", help="Username the history rows are recorded as.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the synthetic rows already in the database first.",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="The date the register ends at (YYYY-MM-DD); default today.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Rows per bulk insert (default 2000)."
        )

    def handle(self, *args, decisions, seed, user, replace, today, batch_size, **options):
        if decisions < 1:
            raise CommandError("--decisions must be at least 1.")
        # Checked before anything is written, so that a refused run changes nothing.
        if synthetic_exists() and not replace:
            raise CommandError(
                "The database already holds synthetic data (meetings, cases, agreements or "
                f"forums marked {PREFIX}, people @{EMAIL_DOMAIN}). Run with --replace to "
                "delete it and generate a new register."
            )
        try:
            actor = command_user(user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {user!r}.") from None

        verbosity = options.get("verbosity", 1)
        reported = [0]
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            # One line each time another tenth of the decisions has been written.
            tenth = done * 10 // total
            if verbosity and tenth > reported[0]:
                reported[0] = tenth
                self.stdout.write(
                    f"  {tenth * 10:3d}%  {done:>9,} / {total:,} decisions"
                    f"  ({time.perf_counter() - started:.1f} s)"
                )
                self.stdout.flush()

        vendor = connection.vendor
        self.stdout.write(
            f"Generating {decisions:,} decisions (seed {seed}) in {vendor} "
            f"as {actor.get_username()}…"
        )
        try:
            with changes_by(actor):
                summary = generate(
                    decisions,
                    seed=seed,
                    user=actor,
                    today=today,
                    batch_size=batch_size,
                    progress=progress,
                    replace=replace,
                )
        except SyntheticDataExists as error:
            raise CommandError(f"{error} Run with --replace.") from None

        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would gather them, so that pages are
            # benchmarked with the plans a settled database gets.
            analyzed = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stdout.write(f"ANALYZE in {time.perf_counter() - analyzed:.1f} s.")

        if summary.deleted:
            removed = sum(v for k, v in summary.deleted.items() if k != "history")
            self.stdout.write(
                f"Removed the previous synthetic register: {removed:,} rows "
                f"({summary.delete_seconds:.1f} s)."
            )
        counts = summary.counts
        kinds = ", ".join(f"{kind} {n:,}" for kind, n in summary.kinds.most_common())
        lines = [
            f"Synthetic register {summary.first_date} – {summary.last_date}:",
            f"  meetings            {counts['meeting']:>9,}",
            f"  agenda items        {counts['agendaitem']:>9,}",
            f"  decisions           {counts['decision']:>9,}  ({kinds})",
            f"  assignments         {counts['assignment']:>9,}",
            f"  principal decisions {counts['principaldecision']:>9,}",
            f"  cases               {counts['case']:>9,}",
            f"  agreements          {counts['agreement']:>9,}",
            f"  attendance          {counts['attendance']:>9,}",
            f"  presenters          {counts['agendaitempresenter']:>9,}",
            f"  people              {counts['person']:>9,}",
            f"  memberships         {counts['membership']:>9,}",
            f"  forums added        {counts['forum']:>9,}",
            f"  history rows        {counts['history']:>9,}",
            f"Done in {summary.elapsed:.1f} s (commit included).",
        ]
        self.stdout.write("\n".join(lines))
