"""The named reads of the member pages, each on the seed demo as a member would see it.

The pages render what these return; a test here fails when a page would show a member
something else. The demo is loaded once for the module (``shared_demo``).
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from agreements.models import Agreement, PrincipalDecision
from council.models import Forum, Principal
from meetings.models import AgendaItem, Assignment, Case, Decision, Meeting
from register import selectors
from tests.conftest import SEED_NAMES, seed_truth

# The module shares one load of the demo (shared_demo): on one test process.
pytestmark = pytest.mark.xdist_group("register-demo")

D = datetime.date
VISITOR = AnonymousUser()
TRUTHS = {name: seed_truth(name) for name in SEED_NAMES}


def clause_count(truth: dict) -> int:
    return sum(len(item["decisions"]) for item in truth["items"])


@pytest.fixture
def draft(demo) -> Meeting:
    """A draft of Välfärdsrådet with one clause, which only its editors may read."""
    meeting = Meeting.objects.create(
        forum=Forum.objects.get(code="VFR"), date=D(2026, 11, 4), status="minutes_draft"
    )
    item = AgendaItem.objects.create(meeting=meeting, number="1", title="Utkast", position=1)
    Decision.objects.create(item=item, position=1, text="att godkänna utkastet.", kind="approved")
    return meeting


def test_visible_decisions_are_the_published_clauses_and_drafts_only_to_editors(draft):
    published = sum(clause_count(t) for t in TRUTHS.values())
    assert selectors.visible_decisions(VISITOR).count() == published
    staff = get_user_model().objects.create_superuser("adm", "adm@example.se", "x-x-x-x-x-1")
    assert selectors.visible_decisions(staff).count() == published + 1


def test_home_lists_newest_meetings_first_and_leave_out_procedural_clauses(demo):
    lists = selectors.home_lists(VISITOR, D(2022, 10, 1))
    labels = [m["label"] for m in lists["latest_meetings"]]
    assert labels == [
        "Socialchefsnätverket 23 september 2022",
        "Länschefsnätverket 16 april 2021",
        "Länsnätverket för förvaltningschefer 8 maj 2020",  # as it was called then
        "Välfärdsrådet 11 mars 2020",
    ]
    latest = lists["latest"]
    assert len(latest) == 10
    assert {row["kind"] for row in latest}.isdisjoint({"procedural", "noted"})
    assert latest[0]["forum"] == "Socialchefsnätverket"
    assert all(row["url"].startswith("/moten/") and "#p" in row["url"] for row in latest)
    # Every pending recommendation links to its item and says how many principals wait.
    for row in lists["pending"]:
        assert row["pending_count"] > 0 and "#p" in row["url"]


def test_home_lists_agreements_running_out_within_six_months(demo):
    lists = selectors.home_lists(VISITOR, D(2021, 9, 1))
    assert "TN-platser" in [row["short_name"] for row in lists["expiring"]]
    assert "TN-platser" not in [
        row["short_name"] for row in selectors.home_lists(VISITOR, D(2021, 1, 1))["expiring"]
    ]


def test_decision_page_filters_by_forum_newest_meeting_first(demo):
    decision_filter, page, rows = selectors.decision_page(QueryDict("forum=LCHNV"), VISITOR)
    expected = clause_count(TRUTHS["chnv-2020-05-08"]) + clause_count(TRUTHS["lchnv-2021-04-16"])
    assert page.paginator.count == expected
    dates = [d.item.meeting.date for d in rows]
    assert dates == sorted(dates, reverse=True)
    # Within a meeting, the clauses come in the minutes' order.
    first_meeting = [d for d in rows if d.item.meeting.date == dates[0]]
    order = [(d.item.position, d.position) for d in first_meeting]
    assert order == sorted(order)


def test_decision_page_searches_and_marks_the_words_found(demo):
    _filter, page, rows = selectors.decision_page(QueryDict("q=tillnyktring"), VISITOR)
    assert page.paginator.count >= 1
    assert all("tillnyktring" in (d.text + d.item.discussion).casefold() for d in rows)
    assert any("<mark>" in (d.headline or "") + (d.context or "") for d in rows)


def test_decision_rows_name_forum_item_case_and_agreements(demo):
    chosen = list(
        Decision.objects.filter(item__case__title__startswith="Tillnyktringsplatser")
        .select_related("item__meeting__forum", "item__case", "referred_to")
        .in_minutes_order()
    )
    rows = selectors.decision_rows(chosen)
    assert [row["text"] for row in rows] == [d.text for d in chosen]
    first = rows[0]
    assert first["forum"] == "Välfärdsrådet"
    assert first["item"].startswith("p. 5 ")
    assert first["case"].startswith("Tillnyktringsplatser")
    assert sorted(name for _url, name in first["agreements"]) == ["TN-platser", "TN-platser 2017"]


def test_agreements_by_case_reads_every_case_in_one_query(demo, django_assert_num_queries):
    cases = list(Case.objects.values_list("pk", flat=True))
    with django_assert_num_queries(1):
        found = selectors.agreements_by_case(cases)
    tn = Case.objects.get(title__startswith="Tillnyktringsplatser").pk
    assert [name for _pk, name in found[tn]] == ["TN-platser", "TN-platser 2017"]


def test_csv_rows_are_the_listed_decisions_as_columns(demo):
    rows = list(selectors.csv_rows(QueryDict("forum=VFR"), VISITOR))
    assert len(rows) == clause_count(TRUTHS["vfr-2020-03-11"])
    columns = dict(zip(selectors.CSV_COLUMNS, rows[0], strict=True))
    assert columns["item__meeting__forum__name"] == "Välfärdsrådet"
    assert columns["item__meeting__date"] == D(2020, 3, 11)


def test_case_with_agreements_and_its_chain(demo):
    case = Case.objects.get(title__startswith="Tillnyktringsplatser")
    read, agreements = selectors.case_with_agreements(case.pk)
    assert read.title == case.title
    assert [a["short_name"] for a in agreements] == ["TN-platser", "TN-platser 2017"]
    chain = selectors.case_chain(VISITOR, read)
    assert [item.forum_code for item in chain.items] == ["VFR", "LCHNV", "LCHNV"]
    assert [item.date for item in chain.items] == sorted(item.date for item in chain.items)


def test_an_unknown_case_or_agreement_is_not_found(demo):
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.case_with_agreements(10**9)
    with pytest.raises(Http404):
        selectors.agreement_with_cases(10**9)


def test_agreement_page_shows_those_in_force_first(demo):
    page, rows = selectors.agreement_page("current", None)
    assert {a.status for a in page} <= {Agreement.Status.ACTIVE, Agreement.Status.DRAFT}
    assert [row.short_name for row in rows] == [a.short_name for a in page]
    ended, _rows = selectors.agreement_page("ended", None)
    assert "TN-platser 2017" in [a.short_name for a in ended]


def test_agreement_with_cases_successors_and_its_chain_marks_the_parties(demo):
    old = Agreement.objects.get(short_name="TN-platser 2017")
    agreement, successors, cases = selectors.agreement_with_cases(old.pk)
    assert agreement == old
    assert [a.short_name for a in successors] == ["TN-platser"]
    assert cases == dict(old.cases.order_by("title").values_list("pk", "title"))
    assert cases
    chain = selectors.agreement_chain(VISITOR, agreement, cases)
    parties = {p.short_name for p in chain.principals if p.is_party}
    assert parties == set(agreement.parties.values_list("short_name", flat=True))


def test_principals_with_pending_count_their_waiting_adoptions(demo):
    principals = list(selectors.principals_with_pending())
    assert principals[0].short_name == "Region Dalarna"
    for principal in principals:
        assert (
            principal.pending
            == PrincipalDecision.objects.filter(principal=principal, status="pending").count()
        )


def test_principal_overview_lists_waiting_decided_and_assignments(demo):
    falun = Principal.objects.get(short_name="Falun")
    overview = selectors.principal_overview(VISITOR, falun)
    waiting = PrincipalDecision.objects.filter(principal=falun, status="pending")
    assert overview["pending_count"] == waiting.count()
    assert {a.pk for a in overview["pending"]} <= set(waiting.values_list("pk", flat=True))
    assert overview["decided_count"] == 0
    assert overview["more_assignments"] is False


def test_meeting_minutes_hold_every_item_and_clause_in_order(demo):
    truth = TRUTHS["lchnv-2021-04-16"]
    meeting = Meeting.objects.get(date=D(2021, 4, 16))
    minutes = selectors.meeting_minutes(meeting)
    assert [item.number for item in minutes["items"]] == [i["number"] for i in truth["items"]]
    assert [[d.text for d in item.decisions.all()] for item in minutes["items"]] == [
        [d["text"] for d in i["decisions"]] for i in truth["items"]
    ]
    assert [p.name for p in minutes["justerare"]] == truth["justerare"]
    assert minutes["corrections"] == []


def test_forums_with_meeting_counts_count_what_the_reader_may_read(draft):
    counts = {f.code: f.meeting_count for f in selectors.forums_with_meeting_counts(VISITOR)}
    assert counts["VFR"] == 1  # the draft is not counted for a visitor
    assert counts["LCHNV"] == 2


def test_forum_overview_groups_meetings_by_year_newest_first(demo):
    overview = selectors.forum_overview(VISITOR, "lchnv")
    assert overview["forum"].code == "LCHNV"
    assert [year for year, _meetings in overview["by_year"]] == [2021, 2020]
    with pytest.raises(Exception) as refused:
        selectors.forum_overview(VISITOR, "finns-inte")
    assert refused.type.__name__ == "Http404"


def test_assignment_page_groups_by_assignee_and_narrows_to_one(demo):
    everything = selectors.assignment_page(VISITOR, QueryDict(), "all", D(2026, 1, 1))
    total = Assignment.objects.count()
    assert sum(len(rows) for _name, rows in everything["groups"]) == total
    names = [name for name, _rows in everything["groups"]]
    assert len(names) == len(set(names))
    forum = Assignment.objects.filter(assignee_forum__isnull=False).first().assignee_forum
    narrowed = selectors.assignment_page(
        VISITOR, QueryDict(f"forum={forum.code}"), "all", D(2026, 1, 1)
    )
    assert narrowed["assignee"] == forum
    assert [name for name, _rows in narrowed["groups"]] == [forum.name]
