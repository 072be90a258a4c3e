"""Time a batch import end to end, as in production: gunicorn serving the pages, the
background worker reading, a secretary's browser following the batch page.

Generates N minutes (text, Word and PDF mixed), uploads them as one zip through the web,
and while the worker reads them requests the pages a secretary has open (the batch page
and its progress every second, a review page, the start and upload pages). Prints the
documents read per minute, the worker's peak memory and the slowest web request during
the batch; then the same for saving the minutes read without a warning.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tools.benchdata import as_zip, generated_batch

PASSWORD = "bench-" + secrets.token_hex(8)


class Browser:
    """A secretary's browser: cookies kept by hand (the site's are Secure, which the
    standard cookie jar keeps from plain http on loopback)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.times: dict[str, list[float]] = {}
        self.failures: list[str] = []

    def request(self, label: str, path: str, data: bytes | None = None, headers=None):
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        request.add_header("Referer", self.base + path)
        opener = urllib.request.build_opener(NoRedirect)
        started = time.perf_counter()
        try:
            response = opener.open(request, timeout=120)
            status, body, head = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, body, head = error.code, error.read(), error.headers
        elapsed = time.perf_counter() - started
        self.times.setdefault(label, []).append(elapsed)
        for value in head.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            self.cookies.update({k: m.value for k, m in cookie.items()})
        if status >= 400:
            self.failures.append(f"{label} {path}: HTTP {status}")
        return status, body.decode("utf-8", "replace"), head

    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    def log_in(self, username: str) -> None:
        self.request("log in", "/logga-in/")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": self.csrf(), "username": username, "password": PASSWORD}
        ).encode()
        status, _body, _head = self.request(
            "log in", "/logga-in/", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302:
            raise CommandError(f"Could not log in to the benchmark server (HTTP {status}).")

    def upload(self, name: str, data: bytes) -> str:
        self.request("upload page", "/import/")
        boundary = "----bench" + secrets.token_hex(8)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{self.csrf()}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"'
            "\r\nContent-Type: application/zip\r\n\r\n".encode(),
            data,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
        status, body, head = self.request(
            "upload",
            "/import/",
            b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        if status != 302:
            raise CommandError(f"The upload was refused (HTTP {status}): {body[:500]}")
        return head["Location"]

    def post(self, label: str, path: str) -> int:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf()}).encode()
        status, _body, _head = self.request(
            label, path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        return status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def peak_kib(pid: int) -> int:
    """The peak resident memory of a process so far (VmHWM), in KiB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(match[1]) if match else 0


def children_of(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


class Command(BaseCommand):
    help = (
        "Import a batch of N generated minutes (text, Word and PDF) through gunicorn and the "
        "background worker on a fresh database, and print documents per minute, the worker's "
        "peak memory and the slowest web request during the batch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=500, help="How many (500).")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--database-url",
            help="A database to use, which is emptied first (default: a new SQLite file).",
        )
        parser.add_argument("--workers", type=int, default=1, help="Worker processes (1).")
        parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")

    def handle(self, *args, documents, seed, database_url, workers, keep, **options):
        if documents < 1 or workers < 1:
            raise CommandError("--documents and --workers must be at least 1.")
        folder = Path(tempfile.mkdtemp(prefix="bench-batch-"))
        try:
            self._run(folder, documents, seed, database_url, workers)
        finally:
            if keep:
                self.stdout.write(f"Kept {folder}")
            else:
                shutil.rmtree(folder, ignore_errors=True)

    def _run(self, folder: Path, count: int, seed: int, database_url: str | None, workers: int):
        env = {
            **os.environ,
            "DATABASE_URL": database_url or f"sqlite:///{folder / 'bench.sqlite3'}",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_hex(32),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "TASKS_BACKEND": "database",
            "MEDIA_ROOT": str(folder / "media"),
            "PYTHONUNBUFFERED": "1",
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

        def run(*arguments: str) -> None:
            subprocess.run(
                [*manage, *arguments], env=env, check=True, cwd=settings.BASE_DIR, timeout=900
            )

        started = time.perf_counter()
        documents = generated_batch(count, seed)
        archive = as_zip(documents)
        kinds = {s: sum(n.endswith(s) for n, _ in documents) for s in (".txt", ".docx", ".pdf")}
        self.stdout.write(
            f"Generated {count} minutes ({kinds['.txt']} text, {kinds['.docx']} Word, "
            f"{kinds['.pdf']} PDF; zip {len(archive) / 2**20:.1f} MiB) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        if database_url:
            run("flush", "--noinput", "-v0")
        run("migrate", "--noinput", "-v0")
        run("load_reference", "-v0")
        run("collectstatic", "--noinput", "-v0")
        run(
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_superuser('bench', 'bench@example.se', {PASSWORD!r})",
        )
        port = _free_port()
        logs = (folder / "server.log").open("wb")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "council.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "120",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=logs,
            stderr=subprocess.STDOUT,
        )
        pool = [
            subprocess.Popen(
                [*manage, "db_worker", "--interval", "0.2", "--no-reload"],
                env=env,
                cwd=settings.BASE_DIR,
                stdout=logs,
                stderr=subprocess.STDOUT,
            )
            for _ in range(workers)
        ]
        try:
            self._measure(f"http://127.0.0.1:{port}", archive, count, pool)
        finally:
            for process in [server, *pool]:
                process.terminate()
            for process in [server, *pool]:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
            logs.close()

    def _measure(self, base: str, archive: bytes, count: int, pool) -> None:
        browser = Browser(base)
        _wait_for_server(browser)
        browser.log_in("bench")
        browser.times = {}
        helper_peak = [0]
        stop = threading.Event()

        def sample_helpers() -> None:
            # The PDF reader runs as a child of the worker; its memory counts too.
            while not stop.wait(0.2):
                for worker in pool:
                    for child in children_of(worker.pid):
                        helper_peak[0] = max(helper_peak[0], peak_kib(child))

        sampler = threading.Thread(target=sample_helpers, daemon=True)
        sampler.start()

        uploaded = time.perf_counter()
        location = browser.upload("bench.zip", archive)
        upload_time = time.perf_counter() - uploaded
        batch_path = location.removeprefix(base)
        self.stdout.write(f"Upload of the zip: {upload_time * 1000:.0f} ms → {batch_path}")

        first_done = self._follow(browser, batch_path, "reading", count)
        read_time = time.perf_counter() - uploaded
        stop.set()
        sampler.join()
        progress = _progress(browser, batch_path)
        counts = progress["counts"]
        self.stdout.write(
            f"Read {count} documents in {read_time:.1f} s: "
            f"{count / read_time * 60:.0f} documents per minute "
            f"(first read after {first_done:.1f} s); "
            + ", ".join(f"{k} {v}" for k, v in counts.items() if v)
        )
        worker_peak = max(peak_kib(w.pid) for w in pool)
        self.stdout.write(
            f"Worker peak memory: {worker_peak / 1024:.0f} MiB"
            + (f" (PDF reader {helper_peak[0] / 1024:.0f} MiB)" if helper_peak[0] else "")
        )
        self._report(browser, "while reading")

        # A review page of a batch this size: its links are weighed against all of it.
        if progress["first_to_review"]:
            for _ in range(5):
                browser.request("review page (after)", progress["first_to_review"])
        clean = counts.get("clean", 0)
        if clean:
            saving = time.perf_counter()
            browser.post("save clean", batch_path.rstrip("/") + "/spara-utan-varningar/")
            self._follow(browser, batch_path, "saving", clean)
            save_time = time.perf_counter() - saving
            self.stdout.write(
                f"Saved {clean} minutes read without a warning in {save_time:.1f} s: "
                f"{clean / save_time * 60:.0f} per minute"
            )
        self._report(browser, "after reading and while saving")
        if browser.failures:
            raise CommandError("Requests failed: " + "; ".join(browser.failures[:10]))

    def _follow(self, browser: Browser, batch_path: str, what: str, total: int) -> float:
        """Poll as the batch page does, with the other pages a secretary has open, until
        the worker is done; the time until the first document was done."""
        started = time.perf_counter()
        first = None
        review = ""
        last_line = 0.0
        while True:
            data = _progress(browser, batch_path)
            left = data["waiting"] if what == "reading" else data["saving"]
            if first is None and left < total:
                first = time.perf_counter() - started
            now = time.perf_counter()
            if now - last_line > 10:
                self.stdout.write(f"  {what}: {total - left}/{total} after {now - started:.0f} s")
                last_line = now
            if not left and (what != "saving" or not data["saving"]):
                return first or 0.0
            browser.request("batch page", batch_path)
            if what == "reading":
                review = review or data["first_to_review"]
                if review:
                    browser.request("review page", review)
            browser.request("start page", "/")
            browser.request("upload page", "/import/")
            time.sleep(1)

    def _report(self, browser: Browser, when: str) -> None:
        rows = [(label, times) for label, times in browser.times.items() if times]
        if not rows:
            return
        slowest = max((max(times), label) for label, times in rows)
        self.stdout.write(f"Web requests {when}:")
        self.stdout.write(f"  {'page':<28} {'count':>6} {'median ms':>10} {'max ms':>8}")
        for label, times in sorted(rows):
            self.stdout.write(
                f"  {label:<28} {len(times):>6} {statistics.median(times) * 1000:>10.0f} "
                f"{max(times) * 1000:>8.0f}"
            )
        self.stdout.write(f"  slowest: {slowest[1]}, {slowest[0] * 1000:.0f} ms")
        browser.times = {}


def _progress(browser: Browser, batch_path: str) -> dict:
    import json

    status, body, _head = browser.request("batch progress (json)", batch_path + "?format=json")
    if status != 200:
        raise CommandError(f"The batch page answered HTTP {status}.")
    return json.loads(body)


def _wait_for_server(browser: Browser) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(browser.base + "/logga-in/", timeout=5)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise CommandError("The benchmark's web server did not start.")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
