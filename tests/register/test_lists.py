"""The lists of meetings and cases, as a reader finds them from the navigation."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from meetings.models import Case, Meeting
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date


def main_text(response) -> str:
    """The words of the page's main part, as a reader sees them."""
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


def rows_of(response, table_class: str) -> list[str]:
    """The text of each body row of the page's tables of ``table_class``."""
    page = response.content.decode()
    found = []
    for table in re.findall(rf'<table class="striped {table_class}">(.*?)</table>', page, re.S):
        body = table[table.index("<tbody>") :]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            found.append(re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", row))).strip())
    return found


@pytest.fixture
def coming():
    return timezone.localdate() + datetime.timedelta(days=20)


@pytest.fixture
def announced(demo, lchnv, coming):
    """A meeting of Länschefsnätverket to come, its notice sent to the forum's members."""
    return make_meeting(
        lchnv,
        coming,
        status=Meeting.Status.AGENDA_SENT,
        notice_sent_at=timezone.now(),
        place="Teams",
    )


@pytest.fixture
def planned(demo, vfr, coming):
    """A meeting of Välfärdsrådet to come whose notice has not been sent."""
    return make_meeting(vfr, coming + datetime.timedelta(days=7), status=Meeting.Status.PLANNED)


def test_both_lists_are_in_the_navigation(client, demo):
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("meeting_list")}"' in page and ">Möten</a>" in page
    assert f'href="{reverse("case_list")}"' in page and ">Ärenden</a>" in page
    meetings = client.get(reverse("meeting_list")).content.decode()
    assert f'<a href="{reverse("meeting_list")}" aria-current="page">Möten</a>' in meetings


# --- meetings -------------------------------------------------------------------------


def test_the_meeting_list_shows_every_published_meeting_newest_first(client, demo):
    response = client.get(reverse("meeting_list"))
    assert response.status_code == 200
    assert "4 möten" in main_text(response)
    assert [row.split(" ")[0:3] for row in rows_of(response, "meeting-list")] == [
        ["23", "september", "2022"],
        ["16", "april", "2021"],
        ["8", "maj", "2020"],
        ["11", "mars", "2020"],
    ]
    rows = rows_of(response, "meeting-list")
    # Each forum by the name it had that day; published minutes need no notice link.
    assert "Länsnätverket för förvaltningschefer" in rows[2]
    assert "Länschefsnätverket" in rows[1] and "Dnr RD21/00998" in rows[1]
    assert "Publicerade minnesanteckningar" in rows[0]
    meeting = Meeting.objects.get(date=D(2020, 5, 8))
    assert f'href="{reverse("meeting_detail", args=[meeting.pk])}"' in response.content.decode()


def test_meetings_to_come_come_first_with_their_notice(
    client, announced, planned, member, vfr_secretary
):
    notice = reverse("notice_page", args=[announced.pk])
    # A visitor sees published minutes only, and may not read the notice.
    response = client.get(reverse("meeting_list"))
    assert "Kommande möten" not in main_text(response)
    assert client.get(notice).status_code == 302

    # A member of Länschefsnätverket was sent its notice: the meeting comes first, and
    # both its date and the notice lead to the notice, which they may read.
    client.force_login(member)
    response = client.get(reverse("meeting_list"))
    text = main_text(response)
    assert text.index("Kommande möten") < text.index("Tidigare möten")
    first = rows_of(response, "meeting-list")[0]
    assert "Länschefsnätverket" in first and "Teams" in first and "Kallelse" in first
    assert response.content.decode().count(f'href="{notice}"') == 2
    assert "Välfärdsrådet" not in first
    page = client.get(notice)
    assert page.status_code == 200 and "Dagordning" in page.content.decode()
    assert "Markera kallelsen som skickad" not in page.content.decode()
    assert client.get(reverse("meeting_detail", args=[announced.pk])).status_code == 404

    # Välfärdsrådet's secretary keeps the planned meeting: it comes first for them,
    # without a notice yet; Länschefsnätverket's notice was not sent to them.
    client.force_login(vfr_secretary)
    response = client.get(reverse("meeting_list"))
    first = rows_of(response, "meeting-list")[0]
    assert "Välfärdsrådet" in first and "Planerat" in first and first.endswith("–")
    assert f'href="{notice}"' not in response.content.decode()
    assert client.get(notice).status_code == 403


def test_the_soonest_meeting_to_come_is_first(client, announced, planned, administrator):
    client.force_login(administrator)
    rows = rows_of(client.get(reverse("meeting_list")), "meeting-list")
    assert "Länschefsnätverket" in rows[0] and "Välfärdsrådet" in rows[1]
    assert "23 september 2022" in rows[2]


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"forum": "VFR"}, 1),
        ({"forum": "LCHNV", "year": "2020"}, 1),
        ({"year": "2020"}, 2),
        ({"status": "published"}, 4),
        ({"status": "planned"}, 0),
    ],
)
def test_the_meeting_list_filters(client, demo, params, count):
    response = client.get(reverse("meeting_list"), params)
    assert len(rows_of(response, "meeting-list")) == count
    if not count:
        assert "Inga möten matchar" in main_text(response)


def test_bad_meeting_filters_explain_and_keep_the_list(client, demo):
    response = client.get(reverse("meeting_list"), {"forum": "NOPE", "year": "x", "page": "x"})
    assert response.status_code == 200
    assert "Vissa filter kunde inte användas" in main_text(response)
    assert len(rows_of(response, "meeting-list")) == 4


def grow_meetings(forum, count: int) -> None:
    for n in range(count):
        meeting = make_meeting(forum, D(2010, 1, 4) + datetime.timedelta(days=7 * n))
        make_decision(make_item(meeting, "1", f"Punkt {n}"), f"att godkänna {n}.")


def test_the_meeting_list_is_paged(client, demo, schnv):
    grow_meetings(schnv, 60)
    first = client.get(reverse("meeting_list"), {"forum": "SCHNV"})
    assert len(rows_of(first, "meeting-list")) == 50
    assert "Sida 1 av 2" in main_text(first)
    assert 'href="?forum=SCHNV&amp;page=2"' in first.content.decode()
    second = client.get(reverse("meeting_list"), {"forum": "SCHNV", "page": "2"})
    assert len(rows_of(second, "meeting-list")) == 11


def count_queries(client, url: str, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["meeting_list", "case_list"])
def test_the_lists_read_as_many_queries_however_large_the_register(
    client, demo, schnv, member, announced, name, django_assert_max_num_queries
):
    url = reverse(name)
    with django_assert_max_num_queries(12):
        client.get(url)
    small = count_queries(client, url)
    client.force_login(member)
    small_member = count_queries(client, url, {"forum": "SCHNV"})
    client.logout()
    grow_meetings(schnv, 80)
    for n, meeting in enumerate(Meeting.objects.filter(date__year__lt=2015)):
        item = meeting.items.get()
        item.case = Case.objects.create(title=f"Ärende {n}", registration_number=f"RD{n}")
        item.save()
    assert count_queries(client, url) == small
    client.force_login(member)
    assert count_queries(client, url, {"forum": "SCHNV"}) == small_member


# --- cases ----------------------------------------------------------------------------


def case_row(response, title: str) -> str:
    return next(row for row in rows_of(response, "case-list") if row.startswith(title))


def test_the_case_list_shows_trail_agreements_and_latest_decision(client, demo):
    response = client.get(reverse("case_list"))
    assert response.status_code == 200
    rows = rows_of(response, "case-list")
    assert len(rows) == Case.objects.count() == 12
    # The most recently handled first: Socialchefsnätverket's of 2022.
    assert "Socialchefsnätverket" in rows[0]
    tn = case_row(response, "Tillnyktringsplatser")
    # The forums it passed through, in order, each by its name then (Länschefsnätverket
    # twice in a row is once); its agreements; the last decision with its date, forum
    # and kind.
    assert (
        "Öppet Välfärdsrådet Länsnätverket för förvaltningschefer "
        "TN-platser , TN-platser 2017 16 april 2021 , Länschefsnätverket "
        "Skickat vidare till annat forum"
    ) in tn
    case = Case.objects.get(title__startswith="Tillnyktringsplatser")
    assert f'href="{reverse("case_detail", args=[case.pk])}"' in response.content.decode()
    page = response.content.decode()
    assert '<ol class="trail"><li><a href="/forum/VFR/">Välfärdsrådet</a></li>' in page


def test_the_case_list_filters_and_searches_title_and_dnr(client, demo):
    url = reverse("case_list")
    sus = Case.objects.get(title__contains="(SUS)")
    sus.registration_number = "RD20/01234"
    sus.status = Case.Status.CLOSED
    sus.save()

    def titles(params) -> list[str]:
        page = client.get(url, params).content.decode()
        return [
            unescape(t) for t in re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', page)
        ]

    assert titles({"q": "tillnyktring"}) == ["Tillnyktringsplatser (TN-platser)"]
    assert titles({"q": "RD20/012"}) == [sus.title]
    assert titles({"status": "closed"}) == [sus.title]
    schnv = titles({"forum": "SCHNV"})
    assert schnv and all(
        Case.objects.get(title=t).items.filter(meeting__forum__code="SCHNV").exists() for t in schnv
    )
    assert titles({"year": "2022"}) == schnv
    agreement = Agreement.objects.get(short_name="SUS")
    assert titles({"agreement": str(agreement.pk)}) == [sus.title]
    assert titles({"q": "ordetsomintefinns"}) == []
    assert "Inga ärenden matchar" in main_text(client.get(url, {"q": "ordetsomintefinns"}))
    bad = client.get(url, {"forum": "NOPE", "year": "x", "agreement": "x", "status": "x"})
    assert bad.status_code == 200 and "Vissa filter kunde inte användas" in main_text(bad)
    assert len(rows_of(bad, "case-list")) == 12


def test_a_case_only_in_draft_minutes_is_listed_for_their_editors_only(
    client, demo, vfr, vfr_secretary
):
    draft = make_meeting(vfr, D(2026, 11, 4), status=Meeting.Status.MINUTES_DRAFT)
    secret = Case.objects.create(title="Hemligt utkastärende")
    make_decision(make_item(draft, "3", "Utkast", case=secret), "att godkänna utkastet.")
    assert "Hemligt utkastärende" not in main_text(client.get(reverse("case_list")))
    client.force_login(vfr_secretary)
    response = client.get(reverse("case_list"))
    assert case_row(response, "Hemligt utkastärende")
    assert "Hemligt utkastärende" in rows_of(response, "case-list")[0]


def test_a_case_page_leads_back_to_the_list_of_cases(client, demo):
    case = Case.objects.get(title__startswith="Tillnyktringsplatser")
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    crumbs = page[page.index('aria-label="breadcrumb"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert f'<a href="{reverse("case_list")}">Ärenden</a>' in crumbs
    assert "Tillnyktringsplatser" in crumbs
