"""Settings of the web server that ``manage.py bench_load`` starts: the project's own, read
from the same environment, with the bare baseline page of tools/bench_urls.py added
to the URLs and the static files collected into a folder of the run's own."""

import os
from pathlib import Path

from council.settings import *  # noqa: F403

ROOT_URLCONF = "tools.bench_urls"

if os.environ.get("BENCH_STATIC_ROOT"):
    # With DEBUG off the pages name their CSS and scripts from the manifest that
    # collectstatic writes; one of the run's own cannot be stale.
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
    # The same hashed names as production's storage, without the compressed copies,
    # which take most of collectstatic's time and no page of the benchmark asks for.
    STORAGES = {
        **STORAGES,  # noqa: F405
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
