import pytest
from django.utils import translation
from freezegun import freeze_time


def sv(message: str) -> str:
    """The text as the Swedish site shows it (the site's catalog translates it)."""
    with translation.override("sv"):
        return translation.gettext(message)


@pytest.fixture
def frozen():
    """The clock stopped at a known moment (Stockholm: 10.00 on Sunday 15 November 2026),
    moved with ``frozen.move_to(...)``."""
    with freeze_time("2026-11-15 09:00:00", tz_offset=0) as clock:
        yield clock
