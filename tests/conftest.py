"""The shared cast: anonymous, member, secretary of VFR, secretary of SCHNV, administrator."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from council.models import Forum, Membership, Person, Principal, Role
from council.reference import load_reference_data

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
SEED_NAMES = ["vfr-2020-03-11", "chnv-2020-05-08", "lchnv-2021-04-16", "schnv-2022-09-23"]
PASSWORD = "rätt-hemligt-lösenord-42"


def pytest_configure(config):
    """Passwords hashed at a test's speed: PBKDF2's million rounds cost about half a
    second for each account a test creates, most of the suite's time. The hasher is
    Django's own (the production one is tested by Django); log-in works as in use."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_truth(name: str) -> dict:
    return json.loads((FIXTURES / "seeds" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def reference(db):
    load_reference_data()


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker):
    """The seed demo (four meetings, their cases and agreements), loaded once for a whole
    module and taken away after it. Each test still runs in its own savepoint (``db``), so
    what one test changes the next does not see. Only for modules whose every test reads
    the demo: a test in the same module without it would see it too."""
    from tools.demo import load_demo_data

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_data()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(shared_demo, db) -> None:
    """The seed demo for one test (see ``shared_demo``)."""


@pytest.fixture
def vfr(reference) -> Forum:
    return Forum.objects.get(code="VFR")


@pytest.fixture
def lchnv(reference) -> Forum:
    return Forum.objects.get(code="LCHNV")


@pytest.fixture
def schnv(reference) -> Forum:
    return Forum.objects.get(code="SCHNV")


def _user_with_role(username: str, forum: Forum, role: str, principal: Principal | None = None):
    user = get_user_model().objects.create_user(username, f"{username}@example.se", PASSWORD)
    person = Person.objects.create(name=username.title(), user=user, principal=principal)
    Membership.objects.create(forum=forum, person=person, role=role, principal=principal)
    return user


@pytest.fixture
def member(lchnv):
    return _user_with_role("maja", lchnv, Role.MEMBER, Principal.objects.get(short_name="Falun"))


@pytest.fixture
def vfr_secretary(vfr):
    return _user_with_role("vera", vfr, Role.SECRETARY)


@pytest.fixture
def schnv_secretary(schnv):
    return _user_with_role("sixten", schnv, Role.SECRETARY)


@pytest.fixture
def administrator(reference):
    return get_user_model().objects.create_superuser("ada", "ada@example.se", PASSWORD)


# --- e-mail: a real SMTP server on loopback, and the real background worker ------------


class Inbox:
    """What an SMTP server on loopback received, as parsed messages."""

    def __init__(self):
        self.messages: list = []
        self.port = free_port()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        message.envelope_to = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count: int, timeout: float = 30.0) -> list:
        """The messages once ``count`` have arrived; fails after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} e-mail(s), got {len(self.messages)}")
            time.sleep(0.1)
        return list(self.messages)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """An SMTP server on a free loopback port, started by the test (aiosmtpd)."""
    inbox = Inbox()
    inbox.start()
    yield inbox
    inbox.stop()


def database_url() -> str:
    """The URL of the test database, for a process of our own to open."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def start_worker(transactional_db, settings, tmp_path):
    """Start the real background worker (`manage.py db_worker`) on the test database,
    sending through the SMTP server on the given port (none: to its log).
    Stopped after the test."""
    processes = []

    def start(smtp_port: int | None = None, **extra_env: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "OUTBOX_RETRY_SECONDS": "1",
            "TASKS_BACKEND": "database",
            "SITE_URL": settings.SITE_URL,
            "DEBUG": "1",
            **extra_env,
        }
        if smtp_port is not None:
            env["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_port}"
        else:
            env.pop("EMAIL_URL", None)
        log = open(tmp_path / f"worker-{len(processes)}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
