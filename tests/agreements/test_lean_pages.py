"""The decision list stays correct where it was made fast: options, rows, search and paging."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse

from agreements.models import Agreement
from meetings.models import Decision
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stored search vectors are PostgreSQL's"
)


def test_filter_options_are_escaped_and_keep_the_chosen_agreement(client, vfr):
    chosen = Agreement.objects.create(short_name="A&B", title="Avtal <om> allt")
    Agreement.objects.create(short_name="Z", title="Ett annat avtal")
    page = client.get(reverse("decision_list"), {"agreement": chosen.pk}).content.decode()
    assert f'<option value="{chosen.pk}" selected>Avtal &lt;om&gt; allt (A&amp;B)</option>' in page
    assert "Ett annat avtal (Z)</option>" in page
    assert "<om>" not in page
    assert page.count(" selected>") == 1 + 5  # the agreement, and the empty choice elsewhere


def test_years_run_from_the_first_meeting_to_the_latest(client, vfr):
    make_meeting(vfr, D(2019, 3, 1))
    make_meeting(vfr, D(2021, 9, 1))
    make_meeting(vfr, D(2027, 1, 1), status="minutes_draft")  # not published
    page = client.get(reverse("decision_list")).content.decode()
    select = page[page.index('name="year"') : page.index("</select>", page.index('name="year"'))]
    assert [y for y in ("2021", "2020", "2019") if f'value="{y}"' in select] == [
        "2021",
        "2020",
        "2019",
    ]
    assert 'value="2027"' not in select and 'value="2018"' not in select
    assert select.index("2021") < select.index("2019")


def test_rows_link_to_meeting_forum_case_and_agreements(client, demo_tn):
    page = client.get(reverse("decision_list"), {"agreement": demo_tn.pk}).content.decode()
    case = demo_tn.cases.first()
    decision = Decision.objects.filter(item__case=case).select_related("item__meeting").first()
    meeting = decision.item.meeting
    assert f'href="{reverse("meeting_detail", args=[meeting.pk])}#p{decision.item.number}"' in page
    assert f'href="{reverse("forum_detail", args=[meeting.forum.code])}"' in page
    assert f'href="{reverse("case_detail", args=[case.pk])}"' in page
    assert f'href="{reverse("agreement_detail", args=[demo_tn.pk])}">TN-platser</a>' in page


@pytest.fixture
def demo_tn(db):
    from agreements.demo import load_demo_data

    load_demo_data()
    return Agreement.objects.get(short_name="TN-platser")


@pytest.fixture
def ranked(vfr):
    """Clauses that mention "hemtjänst" in the clause, only in the title, or only in talk."""
    meeting = make_meeting(vfr, D(2021, 3, 25))
    in_clause = make_item(meeting, "1", "Rapport")
    make_decision(in_clause, "att godkänna hemtjänstens rapport om hemtjänst.")
    in_title = make_item(make_meeting(vfr, D(2022, 3, 25)), "2", "Hemtjänst i länet")
    make_decision(in_title, "att lägga rapporten till handlingarna.")
    in_talk = make_item(make_meeting(vfr, D(2023, 3, 25)), "3", "Övriga frågor")
    in_talk.discussion = "Frågan om hemtjänst togs upp."
    in_talk.save()
    make_decision(in_talk, "att notera informationen.")
    for n in range(55):
        item = make_item(make_meeting(vfr, D(2010, 1, 1) + datetime.timedelta(days=n)), "1", "X")
        make_decision(item, f"att hemtjänsten {n} följs upp.")


@postgres_only
def test_search_ranks_clause_before_title_before_discussion(client, ranked):
    url = reverse("decision_list")
    first = client.get(url, {"q": "hemtjänst"})
    rows = first.context["rows"]
    assert first.context["page"].paginator.count == 58
    assert rows[0].text == "att godkänna hemtjänstens rapport om hemtjänst."
    assert "<mark>" in str(rows[0].headline)
    second = client.get(url, {"q": "hemtjänst", "page": 2}).context["rows"]
    texts = [d.text for d in rows] + [d.text for d in second]
    assert len(texts) == len(set(texts)) == 58
    # Clause matches first, then the title match, the discussion match last.
    assert texts.index("att lägga rapporten till handlingarna.") == 56
    assert texts[-1] == "att notera informationen."


@postgres_only
def test_stored_vectors_follow_changes_to_clauses_and_titles(client, vfr):
    item = make_item(make_meeting(vfr, D(2021, 3, 25)), "4", "Budget")
    decision = make_decision(item, "att godkänna budgeten.")
    url = reverse("decision_list")
    assert client.get(url, {"q": "ambulans"}).context["rows"] == []
    item.title = "Ambulansdirigering"
    item.save()
    assert [d.pk for d in client.get(url, {"q": "ambulans"}).context["rows"]] == [decision.pk]
    decision.text = "att godkänna sjukresorna."
    decision.save()
    assert [d.pk for d in client.get(url, {"q": "sjukresor"}).context["rows"]] == [decision.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE indexname IN "
            "('decision_search_vector', 'agendaitem_search_vector')"
        )
        assert cursor.fetchone()[0] == 2


def test_search_pages_count_at_most_the_limit(client, vfr, monkeypatch):
    from agreements import views

    monkeypatch.setattr(views, "COUNT_LIMIT", 3)
    item = make_item(make_meeting(vfr, D(2021, 3, 25)), "4", "Hemtjänst")
    for n in range(5):
        make_decision(item, f"att hemtjänsten {n} följs upp.")
    page = client.get(reverse("decision_list"), {"q": "hemtjänst"}).content.decode()
    assert "Fler än 3 beslut" in page


def test_bench_times_the_agenda_generation_as_an_administrator_and_leaves_no_account(db):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from tests.agreements.test_synthetic import generate

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
