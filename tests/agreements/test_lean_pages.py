"""The decision list stays correct where it was made fast: options, rows, search and paging."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from agreements.models import Agreement
from meetings.models import Decision, Meeting, SearchEntry
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search entries are kept by PostgreSQL"
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
    from tools.demo import load_demo_data

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
def test_search_entries_follow_every_change_the_search_reads(client, vfr, lchnv):
    item = make_item(make_meeting(vfr, D(2021, 3, 25)), "4", "Budget")
    decision = make_decision(item, "att godkänna budgeten.")
    url = reverse("decision_list")

    def found(query, **filters):
        return [d.pk for d in client.get(url, {"q": query, **filters}).context["rows"]]

    assert found("ambulans") == []
    item.title = "Ambulansdirigering"
    item.save()
    assert found("ambulans") == [decision.pk]
    item.discussion = "Frågan om sjukresor togs upp."
    item.save()
    assert found("sjukresor") == [decision.pk]
    decision.text = "att godkänna färdtjänsten."
    decision.save()
    assert found("färdtjänst") == [decision.pk]
    # Words of one query may match in the clause, the title and the discussion.
    assert found("färdtjänst ambulans sjukresa") == [decision.pk]
    assert found("budget") == []

    make_meeting(vfr, D(2019, 1, 1))  # so that VFR stays among the forums to choose
    meeting = item.meeting
    meeting.status = Meeting.Status.MINUTES_DRAFT
    meeting.save()
    assert found("färdtjänst") == []
    meeting.status = Meeting.Status.PUBLISHED
    meeting.forum = lchnv
    meeting.save()
    assert found("färdtjänst", forum="VFR") == []
    assert found("färdtjänst", forum="LCHNV") == found("färdtjänst") == [decision.pk]

    draft = make_meeting(vfr, D(2022, 1, 1), status=Meeting.Status.MINUTES_DRAFT)
    item.meeting = draft
    item.save()
    assert found("färdtjänst") == []
    Meeting.objects.filter(pk=draft.pk).update(status=Meeting.Status.PUBLISHED)  # in bulk
    assert found("färdtjänst") == [decision.pk]

    key = decision.pk
    decision.delete()
    assert found("färdtjänst") == []
    assert not SearchEntry.objects.filter(decision_id=key).exists()


def entries_out_of_step() -> int:
    """Decisions whose search entry is missing or differs from a fresh reading."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM meetings_decision d
              JOIN meetings_agendaitem i ON i.id = d.item_id
              JOIN meetings_meeting m ON m.id = i.meeting_id
              LEFT JOIN meetings_searchentry e ON e.decision_id = d.id
             WHERE e.decision_id IS NULL
                OR (e.meeting_id, e.forum_id, e.status, e.date, e.item_position, e.position)
                   IS DISTINCT FROM (m.id, m.forum_id, m.status, m.date, i.position, d.position)
                OR e.document IS DISTINCT FROM
                   meetings_search_document(d.text, i.title, i.discussion)
            """
        )
        (stale,) = cursor.fetchone()
    return stale + SearchEntry.objects.exclude(decision__isnull=False).count()


@postgres_only
def test_search_entries_match_the_register_after_loading_and_replacing_it(db):
    from tests.tools.test_synthetic import generate
    from tools.demo import load_demo_data

    load_demo_data()
    generate(decisions=400)
    generate(decisions=300, replace=True, seed=3)
    assert SearchEntry.objects.count() == Decision.objects.count() > 300
    assert entries_out_of_step() == 0


@postgres_only
def test_a_search_alone_and_one_narrowed_by_nothing_list_the_same_rows(client, ranked):
    url = reverse("decision_list")
    alone = client.get(url, {"q": "hemtjänst", "page": 2}).context["rows"]
    narrowed = client.get(url, {"q": "hemtjänst", "page": 2, "date_from": "2000-01-01"})
    assert [d.pk for d in alone] == [d.pk for d in narrowed.context["rows"]]
    assert len(alone) == 8


def test_search_pages_count_at_most_the_limit(client, vfr, monkeypatch):
    from register import selectors as views

    monkeypatch.setattr(views, "COUNT_LIMIT", 3)
    item = make_item(make_meeting(vfr, D(2021, 3, 25)), "4", "Hemtjänst")
    for n in range(5):
        make_decision(item, f"att hemtjänsten {n} följs upp.")
    page = client.get(reverse("decision_list"), {"q": "hemtjänst"}).content.decode()
    assert "Fler än 3 beslut" in page


@pytest.mark.parametrize("language", ["sv", "en"])
def test_links_write_dates_as_the_date_filter_does(language):
    from django.utils import translation
    from django.utils.formats import date_format

    from register.chain import Links

    with translation.override(language):
        links = Links()
        for month in range(1, 13):
            day = D(2021, month, 2 * month)
            assert links.day(day) == date_format(day, "j F Y")
