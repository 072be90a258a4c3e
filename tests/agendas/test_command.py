"""manage.py generate_agenda: the proposal as text or JSON, and accepting it."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Meeting
from tests.agendas.conftest import MEETING_DATE


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_agenda", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_has_exactly_the_documented_shape(scenario):
    out, _ = run("--forum", "VFR", "--date", "2026-12-10", "--json")
    data = json.loads(out)
    assert set(data) == {"forum", "date", "items"}
    assert (data["forum"], data["date"]) == ("VFR", "2026-12-10")
    for item in data["items"]:
        assert set(item) == {"number", "title", "kind", "reason", "source"}
        assert set(item["source"]) == {"type", "id"}
        assert all(isinstance(item[key], str) for key in ("number", "title", "kind", "reason"))
    first, referral = data["items"][0], data["items"][3]
    assert first == {
        "number": "1",
        "title": "Mötets öppnande",
        "kind": "procedural",
        "reason": "En standardpunkt på varje möte.",
        "source": {"type": "standard", "id": None},
    }
    assert referral["source"] == {"type": "decision", "id": scenario.sus_referral.pk}
    assert referral["reason"].startswith("Länschefsnätverket skickade ärendet vidare 2026-09-15")
    assert not Meeting.objects.filter(date=MEETING_DATE).exists()


def test_a_former_name_finds_the_forum(demo):
    out, _ = run("--forum", "Chefsnätverket", "--date", "2021-06-01", "--json")
    assert json.loads(out)["forum"] == "LCHNV"


def test_text_output_marks_overdue_items(scenario):
    out, _ = run("--forum", "välfärdsrådet", "--date", "2026-12-10", "--horizon", "3")
    assert out.startswith("Välfärdsrådet 2026-12-10")
    assert "[försenat]" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--forum", "Okänt råd", "--date", "2026-12-10"], "Det finns inget forum"),
        (["--forum", "VFR", "--date", "10/12/2026"], "ÅÅÅÅ-MM-DD"),
        (["--forum", "VFR", "--date", "2026-09-01"], "2026-10-01"),
        (["--forum", "SG-GNV", "--date", "2026-12-10"], "inga möten"),
    ],
)
def test_errors_are_explained(scenario, args, message):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert message in str(caught.value)


def test_accept_creates_the_meeting_once(scenario, administrator):
    _, err = run("--forum", "VFR", "--date", "2026-12-10", "--accept", "--user", "ada")
    meeting = Meeting.objects.get(forum=scenario.vfr, date=MEETING_DATE)
    assert str(meeting.pk) in err
    count = meeting.items.count()
    run("--forum", "VFR", "--date", "2026-12-10", "--accept", "--user", "ada")
    assert Meeting.objects.filter(forum=scenario.vfr, date=MEETING_DATE).count() == 1
    assert meeting.items.count() == count
    assert {row.history_user.username for row in meeting.history.all()} == {"ada"}


def test_accept_with_an_unknown_user_creates_nothing(scenario):
    with pytest.raises(CommandError):
        run("--forum", "VFR", "--date", "2026-12-10", "--accept", "--user", "nobody")
    assert not Meeting.objects.filter(date=MEETING_DATE).exists()
