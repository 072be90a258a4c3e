import datetime
import json
import re
import secrets
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from agendas.services import AgendaError, accept_agenda
from agreements.models import Agreement, PrincipalDecision
from council.models import Forum, Membership, Person, Principal, Role
from imports.batch import create_batch, read_document
from imports.models import ImportDocument
from meetings.models import Case, Decision, Meeting
from tools.benchdata import generated_minutes

BASELINE_ROWS = 50
BASELINE_MAX_ROWS = 1000  # as many as the baseline view renders
PAGE_ROWS = 50  # decisions per page of the decision list
# Measured once the project has an agenda generation page under this name.
AGENDA_URL_NAMES = ["agenda_generate"]

ANONYMOUS, MEMBER, SECRETARY, ADMINISTRATOR = "anonymous", "member", "secretary", "administrator"
ROLES = (ANONYMOUS, MEMBER, SECRETARY, ADMINISTRATOR)
EVERYONE = ROLES
LOGGED_IN = (MEMBER, SECRETARY, ADMINISTRATOR)
KEEPERS = (SECRETARY, ADMINISTRATOR)
ROLE_NOTES = {
    MEMBER: "a member of LCHNV for the principal with the most adoptions waiting",
    SECRETARY: "a secretary of the forum of the latest draft minutes and of the minutes imported",
    ADMINISTRATOR: "a staff account",
}


class Page:
    def __init__(self, name: str, url: str | None, note: str = "", role: str = ANONYMOUS):
        self.name = name
        self.url = url
        self.note = note
        self.role = role
        self.times: list[float] = []
        self.queries = 0
        self.size = 0
        self.status = 0
        self.rows = 0
        self.same_size: Page | None = None
        self.same_rows: Page | None = None
        # The baselines' times, taken in turns with this page's.
        self.paired_size: list[float] = []
        self.paired_rows: list[float] = []

    @property
    def median(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)] * 1000

    @staticmethod
    def ratio(page_times: list[float], paired: list[float]) -> float | None:
        if not page_times or not paired:
            return None
        return statistics.median(page_times) / statistics.median(paired)

    @property
    def times_size(self) -> float | None:
        return self.ratio(self.times, self.paired_size)

    @property
    def times_rows(self) -> float | None:
        return self.ratio(self.times, self.paired_rows)


@dataclass
class Shape:
    """A page shape: its name, who sees it, and how its address is found in the register
    (None when the register holds nothing to show on it)."""

    name: str
    roles: tuple[str, ...]
    address: Callable[[], tuple[str | None, str, int]]  # url, note, rows listed


class Command(BaseCommand):
    help = (
        "Time every page shape against the configured database as each role that sees it "
        "(anonymous, member, secretary, administrator; the accounts made for the run and "
        "rolled back with everything the pages write), each next to two bare one-query "
        "pages of decisions: one of the same size in bytes and one of as many rows. With "
        "--save the figures are kept as JSON, and --compare prints each page's growth "
        "against figures saved at another size of the register. Run after "
        "generate_synthetic."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="Timed requests per page.")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed requests first.")
        parser.add_argument("--query", default="äldreomsorg", help="The search term.")
        parser.add_argument(
            "--roles",
            default=",".join(ROLES),
            help=f"Comma-separated roles to measure as (default all: {', '.join(ROLES)}).",
        )
        parser.add_argument(
            "--pages", default="", help="Only the pages whose name contains this text."
        )
        parser.add_argument("--save", type=Path, help="Write the figures to this JSON file.")
        parser.add_argument(
            "--compare",
            type=Path,
            help="Figures saved by --save at another size: print each page's growth.",
        )
        parser.add_argument(
            "--no-csv", action="store_true", help="Leave out the CSV export of every decision."
        )

    def handle(self, *args, repeat, warmup, query, roles, pages, save, compare, **options):
        if repeat < 1 or warmup < 0:
            raise CommandError("--repeat must be at least 1 and --warmup at least 0.")
        chosen_roles = [r.strip() for r in roles.split(",") if r.strip()]
        unknown = set(chosen_roles) - set(ROLES)
        if unknown or not chosen_roles:
            raise CommandError(f"--roles takes {', '.join(ROLES)}.")
        earlier = None
        if compare is not None:
            try:
                earlier = json.loads(compare.read_text(encoding="utf-8"))
                earlier["pages"]
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise CommandError(
                    f"--compare: {compare} holds no saved figures ({error})."
                ) from None
        # WhiteNoise warns that static files are not collected; the pages do not need them.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        anonymous = Client(raise_request_exception=False)
        with (
            override_settings(
                ROOT_URLCONF="tools.bench_urls", ALLOWED_HOSTS=["testserver"], DEBUG=False
            ),
            transaction.atomic(),
        ):
            register = Register(query)
            clients = {ANONYMOUS: anonymous, **register.clients()}
            baselines = Baselines(self, anonymous, warmup)
            measured = []
            for shape in register.shapes():
                if pages and pages not in shape.name:
                    continue
                url, note, rows = shape.address()
                for role in shape.roles:
                    if role not in chosen_roles:
                        continue
                    page = Page(shape.name, url, note if url else "skipped: nothing to show", role)
                    page.rows = rows
                    if url is not None:
                        self.measure(clients[role], page, anonymous, baselines, repeat, warmup)
                    measured.append(page)
            standard = baselines.of_rows(BASELINE_ROWS)
            if not standard.times:
                for _ in range(repeat):
                    standard.times.append(self.timed(anonymous, standard.url))
            export = None
            if not options["no_csv"]:
                export = self.csv_export(anonymous, max(1, min(repeat, 3)))
            transaction.set_rollback(True)
        decisions = Decision.objects.count()
        self.report(measured, baselines, repeat, warmup, decisions, register.role_notes)
        if export:
            self.stdout.write(export)
        figures = self.figures(measured, decisions)
        if earlier is not None:
            self.growth(earlier, figures)
        if save is not None:
            save.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
            self.stdout.write(f"\nFigures saved in {save}.")

    def csv_export(self, client: Client, repeat: int) -> str:
        """The CSV of every published decision, read to its end as a download is: rows,
        size and the median time, and the largest memory the streaming took."""
        times, size, lines = [], 0, 0
        tracemalloc.start()
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(reverse("decision_csv"))
            size = lines = 0
            for chunk in response.streaming_content:
                size += len(chunk)
                lines += chunk.count(b"\n")
            times.append(time.perf_counter() - started)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return (
            f"\nCSV export of every published decision: {lines - 1:,} rows, "
            f"{size / 1e6:.1f} MB, median {statistics.median(times):.2f} s over {repeat} "
            f"(the time under memory tracing), peak {peak / 1e6:.1f} MB of Python memory"
        )

    # ------------------------------------------------------------------ measuring

    def probe(self, client: Client, page: Page, warmup: int) -> None:
        """Warm the page up, then record its queries, size, status and rows once."""
        for _ in range(warmup):
            self.fetch(client, page.url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        page.queries = len(captured.captured_queries)
        page.status = response.status_code
        page.size = len(body)
        if not page.rows:
            # Rows the page lists: table rows or articles, as the templates draw them.
            page.rows = len(re.findall(rb"<(?:tr|article)[\s>]", body))
        if page.status != 200:
            problem = f"HTTP {page.status}"
            if getattr(response, "exc_info", None):
                error = response.exc_info[1]
                problem += f" ({type(error).__name__}: {str(error)[:80]})"
            page.note = f"{page.note}; {problem}" if page.note else problem

    @staticmethod
    def fetch(client: Client, url: str) -> None:
        response = client.get(url)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass

    def timed(self, client: Client, url: str) -> float:
        started = time.perf_counter()
        self.fetch(client, url)
        return time.perf_counter() - started

    def measure(self, client, page: Page, base_client, baselines: "Baselines", repeat, warmup):
        """Time the page and both its baselines in turns, so that all meet the same load.

        The machine may be busy with other work; measured one after the other, a page
        and its baseline could meet different loads and their ratio would say little.
        """
        self.probe(client, page, warmup)
        page.same_size = baselines.of_size(page.size)
        page.same_rows = baselines.of_rows(page.rows or BASELINE_ROWS)
        for _ in range(repeat):
            page.times.append(self.timed(client, page.url))
            for baseline, paired in (
                (page.same_size, page.paired_size),
                (page.same_rows, page.paired_rows),
            ):
                elapsed = self.timed(base_client, baseline.url)
                paired.append(elapsed)
                baseline.times.append(elapsed)

    # ------------------------------------------------------------------ reporting

    HEADER = (
        f"{'page':<28} {'role':<13} {'median ms':>10} {'p95 ms':>9} {'queries':>8} "
        f"{'KiB':>8} {'rows':>5} {'× size':>7} {'× rows':>7}  note"
    )

    def report(self, pages, baselines, repeat, warmup, decisions, role_notes) -> None:
        name = settings.DATABASES["default"].get("NAME")
        self.stdout.write(
            f"Database: {connection.vendor} ({name}), {decisions:,} decisions; {repeat} "
            f"requests per page after {warmup} warm-up(s), each in turn with its two "
            "baselines; DEBUG off."
        )
        for role, note in role_notes.items():
            self.stdout.write(f"  {role}: {note}")
        self.stdout.write(
            "Baselines render decisions from one query in a bare template: 'size' as many "
            "as make a page of the page's size in bytes, 'rows' as many as the page lists."
        )
        self.stdout.write(self.HEADER)
        self.stdout.write("-" * len(self.HEADER))

        def ratio(value: float | None) -> str:
            return f"{value:.1f}" if value is not None else "-"

        for page in pages:
            if page.url is None:
                continue
            self.stdout.write(
                f"{page.name:<28} {page.role:<13} {page.median:>10.1f} {page.p95:>9.1f} "
                f"{page.queries:>8d} {page.size / 1024:>8.1f} {page.rows or '-':>5} "
                f"{ratio(page.times_size):>7} {ratio(page.times_rows):>7}  {page.note}".rstrip()
            )
        for baseline in baselines.measured():
            self.stdout.write(
                f"{baseline.name:<28} {ANONYMOUS:<13} {baseline.median:>10.1f} "
                f"{baseline.p95:>9.1f} {baseline.queries:>8d} {baseline.size / 1024:>8.1f} "
                f"{baseline.rows:>5} {'1.0':>7} {'1.0':>7}  {baseline.note}".rstrip()
            )
        for page in pages:
            if page.url is None:
                self.stdout.write(f"{page.name:<28} {page.role:<13} {page.note}")

    def figures(self, pages: list[Page], decisions: int) -> dict:
        return {
            "vendor": connection.vendor,
            "decisions": decisions,
            "pages": [
                {
                    "page": p.name,
                    "role": p.role,
                    "median_ms": round(p.median, 2),
                    "p95_ms": round(p.p95, 2),
                    "queries": p.queries,
                    "bytes": p.size,
                    "times_size": p.times_size and round(p.times_size, 3),
                    "times_rows": p.times_rows and round(p.times_rows, 3),
                    "status": p.status,
                }
                for p in pages
                if p.url is not None
            ],
        }

    def growth(self, earlier: dict, now: dict) -> None:
        """Each page's time at the smaller and the larger register, and how much it grew."""
        small, large = sorted([earlier, now], key=lambda f: f.get("decisions", 0))
        before = {(p["page"], p["role"]): p for p in small["pages"]}
        n_small, n_large = small.get("decisions", 0), large.get("decisions", 0)
        self.stdout.write(
            f"\nGrowth from {n_small:,} to {n_large:,} decisions "
            f"({small.get('vendor')} → {large.get('vendor')}): median ms at each size, the "
            "larger over the smaller, and each beside its same-size baseline."
        )
        a, b = f"ms {n_small:,}", f"ms {n_large:,}"
        header = (
            f"{'page':<28} {'role':<13} {a:>12} {b:>12} {'growth':>7} {'× size':>7} "
            f"{'× size':>7} {'queries':>8}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))

        def ratio(value) -> str:
            return f"{value:.1f}" if value is not None else "-"

        for page in large["pages"]:
            old = before.get((page["page"], page["role"]))
            if old is None:
                continue
            grown = page["median_ms"] / old["median_ms"] if old["median_ms"] else None
            queries = f"{old['queries']}→{page['queries']}"
            self.stdout.write(
                f"{page['page']:<28} {page['role']:<13} {old['median_ms']:>12.1f} "
                f"{page['median_ms']:>12.1f} {ratio(grown):>7} {ratio(old['times_size']):>7} "
                f"{ratio(page['times_size']):>7} {queries:>8}"
            )


class Register:
    """What the pages are measured on: the largest of each kind in the register, the
    accounts of the roles, and (made for the run) a planned meeting and an import."""

    def __init__(self, query: str) -> None:
        self.query = query
        self.published = Decision.objects.filter(item__meeting__status=Meeting.Status.PUBLISHED)
        self.role_notes = dict(ROLE_NOTES)
        self.meeting = (
            Meeting.objects.published()
            .annotate(n=Count("items__decisions"))
            .order_by("-n", "-date")
            .select_related("forum")
            .first()
        )
        self.draft = (
            Meeting.objects.exclude(status__in=[Meeting.Status.PUBLISHED, Meeting.Status.PLANNED])
            .exclude(status=Meeting.Status.AGENDA_SENT)
            .annotate(n=Count("items"))
            .filter(n__gt=0)
            .order_by("-date", "-n")
            .select_related("forum")
            .first()
        )
        latest = Meeting.objects.published().select_related("forum").order_by("-date").first()
        self.agenda_forum = latest.forum if latest else None
        self.forum = (
            Forum.objects.annotate(n=Count("meetings")).order_by("-n", "code").first()
            if Meeting.objects.exists()
            else None
        )
        self.principal = (
            Principal.objects.annotate(
                n=Count(
                    "principal_decisions",
                    filter=Q(principal_decisions__status=PrincipalDecision.Status.PENDING),
                )
            )
            .order_by("-n", "position")
            .first()
        )
        self.recommendation = (
            Decision.objects.recommendations()
            .filter(item__meeting__status=Meeting.Status.PUBLISHED)
            .filter(principal_decisions__isnull=False)
            .distinct()
            .order_by("-item__meeting__date", "-pk")
            .first()
        )
        # The forum of the generated minutes the import review is measured on.
        self.import_forum = Forum.objects.filter(code=generated_minutes(0)[1]).first()
        self.users: dict[str, object] = {}

    # --- the accounts

    def clients(self) -> dict[str, Client]:
        users = get_user_model().objects
        token = secrets.token_hex(6)
        member = users.create_user(username=f"bench-member-{token}")
        person = Person.objects.create(name="Bench Medlem", user=member, principal=self.principal)
        lchnv = Forum.objects.filter(code="LCHNV").first()
        if lchnv is not None and self.principal is not None:
            Membership.objects.create(
                forum=lchnv, person=person, role=Role.MEMBER, principal=self.principal
            )
        secretary = users.create_user(username=f"bench-secretary-{token}")
        person = Person.objects.create(name="Bench Sekreterare", user=secretary)
        kept = {self.draft.forum if self.draft else None, self.import_forum}
        for forum in kept - {None}:
            Membership.objects.create(forum=forum, person=person, role=Role.SECRETARY)
        administrator = users.create_user(username=f"bench-admin-{token}", is_staff=True)
        self.users = {MEMBER: member, SECRETARY: secretary, ADMINISTRATOR: administrator}
        clients = {}
        for role, user in self.users.items():
            clients[role] = Client(raise_request_exception=False)
            clients[role].force_login(user)
        return clients

    # --- the pages

    def shapes(self) -> list[Shape]:
        def fixed(name: str, suffix: str = "", rows: int = 0):
            def address():
                url = self.url(name)
                return (url + suffix if url else None), "", rows

            return address

        def of(subject, name: str, args: Callable, note: Callable = lambda s: "", rows=0):
            def address():
                if subject() is None:
                    return None, "", 0
                s = subject()
                url = self.url(name, *args(s))
                return url, note(s), rows

            return address

        listed = min(PAGE_ROWS, self.published.count())
        return [
            Shape("decision list", EVERYONE, fixed("decision_list", rows=listed)),
            Shape(
                f"search ?q={self.query}",
                EVERYONE,
                fixed("decision_list", suffix="?q=" + self.query),
            ),
            Shape("CSV, one forum", EVERYONE, self.csv_address),
            Shape("agreement", EVERYONE, self.agreement_address),
            Shape("case", EVERYONE, self.case_address),
            Shape("agenda generation", (ADMINISTRATOR,), self.agenda_address),
            Shape("start page", EVERYONE, fixed("home")),
            Shape("meeting list", EVERYONE, fixed("meeting_list")),
            Shape("case list", EVERYONE, fixed("case_list")),
            Shape("search page", EVERYONE, fixed("search", suffix="?q=" + self.query)),
            Shape(
                "meeting",
                EVERYONE,
                of(
                    lambda: self.meeting,
                    "meeting_detail",
                    lambda m: [m.pk],
                    lambda m: f"{m.forum.code} {m.date:%Y-%m-%d}, {m.n} decisions",
                ),
            ),
            Shape(
                "print",
                EVERYONE,
                of(lambda: self.meeting, "meeting_print", lambda m: [m.pk]),
            ),
            Shape("forum list", EVERYONE, fixed("forum_list")),
            Shape(
                "forum",
                EVERYONE,
                of(
                    lambda: self.forum,
                    "forum_detail",
                    lambda f: [f.code],
                    lambda f: f"{f.code}, {f.n} meetings",
                ),
            ),
            Shape("agreement list", EVERYONE, fixed("agreement_list")),
            Shape("principal list", EVERYONE, fixed("principal_list")),
            Shape(
                "principal",
                EVERYONE,
                of(
                    lambda: self.principal,
                    "principal_detail",
                    lambda p: [p.slug],
                    lambda p: f"{p.short_name}, {p.n} adoptions waiting",
                ),
            ),
            Shape("assignments", EVERYONE, fixed("assignment_list")),
            Shape(
                "assignments of a principal",
                EVERYONE,
                lambda: (
                    (self.url("assignment_list") + f"?status=all&principal={self.principal.slug}")
                    if self.principal
                    else None,
                    "",
                    0,
                ),
            ),
            Shape(
                "adoptions",
                EVERYONE,
                of(lambda: self.recommendation, "adoption_list", lambda d: [d.pk]),
            ),
            Shape(
                "adoption",
                (MEMBER, ADMINISTRATOR),
                of(
                    lambda: self.recommendation if self.principal else None,
                    "adoption_edit",
                    lambda d: [d.pk, self.principal.slug],
                ),
            ),
            Shape("todo", LOGGED_IN, fixed("todo")),
            Shape("minutes list", KEEPERS, fixed("minutes_list")),
            Shape(
                "meeting, draft",
                KEEPERS,
                of(
                    lambda: self.draft,
                    "meeting_detail",
                    lambda m: [m.pk],
                    lambda m: f"{m.forum.code} {m.date:%Y-%m-%d} ({m.get_status_display()})",
                ),
            ),
            Shape(
                "meeting editor", KEEPERS, of(lambda: self.draft, "meeting_edit", lambda m: [m.pk])
            ),
            Shape(
                "item editor",
                KEEPERS,
                of(
                    lambda: self.draft,
                    "meeting_item_edit",
                    lambda m: [m.pk, self.fullest_item(m)],
                ),
            ),
            Shape(
                "new item",
                KEEPERS,
                of(lambda: self.draft, "meeting_item_create", lambda m: [m.pk]),
            ),
            Shape(
                "justering",
                KEEPERS,
                of(lambda: self.draft, "meeting_workflow", lambda m: [m.pk]),
            ),
            Shape("import review", KEEPERS, self.import_address),
            Shape("agenda start", (ADMINISTRATOR,), fixed("agenda_start")),
            # Last: the planned meeting it needs changes what the agenda generation finds.
            Shape("notice", (ADMINISTRATOR,), self.notice_address),
        ]

    @staticmethod
    def fullest_item(meeting: Meeting) -> int:
        items = meeting.items.annotate(n=Count("decisions")).order_by("-n", "position")
        return items.values_list("pk", flat=True)[0]

    @staticmethod
    def url(name: str, *args) -> str | None:
        try:
            return reverse(name, args=args or None)
        except NoReverseMatch:
            return None

    def csv_address(self):
        if self.forum is None:
            return None, "", 0
        url = self.url("decision_csv") + f"?forum={self.forum.code}"
        shown = self.published.filter(item__meeting__forum=self.forum).count()
        return url, f"{self.forum.code}, {shown} decisions", shown

    def agreement_address(self):
        agreement = (
            Agreement.objects.annotate(n=Count("cases__items__decisions"))
            .order_by("-n", "pk")
            .first()
        )
        if agreement is None:
            return None, "", 0
        shown = self.published.filter(item__case__agreements=agreement).count()
        url = self.url("agreement_detail", agreement.pk)
        return url, f"{agreement.short_name}, {shown} decisions", shown

    def case_address(self):
        case = Case.objects.annotate(n=Count("items")).order_by("-n", "pk").first()
        if case is None:
            return None, "", 0
        shown = self.published.filter(item__case=case).count()
        return self.url("case_detail", case.pk), f"{case.n} items, {shown} decisions", shown

    def agenda_date(self) -> datetime.date | None:
        if self.agenda_forum is None:
            return None
        last = Meeting.objects.filter(forum=self.agenda_forum).aggregate(last=Max("date"))["last"]
        return last + datetime.timedelta(days=14)

    def agenda_address(self):
        """The agenda generation for the forum of the latest meeting, a fortnight after
        its last meeting."""
        date = self.agenda_date()
        if date is None:
            return None, "", 0
        for name in AGENDA_URL_NAMES:
            url = self.url(name, self.agenda_forum.code)
            if url is not None:
                return f"{url}?date={date:%Y-%m-%d}", f"{self.agenda_forum.code} {date}", 0
        return None, "", 0

    def notice_address(self):
        """The notice of the meeting the agenda generation proposes, once accepted."""
        date = self.agenda_date()
        if date is None or ADMINISTRATOR not in self.users:
            return None, "", 0
        try:
            meeting = accept_agenda(
                forum=self.agenda_forum, meeting_date=date, user=self.users[ADMINISTRATOR]
            )
        except AgendaError:
            return None, "", 0
        note = f"{self.agenda_forum.code} {date}, {meeting.items.count()} items"
        return self.url("notice_page", meeting.pk), note, 0

    def import_address(self):
        """The review of generated minutes of one of the secretary's forums, read as the
        worker reads an upload."""
        secretary = self.users.get(SECRETARY)
        if secretary is None or self.import_forum is None:
            return None, "", 0
        for index in range(40):
            text, code, date = generated_minutes(index)
            if code != self.import_forum.code:
                continue
            batch = create_batch(
                user=secretary, files=[(f"protokoll-{index}.txt", text.encode())], enqueue=False
            )
            document = ImportDocument.objects.get(batch=batch)
            read_document(document.pk)
            document.refresh_from_db()
            if document.status == ImportDocument.Status.PARSED:
                note = f"{code} {date}, {document.items} items, {document.clauses} clauses"
                return self.url("import_document", document.pk), note, 0
        return None, "", 0


class Baselines:
    """Bare one-query pages of decisions, by the number of rows they render.

    A page is compared with one of the same size in bytes, since rendering more HTML
    costs more whatever the page, and with one of as many rows as the page lists.
    """

    def __init__(self, command: Command, client: Client, warmup: int) -> None:
        self.command = command
        self.client = client
        self.warmup = warmup
        self.by_rows: dict[int, Page] = {}
        self._published: int | None = None

    def of_rows(self, rows: int) -> Page:
        rows = max(1, min(rows, BASELINE_MAX_ROWS))
        if rows not in self.by_rows:
            baseline = Page(
                "baseline" if rows == BASELINE_ROWS else f"baseline ({rows} rows)",
                reverse("bench_baseline") + f"?rows={rows}",
            )
            baseline.rows = rows
            self.command.probe(self.client, baseline, self.warmup)
            self.by_rows[rows] = baseline
        return self.by_rows[rows]

    def of_size(self, size: int) -> Page:
        """The baseline whose page comes closest to ``size`` bytes.

        Rows differ in length, so the count is estimated from the bytes a row takes on
        average and corrected twice against the page it gives.
        """
        one, many = self.of_rows(1), self.of_rows(BASELINE_ROWS)
        per_row = max(1.0, (many.size - one.size) / (BASELINE_ROWS - 1))
        rows = round(1 + (size - one.size) / per_row)
        for _ in range(2):
            found = self.of_rows(rows)
            rows = round(found.rows + (size - found.size) / per_row)
            if rows == found.rows or not 1 <= rows <= BASELINE_MAX_ROWS:
                break
        candidates = [b for b in self.by_rows.values() if b.size]
        best = min(candidates, key=lambda b: abs(b.size - size))
        if best.rows == BASELINE_MAX_ROWS and best.size < size * 0.95:
            best.note = f"at most {BASELINE_MAX_ROWS} rows: smaller than the pages it is beside"
        elif best.size < size * 0.95 and best.rows >= self.published():
            best.note = "the register has too few decisions for a page of this size"
        return best

    def published(self) -> int:
        """How many decisions the baseline can render: those of published minutes."""
        if self._published is None:
            self._published = Decision.objects.filter(
                item__meeting__status=Meeting.Status.PUBLISHED
            ).count()
        return self._published

    def measured(self) -> list[Page]:
        return sorted((b for b in self.by_rows.values() if b.times), key=lambda b: b.rows)
