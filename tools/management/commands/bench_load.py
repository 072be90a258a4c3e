"""A load benchmark: gunicorn as in production, and Locust playing members of the forums.

The pages and their weights are in tools/loadtest_pages.py, the members in
tools/loadtest.py. Locust runs as its own process and leaves its figures in CSV
files, which are read here: importing Locust would put this process under gevent's
monkey-patching (sockets, threads, subprocesses and the database driver), and the CSV
columns are the output Locust documents and keeps from one version to the next.
"""

import csv
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from agreements.models import Agreement
from council.models import Forum, Principal
from meetings.models import Case, Decision, Meeting
from tools.loadtest_pages import BASELINE, PAGES

URLCONF = "tools.bench_urls"
WORKERS = 2
# Addresses per page at most, picked at random from the register.
SAMPLE = 50
SEARCH_WORDS = [
    "äldreomsorg",
    "hemsjukvård",
    "psykisk hälsa",
    "suicidprevention",
    "samordnad individuell plan",
    "demensvård",
    "välfärdsteknik",
    "läkemedel",
]
# The filters of the decision list, alone and together.
FILTER_SETS = [("forum",), ("year",), ("kind",), ("forum", "year"), ("forum", "year", "kind")]
STARTUP_SECONDS = 60
STOP_SECONDS = 15


def build_plan(rng: random.Random) -> dict[str, list[str]]:
    """The addresses of every page of PAGES, picked from the register.

    Raises CommandError when the register lacks what a page needs (no published
    meetings, no cases with decisions, no agreements, no principals).
    """
    published = Meeting.objects.published()
    decisions = Decision.objects.filter(item__meeting__status=Meeting.Status.PUBLISHED)
    # Unordered: a model's default order would make DISTINCT keep its columns too.
    forum_years = sorted(published.order_by().values_list("forum__code", "date__year").distinct())
    kinds = sorted(decisions.order_by().values_list("kind", flat=True).distinct())
    cases = Case.objects.filter(pk__in=decisions.values("item__case")).values_list("pk", flat=True)
    lacking = [
        what
        for what, present in [
            ("published meetings with decisions", bool(kinds)),
            ("cases with decisions", cases.exists()),
            ("agreements", Agreement.objects.exists()),
            ("principals", Principal.objects.exists()),
        ]
        if not present
    ]
    if lacking:
        raise CommandError(
            f"The register has no {', no '.join(lacking)}: make one with load_demo and "
            "generate_synthetic --decisions N first."
        )

    def url(name: str, *args, **query) -> str:
        address = reverse(name, args=args, urlconf=URLCONF)
        return f"{address}?{urlencode(query)}" if query else address

    def pick(rows, count: int = SAMPLE) -> list:
        rows = sorted(rows)  # in an order of their own, for the seed to pick the same
        return rng.sample(rows, min(count, len(rows)))

    def filters(names: tuple[str, ...]) -> dict[str, str]:
        code, year = rng.choice(forum_years)
        chosen = {"forum": code, "year": str(year), "kind": rng.choice(kinds)}
        return {name: chosen[name] for name in names}

    forum_codes = sorted({code for code, _year in forum_years})
    forums = Forum.objects.filter(code__in=forum_codes).values_list("code", flat=True)
    agreements = Agreement.objects.values_list("pk", flat=True)
    meetings = published.values_list("pk", flat=True)
    plan = {
        "start page": [url("home")],
        "decision list": [url("decision_list")],
        "decision list, filtered": [
            url("decision_list", **filters(FILTER_SETS[n % len(FILTER_SETS)]))
            for n in range(4 * len(FILTER_SETS))
        ],
        "search": [url("decision_list", q=word) for word in SEARCH_WORDS],
        "meeting": [url("meeting_detail", pk) for pk in pick(meetings)],
        "case": [url("case_detail", pk) for pk in pick(cases)],
        "agreement": [url("agreement_detail", pk) for pk in pick(agreements)],
        "agreement list": [url("agreement_list")],
        "principal": [
            url("principal_detail", slug)
            for slug in pick(Principal.objects.values_list("slug", flat=True))
        ],
        "assignments": [url("assignment_list")],
        "forum list": [url("forum_list")],
        "forum": [url("forum_detail", code) for code in pick(forums)],
        "CSV, filtered": [
            url("decision_csv", forum=code, year=year) for code, year in pick(forum_years, 10)
        ],
        BASELINE: [url("bench_baseline")],
    }
    if set(plan) != set(PAGES):
        raise CommandError(f"No addresses for {sorted(set(PAGES) - set(plan))}")
    return plan


# How the locustfile reports an answer that was not 2xx; anything else is a connection's.
HTTP_STATUS = re.compile(r"HTTP (\d{3})")


@dataclass
class PageStats:
    name: str
    requests: int = 0
    per_second: float = 0.0
    p50: float | None = None
    p95: float | None = None
    p99: float | None = None
    fastest: float | None = None
    failures: int = 0
    # error message: occurrences, from Locust's failures file
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def http_errors(self) -> int:
        return sum(n for error, n in self.errors.items() if HTTP_STATUS.search(error))

    @property
    def connection_errors(self) -> int:
        return self.failures - self.http_errors


def read_stats(prefix: Path) -> tuple[dict[str, PageStats], PageStats, list[str]]:
    """Locust's figures per page and in total, and the exceptions its members raised."""

    def number(value: str) -> float | None:
        return None if value in ("", "N/A") else float(value)

    pages: dict[str, PageStats] = {}
    total = PageStats("total")
    with open(f"{prefix}_stats.csv", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            stats = PageStats(
                row["Name"],
                requests=int(row["Request Count"]),
                per_second=float(row["Requests/s"]),
                p50=number(row["50%"]),
                p95=number(row["95%"]),
                p99=number(row["99%"]),
                fastest=number(row["Min Response Time"]) if row["Request Count"] != "0" else None,
                failures=int(row["Failure Count"]),
            )
            if row["Name"] == "Aggregated":
                stats.name = "total"
                total = stats
            else:
                pages[row["Name"]] = stats
    with open(f"{prefix}_failures.csv", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            for stats in (pages.get(row["Name"]), total):
                if stats is not None:
                    stats.errors[row["Error"]] = stats.errors.get(row["Error"], 0) + int(
                        row["Occurrences"]
                    )
    exceptions = []
    exceptions_file = Path(f"{prefix}_exceptions.csv")
    if exceptions_file.exists():
        with open(exceptions_file, encoding="utf-8", newline="") as file:
            exceptions = [f"{row['Count']}× {row['Message']}" for row in csv.DictReader(file)]
    return pages, total, exceptions


class Command(BaseCommand):
    help = (
        "Load the register as members do: gunicorn with 2 workers and DEBUG off on a free "
        "loopback port, and Locust's simulated members requesting the pages of "
        "tools/loadtest_pages.py, weighted, beside a bare one-query page (the "
        "baseline), for --duration seconds. Prints requests, requests per second, "
        "p50/p95/p99 and errors per page and in total, and each page's median against "
        "the baseline's; exits non-zero if any request failed. Needs PostgreSQL holding "
        "a register (load_demo, then generate_synthetic --decisions N)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=60, help="Seconds of load (60).")
        parser.add_argument("--users", type=int, default=20, help="Simulated members (20).")
        parser.add_argument(
            "--spawn-rate", type=float, default=5.0, help="Members started per second (5)."
        )
        parser.add_argument(
            "--think",
            type=float,
            default=1.0,
            help="Seconds a member reads a page on average before the next (1); 0 for none.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Picks the addresses (1).")

    def handle(self, *args, duration, users, spawn_rate, think, seed, **options):
        if duration < 1 or users < 1 or spawn_rate <= 0 or think < 0:
            raise CommandError(
                "--duration and --users must be at least 1, --spawn-rate above 0 and --think "
                "at least 0."
            )
        if connection.vendor != "postgresql":
            database = "SQLite" if connection.vendor == "sqlite" else connection.vendor
            raise CommandError(
                f"bench_load needs PostgreSQL, which production runs on; DATABASE_URL points "
                f"at {database}. Set DATABASE_URL=postgres://USER@127.0.0.1:5432/NAME to a "
                "database holding a register (load_demo, then generate_synthetic --decisions N)."
            )
        plan = build_plan(random.Random(seed))
        described = (
            f"PostgreSQL {settings.DATABASES['default']['NAME']}, "
            f"{Decision.objects.count():,} decisions"
        )
        # The command holds no connection while the server works.
        connection.close()

        # SIGTERM ends the run as Ctrl-C does, so that the server and Locust are stopped.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        errors = 0
        try:
            with tempfile.TemporaryDirectory(prefix="bench_load-") as folder, ExitStack() as stack:
                work = Path(folder)
                plan_file = work / "plan.json"
                plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
                environment = self.server_environment(work)
                self.collect_static(environment)
                server_log = work / "gunicorn.log"
                server, port = self.start_server(stack, environment, server_log)
                host = f"http://127.0.0.1:{port}"
                self.wait_for(host, server, server_log)
                self.warm_up(host, plan)
                self.stdout.write(
                    f"Load: {users} members ({spawn_rate:g} started a second, each reading a "
                    f"page {think:g} s on average) for {duration} s against gunicorn with "
                    f"{WORKERS} workers at {host}, DEBUG off; {described}."
                )
                prefix = work / "locust"
                self.run_locust(stack, host, plan_file, prefix, duration, users, spawn_rate, think)
                pages, total, exceptions = read_stats(prefix)
                errors = self.report(pages, total, exceptions)
                if errors:
                    self.print_log_tail(server_log)
        except KeyboardInterrupt:
            raise CommandError("Interrupted; the web server and Locust are stopped.") from None
        finally:
            signal.signal(signal.SIGTERM, previous)
        if errors:
            raise CommandError(f"{errors} request(s) failed or raised: see above.")

    # ------------------------------------------------------------------ the server

    def server_environment(self, work: Path) -> dict[str, str]:
        static_root = work / "static"
        static_root.mkdir()
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tools.bench_settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            # Plain HTTP on loopback: there is no proxy in front to say it was HTTPS.
            "SECURE_SSL_REDIRECT": "0",
            "BENCH_STATIC_ROOT": str(static_root),
            "PYTHONPATH": str(settings.BASE_DIR),
        }

    def collect_static(self, environment: dict[str, str]) -> None:
        done = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise CommandError(f"collectstatic failed:\n{done.stdout}{done.stderr}")

    def start_server(
        self, stack: ExitStack, environment: dict[str, str], log: Path
    ) -> tuple[subprocess.Popen, int]:
        """Start gunicorn on a loopback port the system picks; stopped when ``stack`` closes.

        The socket is bound here and handed to gunicorn, so that no other program can
        take the port between choosing it and gunicorn listening on it.
        """
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        port = listener.getsockname()[1]
        # The parent's copies of the socket and the log close once gunicorn has its own.
        with listener, open(log, "wb") as output:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "council.wsgi",
                    "--bind",
                    f"fd://{listener.fileno()}",
                    "--workers",
                    str(WORKERS),
                    "--graceful-timeout",
                    "10",
                    "--log-level",
                    "warning",
                ],
                cwd=settings.BASE_DIR,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                pass_fds=[listener.fileno()],
                # Its own session: Ctrl-C reaches this command, which stops the server.
                start_new_session=True,
            )
        stack.callback(stop, server)
        return server, port

    def wait_for(self, host: str, server: subprocess.Popen, log: Path) -> None:
        """Until the baseline page answers 200; an error if gunicorn stops or never does."""
        address = host + reverse("bench_baseline", urlconf=URLCONF)
        deadline = time.monotonic() + STARTUP_SECONDS
        problem = "no answer"
        while time.monotonic() < deadline:
            if server.poll() is not None:
                problem = f"gunicorn stopped with exit status {server.returncode}"
                break
            try:
                with urllib.request.urlopen(address, timeout=5) as answer:
                    if answer.status == 200:
                        return
                    problem = f"HTTP {answer.status}"
            except urllib.error.HTTPError as error:
                problem = f"HTTP {error.code}"
                break
            except OSError as error:
                problem = str(error)
            time.sleep(0.2)
        self.print_log_tail(log)
        raise CommandError(f"gunicorn did not answer {address}: {problem}")

    def warm_up(self, host: str, plan: dict[str, list[str]]) -> None:
        """Request each page's first addresses once, untimed, so that neither worker meets
        its first request of a page (templates compiled, translations read) in the run."""
        for addresses in plan.values():
            for n in range(WORKERS * 2):
                try:
                    with urllib.request.urlopen(host + addresses[n % len(addresses)], timeout=60):
                        pass
                except OSError:
                    pass  # counted where it matters, in the run

    # ------------------------------------------------------------------ Locust

    def run_locust(self, stack, host, plan_file, prefix, duration, users, spawn_rate, think):
        log = prefix.with_name("locust.log")
        with open(log, "wb") as output:
            locust = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "--locustfile",
                    str(Path(settings.BASE_DIR) / "tools" / "loadtest.py"),
                    "--headless",
                    "--host",
                    host,
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(spawn_rate),
                    "--run-time",
                    f"{duration}s",
                    # Members finish the page they are reading when the time is up.
                    "--stop-timeout",
                    "30",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=settings.BASE_DIR,
                env={
                    **os.environ,
                    "BENCH_LOAD_PLAN": str(plan_file),
                    "BENCH_LOAD_THINK": str(think),
                    "PYTHONPATH": str(settings.BASE_DIR),
                },
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            stack.callback(stop, locust)
            returncode = locust.wait()
        # Locust exits 1 when a request failed, which the figures show; anything else, or
        # no figures, means it did not run.
        if returncode not in (0, 1) or not Path(f"{prefix}_stats.csv").exists():
            self.print_log_tail(log)
            raise CommandError(f"Locust stopped with exit status {returncode}.")

    # ------------------------------------------------------------------ the figures

    def report(self, pages: dict[str, PageStats], total: PageStats, exceptions: list[str]) -> int:
        """Print the figures; return the number of failed requests and exceptions."""
        baseline = pages.get(BASELINE)
        header = (
            f"{'page':<26} {'requests':>8} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'p99 ms':>7} {'non-2xx':>7} {'conn.':>6} {'× baseline':>10}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))

        def ms(value: float | None) -> str:
            return "-" if value is None else f"{value:.0f}"

        def line(stats: PageStats, ratio: str) -> None:
            self.stdout.write(
                f"{stats.name:<26} {stats.requests:>8,} {stats.per_second:>6.1f} "
                f"{ms(stats.p50):>7} {ms(stats.p95):>7} {ms(stats.p99):>7} "
                f"{stats.http_errors:>7} {stats.connection_errors:>6} {ratio:>10}"
            )

        for name in PAGES:
            stats = pages.get(name, PageStats(name))
            ratio = "-"
            if baseline and baseline.p50 and stats.p50 is not None:
                ratio = f"{stats.p50 / baseline.p50:.1f}"
            line(stats, ratio)
        self.stdout.write("-" * len(header))
        line(total, "")
        self.stdout.write(
            "Times are Locust's, whole milliseconds below 100 ms; '× baseline' is the "
            "page's median over the baseline's in this run. non-2xx: any answer but 2xx "
            "(redirects not followed); conn.: refused, dropped or timed out."
        )
        if baseline and baseline.p50 and baseline.fastest and baseline.p50 > 3 * baseline.fastest:
            self.stdout.write(
                f"The baseline's median is {baseline.p50 / baseline.fastest:.0f}× its fastest "
                "answer: requests waited for a free worker or for the processor, so the times "
                "are mostly that wait and the ratios near 1 say little. Fewer --users or a "
                "longer --think measure the pages rather than the queue."
            )
        for error, count in sorted(total.errors.items()):
            names = [s.name for s in pages.values() if error in s.errors]
            # Locust writes a failure the locustfile reported as the exception it made.
            shown = re.sub(r"^CatchResponseError\('(.*)'\)$", r"\1", error)
            self.stdout.write(f"  {count}× on {', '.join(names)}: {shown}")
        for exception in exceptions:
            self.stdout.write(f"  exception in the locustfile: {exception}")
        return total.failures + len(exceptions)

    def print_log_tail(self, log: Path, lines: int = 40) -> None:
        if log.exists():
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            if tail:
                self.stderr.write(f"--- last lines of {log.name}:")
                self.stderr.write("\n".join(tail))


def stop(process: subprocess.Popen) -> None:
    """Stop a process started in its own session, and whatever it started (gunicorn's
    workers): politely first, then for good."""
    if process.poll() is None:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(STOP_SECONDS)
    with suppress(ProcessLookupError, PermissionError):  # nothing of it is left
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _interrupt(signum, frame):
    raise KeyboardInterrupt
