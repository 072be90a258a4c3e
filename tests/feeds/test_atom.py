"""Decisions as Atom, read back by feedparser: the decision list's first page, published only."""

import datetime

import feedparser
import pytest
from django.urls import reverse

from agreements.models import Agreement
from agreements.services import open_adoptions
from council.models import Principal
from meetings.models import Case, Meeting
from tests.factories import make_decision, make_item, make_meeting
from tests.feeds.conftest import sv

D = datetime.date
SECRET = "att det hemliga utkastet om tillnyktring är internt."


@pytest.fixture
def register(vfr, lchnv):
    """Published minutes of two forums over three years, a case on an agreement with a
    referral and a recommendation, and a draft whose clause nobody outside may read."""
    case = Case.objects.create(title="Tillnyktringsplatser i Dalarna")
    agreement = Agreement.objects.create(title="Överenskommelse om TN-platser", short_name="TN")
    agreement.cases.add(case)
    chief = make_meeting(lchnv, D(2024, 4, 12))
    referral = make_decision(
        make_item(chief, "4", "Tillnyktring", case=case),
        "att skicka ärendet om tillnyktring vidare för Välfärdsrådets ställningstagande.",
        kind="referred",
        referred_to=vfr,
    )
    council = make_meeting(vfr, D(2024, 5, 15))
    recommendation = make_decision(
        make_item(council, "5", "Tillnyktringsplatser", case=case),
        "att rekommendera kommunerna och regionen att anta överenskommelsen om tillnyktring.",
        kind="recommended",
        answers=referral,
    )
    open_adoptions(recommendation=recommendation)
    for year in (2023, 2024, 2025):
        for month in range(1, 12):
            meeting = make_meeting(vfr if month % 2 else lchnv, D(year, month, 3))
            item = make_item(meeting, "3", f"Ärende {year}-{month}")
            make_decision(item, f"att lägga informationen {year}-{month} till handlingarna.")
            make_decision(item, f"att godkänna planen {year}-{month}.", kind="approved")
    draft = make_meeting(vfr, D(2025, 12, 10), status=Meeting.Status.MINUTES_DRAFT)
    make_decision(make_item(draft, "2", "Tillnyktring, utkast", case=case), SECRET)
    return {"case": case, "agreement": agreement, "draft": draft}


def read(response) -> feedparser.FeedParserDict:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def response_url(path: str, params: dict) -> str:
    from urllib.parse import urlencode

    return "http://testserver" + path + (f"?{urlencode(params)}" if params else "")


def entry_keys(parsed) -> list[int]:
    prefix = "urn:beslutsregistret:beslut:"
    assert all(e.id.startswith(prefix) for e in parsed.entries)
    return [int(e.id.removeprefix(prefix)) for e in parsed.entries]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"forum": "VFR"},
        {"kind": "recommended"},
        {"year": "2024", "forum": "LCHNV"},
        {"q": "tillnyktring"},
        {"q": "planen", "forum": "VFR"},
        {"agreement": "AGREEMENT"},
        {"principal": "falun"},
        {"date_from": "2024-03-01", "date_to": "2025-02-01"},
    ],
)
def test_each_filtered_list_has_a_feed_with_its_first_page(client, register, params):
    if params.get("agreement"):
        params = {"agreement": str(register["agreement"].pk)}
    listed = client.get(reverse("decision_list"), params)
    rows = [d.pk for d in listed.context["rows"]]
    assert rows, params
    parsed = read(client.get(reverse("decision_feed"), params))
    assert entry_keys(parsed) == rows
    assert len(rows) <= 50
    selves = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert selves == [response_url(reverse("decision_feed"), params)]
    # The list says where its feed is, in the head and as a link to click.
    page = listed.content.decode()
    feed = reverse("decision_feed") + ("?" + listed.context["querystring"] if params else "")
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert f'href="{feed.replace("&", "&amp;")}"' in page


def test_an_entry_says_what_was_decided_where_and_links_to_the_minutes(client, register):
    parsed = read(client.get(reverse("case_feed", args=[register["case"].pk])))
    assert sv("Decisions in the case %(title)s") % {"title": "Tillnyktringsplatser i Dalarna"} in (
        parsed.feed.title
    )
    assert parsed.feed.link == "http://testserver" + reverse(
        "case_detail", args=[register["case"].pk]
    )
    selves = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert selves == ["http://testserver" + reverse("case_feed", args=[register["case"].pk])]
    newest, older = parsed.entries
    assert newest.title.startswith("Välfärdsrådet 15 maj 2024: att rekommendera kommunerna")
    assert newest.link.startswith("http://testserver/moten/") and newest.link.endswith("#p5")
    assert "att rekommendera kommunerna och regionen" in newest.summary
    assert "TN" in newest.summary  # the agreement of the case
    assert newest.author == "Välfärdsrådet"
    assert newest.published_parsed and newest.updated_parsed
    assert older.title.startswith("Länschefsnätverket 12 april 2024: att skicka ärendet")


def test_the_feeds_of_an_agreement_and_a_forum(client, register):
    agreement = register["agreement"]
    parsed = read(client.get(reverse("agreement_feed", args=[agreement.pk])))
    assert len(parsed.entries) == 2
    forum = read(client.get(reverse("forum_feed", args=["vfr"])))
    listed = client.get(reverse("decision_list"), {"forum": "VFR"}).context["rows"]
    assert entry_keys(forum) == [d.pk for d in listed]
    assert client.get(reverse("forum_feed", args=["NOPE"])).status_code == 404
    assert client.get(reverse("agreement_feed", args=[99999])).status_code == 404


def test_drafts_are_in_no_feed_whoever_fetches_it(client, register, vfr_secretary, administrator):
    urls = [
        reverse("decision_feed"),
        reverse("decision_feed") + "?q=hemliga",
        reverse("decision_feed") + "?forum=VFR&year=2025",
        reverse("case_feed", args=[register["case"].pk]),
        reverse("agreement_feed", args=[register["agreement"].pk]),
        reverse("forum_feed", args=["VFR"]),
    ]
    for user in [None, vfr_secretary, administrator]:
        if user is not None:
            client.force_login(user)
            # The secretary's own list shows the draft: the feed still does not.
            page = client.get(reverse("decision_list"), {"forum": "VFR", "year": "2025"})
            assert SECRET in page.content.decode()
        for url in urls:
            response = client.get(url)
            read(response)
            assert "det hemliga utkastet" not in response.content.decode(), (user, url)


def test_the_pages_link_their_feeds(client, register):
    case = client.get(reverse("case_detail", args=[register["case"].pk])).content.decode()
    assert f'href="{reverse("case_feed", args=[register["case"].pk])}"' in case
    agreement = register["agreement"]
    page = client.get(reverse("agreement_detail", args=[agreement.pk])).content.decode()
    assert f'href="{reverse("agreement_feed", args=[agreement.pk])}"' in page
    forum = client.get(reverse("forum_detail", args=["VFR"])).content.decode()
    assert f'href="{reverse("forum_feed", args=["VFR"])}"' in forum


def test_a_feed_reads_a_fixed_number_of_queries(
    client, register, vfr, django_assert_max_num_queries
):
    urls = [
        reverse("decision_feed"),
        reverse("decision_feed") + "?forum=VFR&kind=approved",
        reverse("decision_feed") + "?q=planen",
        reverse("decision_feed") + f"?principal={Principal.objects.get(short_name='Falun').slug}",
        reverse("case_feed", args=[register["case"].pk]),
        reverse("agreement_feed", args=[register["agreement"].pk]),
        reverse("forum_feed", args=["VFR"]),
    ]
    limit = 6
    for url in urls:
        with django_assert_max_num_queries(limit):
            read(client.get(url))
    for i in range(60):
        meeting = make_meeting(vfr, D(2026, 1, 1) + datetime.timedelta(days=i))
        item = make_item(meeting, "1", f"Tillnyktring {i}", case=register["case"])
        make_decision(item, f"att godkänna planen {i}.")
    for url in urls:
        with django_assert_max_num_queries(limit):
            assert 0 < len(read(client.get(url)).entries) <= 50
