"""A batch read by the real background worker (`manage.py db_worker`), killed half-way."""

import json
import os
import signal
import time

import pytest
from django.urls import reverse

from imports import batch as batches
from imports.models import ImportBatch, ImportDocument
from meetings.models import Meeting
from tests.conftest import FIXTURES, SEED_NAMES, seed_truth
from tests.imports.test_corpus import DOCUMENTS

SEEDS = FIXTURES / "seeds"


def meeting_of(path) -> tuple[str, str]:
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return truth["forum"], truth["date"]


def batch_documents() -> list:
    """Every other document of the corpus, and both documents of each meeting the corpus
    has twice: the restart and the duplicates are what the worker tests are about; that
    every document reads right is test_corpus's."""
    by_meeting: dict[tuple[str, str], list] = {}
    for path in DOCUMENTS:
        by_meeting.setdefault(meeting_of(path), []).append(path)
    twice = {path for paths in by_meeting.values() if len(paths) > 1 for path in paths}
    return sorted(set(DOCUMENTS[::2]) | twice)


def wait_until(condition, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.02)


def statuses(batch: ImportBatch) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in batch.documents.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_leaves_nothing_undone_or_done_twice(
    client, administrator, start_worker
):
    chosen = batch_documents()
    files = [(path.name, path.read_bytes()) for path in chosen]
    files += [(f"{name}.txt", (SEEDS / f"{name}.txt").read_bytes()) for name in SEED_NAMES]
    batch = batches.create_batch(user=administrator, files=files)
    assert statuses(batch) == {"queued": len(files)}

    worker = start_worker(IMPORT_STALE_SECONDS="2")
    # Killed while it reads a document, after it has read some.
    wait_until(
        lambda: (
            batch.documents.filter(status="parsed").count() >= 2
            and batch.documents.filter(status="reading").exists()
        ),
        timeout=120,
        message="the worker did not start reading",
    )
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    left = statuses(batch)
    assert left.get("reading") == 1
    assert left.get("queued", 0) > 0

    start_worker(IMPORT_STALE_SECONDS="2")
    client.force_login(administrator)
    url = reverse("import_batch", args=[batch.pk])

    # The batch page, looked at as a secretary would, asks again for the stalled one.
    def done() -> bool:
        return client.get(url, {"format": "json"}).json()["waiting"] == 0

    wait_until(done, timeout=240, message=f"the batch did not complete: {statuses(batch)}")

    # Each meeting is read once; a second document of the same meeting is its duplicate
    # (the corpus has seven: Välfärdsrådet's of 12 June 2019, written three times, of
    # 15 March 2023 and 12 February 2026, and Länschefsnätverket's of 18 September 2015,
    # 13 November 2015 and 18 March 2022, each written twice, in other layouts).
    meetings = {meeting_of(path) for path in chosen}
    meetings |= {(seed_truth(name)["forum"], seed_truth(name)["date"]) for name in SEED_NAMES}
    duplicates = len(files) - len(meetings)
    assert statuses(batch) == {"parsed": len(meetings), "duplicate": duplicates}
    assert duplicates == 7
    assert max(batch.documents.values_list("attempts", flat=True)) == 2
    assert sorted(batch.documents.values_list("name", flat=True)) == sorted(n for n, _ in files)

    clean = batch.documents.filter(warnings=0, status="parsed").count()
    assert clean > 0
    response = client.post(reverse("import_save_clean", args=[batch.pk]))
    assert response.status_code == 302
    wait_until(
        lambda: not ImportBatch.objects.get(pk=batch.pk).saving_since,
        timeout=120,
        message="the worker did not save the clean minutes",
    )
    assert Meeting.objects.count() == clean
    assert batch.documents.filter(status="saved").count() == clean
    checksums = list(Meeting.objects.values_list("import_checksum", flat=True))
    assert len(set(checksums)) == len(checksums)


@pytest.mark.django_db(transaction=True)
def test_a_document_that_stops_every_worker_is_refused_in_the_end(administrator):
    batch = batches.create_batch(
        user=administrator,
        files=[("vfr.txt", (SEEDS / "vfr-2020-03-11.txt").read_bytes())],
        enqueue=False,
    )
    document = batch.documents.get()
    # Three workers took it up and stopped, the last of them long ago.
    ImportDocument.objects.filter(pk=document.pk).update(
        attempts=3, status="reading", started_at="2000-01-01T00:00:00Z"
    )

    assert batches.resume_stalled() == 1
    assert batch.documents.get().status == "queued"
    assert batches.read_batch(batch.pk) == 0

    document.refresh_from_db()
    assert document.status == "refused"
    assert "Filen gick inte att läsa" in document.message


def test_an_error_of_the_reading_refuses_that_document_alone(db, administrator, monkeypatch):
    batch = batches.create_batch(
        user=administrator,
        files=[
            ("a.txt", (SEEDS / "vfr-2020-03-11.txt").read_bytes()),
            ("b.txt", (SEEDS / "chnv-2020-05-08.txt").read_bytes()),
        ],
        enqueue=False,
    )
    first, second = batch.documents.order_by("pk")
    real = batches.read_minutes

    def fails_on_a(*, data, filename):
        if filename == "a.txt":
            raise RuntimeError("a bug in the reading")
        return real(data=data, filename=filename)

    monkeypatch.setattr(batches, "read_minutes", fails_on_a)

    assert batches.read_document(first.pk) == "refused"
    assert batches.read_document(second.pk) == "parsed"
    first.refresh_from_db()
    assert first.message.startswith("Filen gick inte att läsa.")
    # A task run twice reads a document once.
    assert batches.read_document(second.pk) == "taken"


@pytest.mark.django_db(transaction=True)
def test_the_rq_worker_on_redis_reads_a_batch(administrator):
    """The queue of a larger installation: a batch read through Redis (RQ)."""
    import subprocess
    import sys

    import redis

    from tests.conftest import ROOT, database_url
    from tests.people.test_redis_queue import REDIS_URL

    connection = redis.Redis.from_url(REDIS_URL)
    connection.ping()  # fails the test, not skips it, when Redis is not running
    connection.flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": "rq",
        "REDIS_URL": REDIS_URL,
        "DEBUG": "1",
    }
    paths = [str(SEEDS / f"{name}.txt") for name in SEED_NAMES[:2]]
    upload = (
        "from django.contrib.auth import get_user_model\n"
        "from imports.batch import create_batch\n"
        f"paths = {paths!r}\n"
        "create_batch(user=get_user_model().objects.get(username='ada'),"
        " files=[(p, open(p, 'rb').read()) for p in paths])\n"
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "shell", "-c", upload], cwd=ROOT, env=env, check=True, timeout=60)
    assert connection.llen("rq:queue:default") == 2
    assert statuses(ImportBatch.objects.get()) == {"queued": 2}

    subprocess.run(
        [*manage, "rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )

    assert statuses(ImportBatch.objects.get()) == {"parsed": 2}
    connection.flushdb()
