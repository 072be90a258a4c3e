"""Locust's member of the register: the pages of tools/loadtest_pages.py, weighted.

``manage.py bench_load`` starts the web server and Locust with this file, and names in
BENCH_LOAD_PLAN a JSON file that holds, for each page, the addresses to request: the
ids of published meetings, cases with decisions, agreements, principals and forums
picked from the register, filters and search words. Each visit takes one of the page's
addresses at random and is reported under the page's name.

A visit counts as an error unless it is answered 2xx: redirects are not followed (a
redirect to HTTPS or to the log-in page is a page the member did not get), and a
connection refused or dropped is one too.
"""

import json
import os
import random
from collections.abc import Callable

from locust import FastHttpUser, between

from tools.loadtest_pages import PAGES

PLAN_VARIABLE = "BENCH_LOAD_PLAN"
THINK_VARIABLE = "BENCH_LOAD_THINK"


def read_plan() -> dict[str, list[str]]:
    """The addresses of each page, from the file the command wrote (none when run alone)."""
    path = os.environ.get(PLAN_VARIABLE)
    if not path:
        return {}
    with open(path, encoding="utf-8") as file:
        plan = json.load(file)
    missing = [page for page in PAGES if not plan.get(page)]
    if missing:
        raise SystemExit(f"{path} has no addresses for: {', '.join(missing)}")
    return plan


PLAN = read_plan()
# Seconds a member reads a page before the next, on average: a visit waits between half
# and one and a half times it. 0 sends the next request as soon as the last is answered.
THINK = float(os.environ.get(THINK_VARIABLE, "1"))


def visit(page: str) -> Callable[["Member"], None]:
    """The task that opens ``page`` at one of its addresses."""

    def task(user: "Member") -> None:
        url = random.choice(user.plan[page])
        with user.client.get(url, name=page, allow_redirects=False, catch_response=True) as answer:
            # Status 0 is a connection error, which Locust reports as the error it was.
            if answer.status_code and not 200 <= answer.status_code < 300:
                answer.failure(f"HTTP {answer.status_code}")

    task.__name__ = page  # how Locust names the task in its output
    task.page = page
    return task


class Member(FastHttpUser):
    """An anonymous member of a forum reading the register."""

    wait_time = between(THINK / 2, THINK * 3 / 2)
    tasks = {visit(page): weight for page, weight in PAGES.items()}
    plan = PLAN
