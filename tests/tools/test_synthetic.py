"""The synthetic register: exact volume, a coherent chain, history, idempotence, determinism."""

import datetime
import hashlib
import json
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F

from agreements.models import Agreement, PrincipalDecision
from agreements.services import open_adoptions
from council.models import Principal
from meetings.models import AgendaItem, Assignment, Case, Decision, Meeting
from tests.factories import make_decision

TODAY = datetime.date(2026, 3, 15)


def generate(**options) -> str:
    out = StringIO()
    options.setdefault("decisions", 600)
    options.setdefault("seed", 7)
    options.setdefault("today", TODAY)
    call_command("generate_synthetic", stdout=out, **options)
    return out.getvalue()


def fingerprint() -> str:
    titles = AgendaItem.objects.order_by(
        "meeting__date", "meeting__forum__code", "position"
    ).values_list("meeting__date", "meeting__forum__code", "title")
    texts = Decision.objects.order_by(
        "item__meeting__date", "item__meeting__forum__code", "item__position", "position"
    ).values_list("kind", "text")
    digest = hashlib.sha256()
    for row in [*titles, *texts]:
        digest.update(repr(row).encode())
    return digest.hexdigest()


def counts() -> dict[str, int]:
    return {
        "decisions": Decision.objects.count(),
        "items": AgendaItem.objects.count(),
        "meetings": Meeting.objects.count(),
        "cases": Case.objects.count(),
        "agreements": Agreement.objects.count(),
        "principal_decisions": PrincipalDecision.objects.count(),
        "assignments": Assignment.objects.count(),
        "decision_history": Decision.history.count(),
        "meeting_history": Meeting.history.count(),
    }


@pytest.fixture
def author(db):
    return get_user_model().objects.create_user("syntes", "syntes@example.se", "x-lösen-42")


@pytest.fixture
def register(author):
    output = generate(user="syntes")
    return output


def test_exactly_the_number_of_decisions_asked_for(register):
    assert Decision.objects.count() == 600
    assert "600" in register
    assert Principal.objects.count() == 16


def test_every_referral_names_its_target(register):
    referrals = Decision.objects.filter(kind=Decision.Kind.REFERRED)
    assert referrals.exists()
    assert not referrals.filter(referred_to__isnull=True).exists()
    # Referrals go up the chain, never to the forum that made them.
    assert not referrals.filter(referred_to=F("item__meeting__forum")).exists()


def test_answers_point_to_earlier_meetings(register):
    answering = Decision.objects.filter(answers__isnull=False)
    assert answering.exists()
    assert not answering.filter(answers__item__meeting__date__gte=F("item__meeting__date")).exists()
    # Some referrals have been answered by the forum they were sent to.
    assert answering.filter(answers__referred_to=F("item__meeting__forum")).exists()


def test_every_recommendation_has_sixteen_principal_decisions(register):
    recommendations = Decision.objects.recommendations().annotate(n=Count("principal_decisions"))
    assert recommendations.exists()
    assert set(recommendations.values_list("n", flat=True)) == {16}
    decided = PrincipalDecision.objects.exclude(status=PrincipalDecision.Status.PENDING)
    assert decided.exists()
    assert not decided.filter(decided_on__isnull=True).exists()


def test_cases_agreements_and_assignments_are_realistic(register):
    sizes = set(Case.objects.annotate(n=Count("items")).values_list("n", flat=True))
    assert sizes and min(sizes) >= 2 and max(sizes) <= 8
    assert Agreement.objects.count() >= 5
    assert Agreement.objects.filter(cases__isnull=False).exists()
    assigned = Decision.objects.filter(kind=Decision.Kind.ASSIGNED)
    assert assigned.count() == Assignment.objects.count()
    assert not Assignment.objects.filter(due_date__isnull=True).exists()
    assert not Assignment.objects.filter(report_to_forum__isnull=True).exists()
    assert Meeting.objects.published().count() > Meeting.objects.count() // 2
    assert (
        Meeting.objects.exclude(status=Meeting.Status.PUBLISHED)
        .filter(date__gte=TODAY - datetime.timedelta(days=40))
        .exists()
    )
    assert not Meeting.objects.filter(date__gt=TODAY).exists()


def test_rows_pass_model_validation(register):
    for model in (Meeting, AgendaItem, Decision, Assignment, PrincipalDecision, Agreement):
        for obj in model.objects.order_by("?")[:40]:
            obj.full_clean()


def test_history_is_written_by_the_command_user(register, author):
    assert Decision.history.count() == 600
    assert set(Decision.history.values_list("history_user", flat=True)) == {author.pk}
    assert Meeting.history.filter(history_type="~").count() == Meeting.objects.count()
    assert not AgendaItem.history.exclude(history_user=author).exists()


def test_a_second_run_without_replace_is_refused_and_changes_nothing(register):
    before, print_before = counts(), fingerprint()
    with pytest.raises(CommandError, match="--replace"):
        generate(user="syntes")
    assert counts() == before
    assert fingerprint() == print_before


def test_replace_gives_the_same_register(register):
    before, print_before = counts(), fingerprint()
    output = generate(user="syntes", replace=True)
    assert "Removed the previous synthetic register" in output
    assert counts() == before
    assert fingerprint() == print_before


def test_another_seed_gives_another_register_of_the_same_size(register):
    print_before = fingerprint()
    generate(user="syntes", replace=True, seed=8)
    assert Decision.objects.count() == 600
    assert fingerprint() != print_before


BENCH_LINE = re.compile(
    r"^(?P<page>.+?)\s+(?P<role>anonymous|member|secretary|administrator)\s+"
    r"(?P<median>\d+\.\d)\s+(?P<p95>\d+\.\d)\s+(?P<queries>\d+)\s+(?P<kib>\d+\.\d)\s+"
    r"(?P<rows>\d+|-)\s+(?P<size>\d+\.\d)\s+(?P<same_rows>\d+\.\d)(?:\s+(?P<note>.*))?$"
)
# Every page shape, and who it is measured as.
BENCH_SHAPES = {
    "decision list": ["anonymous", "member", "secretary", "administrator"],
    "search ?q=äldreomsorg": ["anonymous", "member", "secretary", "administrator"],
    "CSV, one forum": ["anonymous", "member", "secretary", "administrator"],
    "agreement": ["anonymous", "member", "secretary", "administrator"],
    "case": ["anonymous", "member", "secretary", "administrator"],
    "agenda generation": ["administrator"],
    "start page": ["anonymous", "member", "secretary", "administrator"],
    "meeting": ["anonymous", "member", "secretary", "administrator"],
    "print": ["anonymous", "member", "secretary", "administrator"],
    "forum list": ["anonymous", "member", "secretary", "administrator"],
    "forum": ["anonymous", "member", "secretary", "administrator"],
    "agreement list": ["anonymous", "member", "secretary", "administrator"],
    "principal list": ["anonymous", "member", "secretary", "administrator"],
    "principal": ["anonymous", "member", "secretary", "administrator"],
    "assignments": ["anonymous", "member", "secretary", "administrator"],
    "assignments of a principal": ["anonymous", "member", "secretary", "administrator"],
    "adoptions": ["anonymous", "member", "secretary", "administrator"],
    "adoption": ["member", "administrator"],
    "todo": ["member", "secretary", "administrator"],
    "minutes list": ["secretary", "administrator"],
    "meeting, draft": ["secretary", "administrator"],
    "meeting editor": ["secretary", "administrator"],
    "item editor": ["secretary", "administrator"],
    "new item": ["secretary", "administrator"],
    "justering": ["secretary", "administrator"],
    "import review": ["secretary", "administrator"],
    "agenda start": ["administrator"],
    "notice": ["administrator"],
}


def bench_rows(output: str) -> dict:
    return {
        (match["page"], match["role"]): match
        for match in map(BENCH_LINE.match, output.splitlines())
        if match
    }


def test_bench_measures_every_page_shape_as_each_role_and_the_baselines(db):
    generate(decisions=300)
    # A register this small may hold no recommendation sent to the principals yet.
    item = AgendaItem.objects.filter(meeting__status=Meeting.Status.PUBLISHED).latest(
        "meeting__date"
    )
    open_adoptions(
        recommendation=make_decision(item, "att rekommendera huvudmännen.", kind="recommended")
    )
    users = get_user_model().objects.count()
    out = StringIO()
    call_command("bench", repeat=1, warmup=0, stdout=out)
    output = out.getvalue()
    assert "301 decisions" in output
    rows = bench_rows(output)
    baselines = [m for (page, _role), m in rows.items() if page.startswith("baseline")]
    assert rows["baseline", "anonymous"]["rows"] == "50"
    assert all(b["queries"] == "1" and b["size"] == b["same_rows"] == "1.0" for b in baselines)
    for page, roles in BENCH_SHAPES.items():
        for role in roles:
            row = rows.get((page, role))
            assert row is not None, f"{page} as {role} was not measured:\n{output}"
            # Every page reads the database, within the bound the query tests hold it to,
            # and answers without an error status.
            assert 1 <= int(row["queries"]) <= 12, (page, role)
            assert "HTTP" not in (row["note"] or ""), (page, role, row["note"])
            # Beside a baseline of as many rows, and one of the same size in bytes.
            if row["rows"] != "-":
                assert any(b["rows"] == row["rows"] for b in baselines), (page, role)
            # (A page larger than the whole register's decisions make is beside the
            # largest baseline, which says so.)
            kib = float(row["kib"])
            assert any(abs(float(b["kib"]) - kib) <= max(0.5, kib * 0.05) for b in baselines) or (
                any("too few decisions" in (b["note"] or "") for b in baselines)
                and kib > max(float(b["kib"]) for b in baselines)
            ), (page, role, kib)
    # The agenda generation is measured for a forum code and a date.
    assert re.fullmatch(
        r"[A-Z0-9-]+ \d{4}-\d{2}-\d{2}", rows["agenda generation", "administrator"]["note"]
    )
    # The accounts of the roles, the planned meeting and the import are rolled back.
    assert get_user_model().objects.count() == users
    assert not Meeting.objects.filter(status=Meeting.Status.PLANNED).exists()


def test_bench_saves_its_figures_and_prints_the_growth_against_another_size(db, tmp_path):
    generate(decisions=300)
    small = tmp_path / "small.json"
    options = {
        "repeat": 1,
        "warmup": 0,
        "no_csv": True,
        "pages": "start page",
        "stdout": StringIO(),
    }
    call_command("bench", save=small, **options)
    saved = json.loads(small.read_text(encoding="utf-8"))
    assert saved["decisions"] == 300
    assert {(p["page"], p["role"]) for p in saved["pages"]} == {
        ("start page", role) for role in BENCH_SHAPES["start page"]
    }
    generate(decisions=600, replace=True)
    out = StringIO()
    call_command("bench", compare=small, **{**options, "stdout": out})
    output = out.getvalue()
    assert "Growth from 300 to 600 decisions" in output
    grown = {
        line.split()[2]: line.split()[3:6]
        for line in output.split("Growth from", 1)[1].splitlines()
        if line.startswith("start page")
    }
    assert set(grown) == set(BENCH_SHAPES["start page"])
    for before, after, growth in grown.values():
        # The later run's time over the earlier's, to the printed precision.
        assert abs(float(after) / float(before) - float(growth)) <= 0.051 + 0.1 / float(before)


def test_bench_refuses_figures_it_cannot_read(db, tmp_path):
    wrong = tmp_path / "wrong.json"
    wrong.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match="holds no saved figures"):
        call_command("bench", compare=wrong, stdout=StringIO())
    with pytest.raises(CommandError, match="--roles"):
        call_command("bench", roles="guest", stdout=StringIO())
