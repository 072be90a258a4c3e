"""The synthetic register: exact volume, a coherent chain, history, idempotence, determinism."""

import datetime
import hashlib
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F

from agreements.models import Agreement, PrincipalDecision
from council.models import Principal
from meetings.models import AgendaItem, Assignment, Case, Decision, Meeting

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


def test_bench_measures_the_pages_and_the_one_query_baselines(db):
    generate(decisions=300)
    out = StringIO()
    call_command("bench", repeat=1, warmup=0, stdout=out)
    output = out.getvalue()
    assert "300 decisions" in output
    rows = {}
    for line in output.splitlines():
        match = re.match(
            r"^(?P<page>.+?)\s+(?P<median>\d+\.\d)\s+(?P<p95>\d+\.\d)\s+(?P<queries>\d+)\s+"
            r"(?P<kib>\d+\.\d)\s+(?P<rows>\d+|-)\s+(?P<size>\d+\.\d)\s+(?P<same_rows>\d+\.\d)"
            r"(?:\s+(?P<note>.*))?$",
            line,
        )
        if match:
            rows[match["page"]] = match
    baselines = [m for page, m in rows.items() if page.startswith("baseline")]
    assert rows["baseline"]["rows"] == "50"
    assert all(b["queries"] == "1" and b["size"] == b["same_rows"] == "1.0" for b in baselines)
    pages = ["decision list", "search ?q=äldreomsorg", "agreement", "case", "start page"]
    for page in pages:
        assert page in rows, output
        # Every page reads the database, within the bound the query tests hold it to.
        assert 1 <= int(rows[page]["queries"]) <= 12, page
        assert "HTTP" not in (rows[page]["note"] or "")
        # Beside a baseline of as many rows, and one of the same size in bytes.
        if rows[page]["rows"] != "-":
            assert any(b["rows"] == rows[page]["rows"] for b in baselines), page
        kib = float(rows[page]["kib"])
        assert any(abs(float(b["kib"]) - kib) <= max(0.5, kib * 0.05) for b in baselines), page


def test_bench_times_the_agenda_generation_as_an_administrator_and_leaves_no_account(db):
    generate(decisions=300)
    users = get_user_model().objects.count()
    out = StringIO()
    call_command("bench", repeat=2, warmup=0, stdout=out)
    lines = {line.split("  ")[0].strip(): line for line in out.getvalue().splitlines()}
    agenda = lines["agenda generation"]
    if "skipped" not in agenda:
        # Measured for a forum code and a date, logged in, without an error status.
        assert "as an administrator" in agenda and "HTTP" not in agenda, agenda
        assert re.search(r"\s[A-Z0-9-]+ \d{4}-\d{2}-\d{2}, as an administrator", agenda)
    for page in ["decision list", "search ?q=äldreomsorg", "agreement", "case", "start page"]:
        # Each page is timed in turns with its baseline and compared with it.
        assert re.search(r"\s\d+\.\d  ", lines[page]) and "HTTP" not in lines[page], lines[page]
    assert get_user_model().objects.count() == users
