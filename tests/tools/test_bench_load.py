"""The load benchmark: what it refuses, which pages its members open, how it counts errors.

Nothing here starts gunicorn or a load run; the locustfile is imported in a process of
its own, since importing Locust puts the whole process under gevent's monkey-patching.
"""

import datetime
import json
import os
import random
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from agreements.models import Agreement
from meetings.models import Case, Meeting
from tests.conftest import ROOT
from tests.factories import make_decision, make_item, make_meeting
from tools.loadtest_pages import BASELINE, PAGES
from tools.management.commands.bench_load import Command, build_plan, read_stats

D = datetime.date

# The pages a member uses that the benchmark was asked to cover, and the baseline.
MEMBER_PAGES = {
    "start page",
    "decision list",
    "decision list, filtered",
    "search",
    "meeting",
    "case",
    "agreement",
    "agreement list",
    "principal",
    "assignments",
    "forum list",
    "forum",
    "CSV, filtered",
    "baseline",
}


def test_refuses_sqlite(monkeypatch):
    # On an SQLite run this is the database as it is; on PostgreSQL it is made to look so.
    monkeypatch.setattr(connection, "vendor", "sqlite")
    # Without database access: the refusal comes before the register is read.
    with pytest.raises(CommandError, match="needs PostgreSQL.*DATABASE_URL points at SQLite"):
        call_command("bench_load", duration=1)


# Imports the locustfile with a plan of one address per page, and runs each of its tasks
# against a stand-in client that answers 200, 302, 500 and no connection at all.
INSPECT = """
import json, sys
from tools import loadtest

class Answer:
    def __init__(self, status):
        self.status_code, self.failed = status, None
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return False
    def failure(self, why):
        self.failed = why

class Client:
    def __init__(self, status):
        self.status, self.calls = status, []
    def get(self, url, **options):
        self.calls.append({"url": url, **options})
        self.answer = Answer(self.status)
        return self.answer

class Stand:
    plan = loadtest.Member.plan

found = {}
for task in loadtest.Member.tasks:
    entry = found.setdefault(task.page, {"weight": 0, "failures": {}})
    entry["weight"] += 1
    for status in (200, 302, 500, 0):
        user = Stand()
        user.client = Client(status)
        task(user)
        entry["calls"] = user.client.calls
        entry["failures"][str(status)] = user.client.answer.failed
print(json.dumps(found))
"""


def test_locustfile_opens_every_page_of_a_member_weighted_and_counts_non_2xx(tmp_path):
    plan = {page: [f"/{n}/"] for n, page in enumerate(PAGES)}
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", INSPECT],
        cwd=ROOT,
        env={**os.environ, "BENCH_LOAD_PLAN": str(plan_file), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.splitlines()[-1])
    assert set(found) == MEMBER_PAGES
    for page, entry in found.items():
        assert entry["weight"] == PAGES[page] >= 1
        assert entry["calls"] == [
            {"url": plan[page][0], "name": page, "allow_redirects": False, "catch_response": True}
        ]
        # A redirect or a server error is an error; a connection error Locust reports itself.
        assert entry["failures"] == {"200": None, "302": "HTTP 302", "500": "HTTP 500", "0": None}
    assert found["start page"]["weight"] > found["CSV, filtered"]["weight"]


def test_locustfile_refuses_a_plan_without_a_page(tmp_path):
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps({"start page": ["/"]}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", "import tools.loadtest"],
        cwd=ROOT,
        env={**os.environ, "BENCH_LOAD_PLAN": str(plan_file), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "has no addresses for: decision list," in done.stderr


@pytest.fixture
def register(vfr, lchnv):
    """Two forums' published minutes, a case followed from one to the other under an
    agreement, and an unpublished meeting whose decision no page of the plan may name."""
    case = Case.objects.create(title="Hemsjukvård i länet")
    agreement = Agreement.objects.create(short_name="HSV", title="Hemsjukvårdsavtalet")
    agreement.cases.add(case)
    first = make_item(make_meeting(vfr, D(2023, 3, 1)), "4", "Hemsjukvård", case=case)
    make_decision(first, "att rekommendera huvudmännen att anta avtalet.", kind="recommended")
    later = make_item(make_meeting(lchnv, D(2024, 5, 2)), "2", "Hemsjukvård", case=case)
    make_decision(later, "att lägga informationen till handlingarna.", kind="noted")
    draft = make_meeting(vfr, D(2025, 1, 9), status=Meeting.Status.MINUTES_DRAFT)
    make_decision(make_item(draft, "1", "Utkast"), kind="approved")


def test_plan_has_answering_addresses_for_every_page(register, client, settings):
    plan = build_plan(random.Random(1))
    assert set(plan) == set(PAGES)
    assert all(plan.values())
    filtered = [parse_qs(urlsplit(url).query) for url in plan["decision list, filtered"]]
    for name in ("forum", "year", "kind"):
        assert any(name in query for query in filtered), name
    assert any(len(query) == 3 for query in filtered)
    assert {parse_qs(urlsplit(url).query)["q"][0] for url in plan["search"]} >= {"äldreomsorg"}
    assert all("forum=" in url and "year=" in url for url in plan["CSV, filtered"])
    assert build_plan(random.Random(1)) == plan  # the seed picks the same addresses
    draft = Meeting.objects.get(status=Meeting.Status.MINUTES_DRAFT)
    assert reverse("meeting_detail", args=[draft.pk]) not in plan["meeting"]
    assert not [url for url in sum(plan.values(), []) if "year=2025" in url]
    settings.ROOT_URLCONF = "tools.bench_urls"
    for page, urls in plan.items():
        response = client.get(urls[0])
        assert response.status_code == 200, (page, urls[0])
        if page == "CSV, filtered":
            b"".join(response.streaming_content)


def test_plan_says_what_the_register_lacks(db):
    with pytest.raises(CommandError, match="no published meetings with decisions"):
        build_plan(random.Random(1))


STATS = """Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,\
Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,\
80%,90%,95%,98%,99%,99.9%,99.99%,100%
GET,start page,40,0,24,25.1,10,90,30000,0.66,0.0,24,26,28,30,40,60,80,90,90,90,90
GET,case,10,3,36,40.0,20,700,50000,0.16,0.05,36,40,45,50,60,500,700,700,700,700,700
GET,baseline,20,0,12,12.5,8,30,7000,0.33,0.0,12,13,14,15,20,25,30,30,30,30,30
,Aggregated,70,3,20,24.0,8,700,30000,1.16,0.05,20,24,26,30,40,60,500,700,700,700,700
"""
FAILURES = """Method,Name,Error,Occurrences,First Seen,Last Seen
GET,case,CatchResponseError('HTTP 500'),2,,
GET,case,"ConnectionRefusedError(111, 'Connection refused')",1,,
"""


def test_report_counts_errors_of_each_kind_and_compares_with_the_baseline(tmp_path, capsys):
    (tmp_path / "locust_stats.csv").write_text(STATS, encoding="utf-8")
    (tmp_path / "locust_failures.csv").write_text(FAILURES, encoding="utf-8")
    (tmp_path / "locust_exceptions.csv").write_text("Count,Message,Traceback,Nodes\n")
    pages, total, exceptions = read_stats(tmp_path / "locust")
    assert (pages["case"].http_errors, pages["case"].connection_errors) == (2, 1)
    assert (total.requests, total.failures, exceptions) == (70, 3, [])

    errors = Command().report(pages, total, exceptions)
    assert errors == 3
    lines = capsys.readouterr().out.splitlines()
    rows = {line[:26].strip(): line[26:].split() for line in lines if line[:26].strip() in PAGES}
    assert rows["start page"] == ["40", "0.7", "24", "60", "90", "0", "0", "2.0"]
    assert rows["case"] == ["10", "0.2", "36", "500", "700", "2", "1", "3.0"]
    assert rows[BASELINE][-1] == "1.0"
    assert rows["search"] == ["0", "0.0", "-", "-", "-", "0", "0", "-"]  # not requested
    assert "  2× on case: HTTP 500" in lines
    assert "  1× on case: ConnectionRefusedError(111, 'Connection refused')" in lines
    assert "waited for a free worker" not in "".join(lines)

    # A baseline whose median is many times its fastest answer waited in a queue.
    pages[BASELINE].fastest = 2
    Command().report(pages, total, exceptions)
    assert "The baseline's median is 6× its fastest answer" in capsys.readouterr().out
