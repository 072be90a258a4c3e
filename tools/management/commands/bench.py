import datetime
import re
import secrets
import statistics
import time
import tracemalloc
import warnings

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, Max
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from agreements.models import Agreement
from meetings.models import Case, Decision, Meeting

BASELINE_ROWS = 50
BASELINE_MAX_ROWS = 1000  # as many as the baseline view renders
PAGE_ROWS = 50  # decisions per page of the decision list
# Measured once the project has an agenda generation page under this name.
AGENDA_URL_NAMES = ["agenda_generate"]


class Page:
    def __init__(self, name: str, url: str | None, note: str = "") -> None:
        self.name = name
        self.url = url
        self.note = note
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
        self.as_administrator = False

    @property
    def median(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)] * 1000


class Command(BaseCommand):
    help = (
        "Time the decision list, a search, the agreement and case pages with the most "
        "decisions and items and the start page against the configured database, "
        "anonymously, and the agenda generation as an administrator, each next to two "
        "bare one-query pages of decisions: one of the same size in bytes and one of as "
        "many rows. Run after generate_synthetic."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="Timed requests per page.")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed requests first.")
        parser.add_argument("--query", default="äldreomsorg", help="The search term.")

    def handle(self, *args, repeat, warmup, query, **options):
        if repeat < 1 or warmup < 0:
            raise CommandError("--repeat must be at least 1 and --warmup at least 0.")
        # WhiteNoise warns that static files are not collected; the pages do not need them.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        # A page that fails is reported with its status, not allowed to stop the run.
        client = Client(raise_request_exception=False)
        with override_settings(
            ROOT_URLCONF="tools.bench_urls", ALLOWED_HOSTS=["testserver"], DEBUG=False
        ):
            pages = self.pages(query)
            baselines = Baselines(self, client, warmup)
            for page in pages:
                if page.url is None:
                    continue
                if page.as_administrator:
                    with transaction.atomic():
                        self.measure(self.administrator(), page, client, baselines, repeat, warmup)
                        transaction.set_rollback(True)
                else:
                    self.measure(client, page, client, baselines, repeat, warmup)
            standard = baselines.of_rows(BASELINE_ROWS)
            if not standard.times:
                for _ in range(repeat):
                    standard.times.append(self.timed(client, standard.url))
            export = self.csv_export(client, max(1, min(repeat, 3)))
        self.report(pages, baselines, repeat, warmup)
        self.stdout.write(export)

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

    # ------------------------------------------------------------------ the pages

    def pages(self, query: str) -> list[Page]:
        pages = []

        def add(name, url_name, *, args=None, suffix="", note="", rows=0) -> None:
            try:
                url = reverse(url_name, args=args) + suffix
            except NoReverseMatch:
                pages.append(Page(name, None, f"skipped: no URL named {url_name!r}"))
                return
            page = Page(name, url, note)
            page.rows = rows
            pages.append(page)

        published = Decision.objects.filter(item__meeting__status=Meeting.Status.PUBLISHED)
        add("decision list", "decision_list", rows=min(PAGE_ROWS, published.count()))
        add(f"search ?q={query}", "decision_list", suffix="?q=" + query)
        agreement = (
            Agreement.objects.annotate(n=Count("cases__items__decisions"))
            .order_by("-n", "pk")
            .first()
        )
        if agreement is None:
            pages.append(Page("agreement", None, "skipped: no agreements"))
        else:
            shown = published.filter(item__case__agreements=agreement).count()
            add(
                "agreement",
                "agreement_detail",
                args=[agreement.pk],
                note=f"{agreement.short_name}, {shown} decisions",
                rows=shown,
            )
        case = Case.objects.annotate(n=Count("items")).order_by("-n", "pk").first()
        if case is None:
            pages.append(Page("case", None, "skipped: no cases"))
        else:
            shown = published.filter(item__case=case).count()
            add(
                "case",
                "case_detail",
                args=[case.pk],
                note=f"{case.n} items, {shown} decisions",
                rows=shown,
            )
        pages.append(self.agenda_page())
        add("start page", "home")
        add("meeting list", "meeting_list")
        add("case list", "case_list")
        return pages

    def agenda_page(self) -> Page:
        """The agenda generation for the forum of the latest meeting, a fortnight after its
        last meeting. Only administrators may generate agendas, so it is requested as one."""
        meeting = Meeting.objects.published().select_related("forum").order_by("-date").first()
        if meeting is None:
            return Page("agenda generation", None, "skipped: no published meetings")
        forum = meeting.forum
        last = Meeting.objects.filter(forum=forum).aggregate(last=Max("date"))["last"]
        date = last + datetime.timedelta(days=14)
        for name in AGENDA_URL_NAMES:
            try:
                url = reverse(name, args=[forum.code])
            except NoReverseMatch:
                continue
            page = Page(
                "agenda generation",
                f"{url}?date={date:%Y-%m-%d}",
                f"{forum.code} {date:%Y-%m-%d}, as an administrator",
            )
            page.as_administrator = True
            return page
        names = ", ".join(AGENDA_URL_NAMES)
        return Page("agenda generation", None, f"skipped: no URL named any of {names}")

    # ------------------------------------------------------------------ measuring

    def administrator(self) -> Client:
        """A client logged in as a staff account made for the measurement.

        The caller rolls the account and its session back, with anything the page writes.
        """
        administrator = get_user_model().objects.create_user(
            username=f"bench-{secrets.token_hex(6)}", is_staff=True
        )
        client = Client(raise_request_exception=False)
        client.force_login(administrator)
        return client

    def probe(self, client: Client, page: Page, warmup: int) -> None:
        """Warm the page up, then record its queries, size, status and rows once."""
        for _ in range(warmup):
            client.get(page.url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url)
        page.queries = len(captured.captured_queries)
        page.status = response.status_code
        body = response.content
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

    def timed(self, client: Client, url: str) -> float:
        started = time.perf_counter()
        client.get(url)
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

    def report(self, pages: list[Page], baselines: "Baselines", repeat, warmup) -> None:
        database = settings.DATABASES["default"]
        name = database.get("NAME")
        self.stdout.write(
            f"Database: {connection.vendor} ({name}), "
            f"{Decision.objects.count():,} decisions; {repeat} requests per page after "
            f"{warmup} warm-up(s), each in turn with its two baselines; anonymous client, "
            "DEBUG off."
        )
        self.stdout.write(
            "Baselines render decisions from one query in a bare template: 'size' as many "
            "as make a page of the page's size in bytes, 'rows' as many as the page lists."
        )
        header = (
            f"{'page':<28} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'KiB':>8} "
            f"{'rows':>5} {'× size':>7} {'× rows':>7}  note"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))

        def ratio(page: Page, paired: list[float]) -> str:
            return f"{page.median / (statistics.median(paired) * 1000):.1f}" if paired else "-"

        for page in pages:
            if page.url is None:
                continue
            self.stdout.write(
                f"{page.name:<28} {page.median:>10.1f} {page.p95:>9.1f} {page.queries:>8d} "
                f"{page.size / 1024:>8.1f} {page.rows or '-':>5} "
                f"{ratio(page, page.paired_size):>7} {ratio(page, page.paired_rows):>7}  "
                f"{page.note}".rstrip()
            )
        for baseline in baselines.measured():
            self.stdout.write(
                f"{baseline.name:<28} {baseline.median:>10.1f} {baseline.p95:>9.1f} "
                f"{baseline.queries:>8d} {baseline.size / 1024:>8.1f} {baseline.rows:>5} "
                f"{'1.0':>7} {'1.0':>7}  {baseline.note}".rstrip()
            )
        for page in pages:
            if page.url is None:
                self.stdout.write(f"{page.name:<28} {page.note}")


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
        elif best.size < size * 0.95 and best.rows >= Decision.objects.count():
            best.note = "the register has too few decisions for a page of this size"
        return best

    def measured(self) -> list[Page]:
        return sorted((b for b in self.by_rows.values() if b.times), key=lambda b: b.rows)
