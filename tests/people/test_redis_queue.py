"""The worker on Redis (RQ), the option for an installation larger than one machine.

Needs Redis on 127.0.0.1:6379 (CI starts it); the test uses a database number of its own.
"""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, database_url

# A database number of each test process's own (`make test` runs at most four), so that
# parallel processes never take each other's jobs: gw0 → 12, gw1 → 13, ...
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{12 + _WORKER}")


@pytest.mark.django_db(transaction=True)
def test_the_rq_worker_sends_an_e_mail_from_the_outbox(smtp_server, settings):
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    connection.ping()  # fails the test, not skips it, when Redis is not running
    connection.flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "TASKS_BACKEND": "rq",
        "REDIS_URL": REDIS_URL,
        "DEBUG": "1",
    }
    queue = (
        "from council import mail; from django.db import transaction\n"
        "with transaction.atomic():\n"
        "    mail.queue_email(kind='notice', key='rq:1', recipient='kim@example.se',"
        " subject='Via Redis', body='Hej.')\n"
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "shell", "-c", queue], cwd=ROOT, env=env, check=True, timeout=60)
    assert connection.llen("rq:queue:default") == 1
    subprocess.run(
        [*manage, "rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )
    [received] = smtp_server.wait_for(1, timeout=10)
    assert received["Subject"].strip() == "Via Redis"
    from council.models import OutboxMessage

    assert OutboxMessage.objects.get().state == "sent"
    connection.flushdb()
