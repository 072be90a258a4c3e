"""The batch benchmark runs end to end (gunicorn, the worker, a fresh database) and
prints its figures; its numbers themselves are read by people, not asserted."""

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_bench_batch_prints_its_figures(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "bench_batch", "--documents", "6"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    out = result.stdout
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Generated 6 minutes (2 text, 2 Word, 2 PDF" in out
    assert re.search(r"Read 6 documents in [\d.]+ s: \d+ documents per minute", out)
    assert re.search(r"parsed 6\b", out)
    assert re.search(r"Worker peak memory: \d+ MiB", out)
    assert re.search(r"slowest: [a-z ()]+, \d+ ms", out)
    assert re.search(r"Saved \d+ minutes read without a warning", out)
