"""Members browse and filter the register: every page answers, in Swedish, in few queries."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.urls import reverse

from agreements.models import Agreement, PrincipalDecision
from agreements.services import open_adoptions
from council.models import Principal
from meetings.models import Assignment, Case, Decision, Meeting
from tests.factories import (
    make_decision,
    make_item,
    make_meeting,
    recommendation_to_the_principals,
)
from tools.demo import load_demo_data

D = datetime.date


@pytest.fixture
def demo(db):
    load_demo_data()


def listed(response) -> list[str]:
    return [d.text for d in response.context["rows"]]


def test_filters_narrow_the_decision_list(client, demo):
    url = reverse("decision_list")
    everything = client.get(url).context["page"].paginator.count
    assert everything == Decision.objects.count() == 42

    by_forum = client.get(url, {"forum": "VFR"}).context["page"].paginator.count
    assert by_forum == Decision.objects.filter(item__meeting__forum__code="VFR").count() == 8

    referred = client.get(url, {"kind": "referred"})
    assert referred.context["page"].paginator.count == 5
    assert all(t.startswith("att ") and "skickas vidare" in t for t in listed(referred))

    combined = client.get(url, {"kind": "referred", "year": 2021})
    assert combined.context["page"].paginator.count == 2

    ranged = client.get(url, {"date_from": "2020-05-01", "date_to": "2021-12-31"})
    assert (
        ranged.context["page"].paginator.count
        == Decision.objects.filter(
            item__meeting__date__range=(D(2020, 5, 1), D(2021, 12, 31))
        ).count()
    )

    tn = Agreement.objects.get(short_name="TN-platser")
    by_agreement = client.get(url, {"agreement": tn.pk})
    assert by_agreement.context["page"].paginator.count == 6
    case = Case.objects.get(title__startswith="Styrgrupp och strategi")
    by_case = client.get(url, {"case": case.pk, "kind": "approved"})
    assert by_case.context["page"].paginator.count == 2  # VFR 3 clause 1, CHNV 10


def test_principal_and_adoption_filters(client, demo):
    recommendation = recommendation_to_the_principals(Meeting.objects.get(forum__code="VFR"))
    open_adoptions(recommendation=recommendation)
    falun = Principal.objects.get(short_name="Falun")
    PrincipalDecision.objects.filter(principal=falun).update(
        status="adopted", decided_on=D(2020, 9, 1)
    )
    region_assignment = Assignment.objects.get(assignee_principal__short_name="Region Dalarna")

    url = reverse("decision_list")
    falun_rows = client.get(url, {"principal": "falun"}).context["rows"]
    assert [d.pk for d in falun_rows] == [recommendation.pk]
    assert client.get(url, {"principal": "falun", "adoption": "pending"}).context["rows"] == []
    mora_pending = client.get(url, {"principal": "mora", "adoption": "pending"}).context["rows"]
    assert [d.pk for d in mora_pending] == [recommendation.pk]
    region = client.get(url, {"principal": "region-dalarna"}).context["rows"]
    assert {d.pk for d in region} == {recommendation.pk, region_assignment.decision_id}
    adopted_anywhere = client.get(url, {"adoption": "adopted"}).context["rows"]
    assert [d.pk for d in adopted_anywhere] == [recommendation.pk]


def test_bad_filter_values_explain_and_keep_the_form(client, demo):
    response = client.get(reverse("decision_list"), {"kind": "nonsense", "q": "tillnyktring"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vissa filter kunde inte användas" in page
    assert 'value="tillnyktring"' in page


def test_free_text_finds_words_in_any_case_and_prefix(client, demo):
    url = reverse("decision_list")
    rows = listed(client.get(url, {"q": "Tillnyktring"}))
    assert any("tillnyktringsplatserna" in t for t in rows)
    # Both words must match, wherever they are: clause, title or discussion.
    both = listed(client.get(url, {"q": "tillnyktring samverkansavtal"}))
    # Only item 9 of 2021 has both; its referral clause matches through the discussion.
    assert sorted(both) == sorted(
        [
            "att inte föreslå ett nytt samverkansavtal avseende tillnyktringsplatserna i Dalarnas "
            "län mellan kommunerna och Region Dalarna.",
            "att Länschefsnätverkets beslut skickas vidare för Välfärdsrådets "
            "ställningstagande och beslut om rekommendation.",
        ]
    )
    assert listed(client.get(url, {"q": "zyxvägg"})) == []


def test_search_folds_swedish_letters(client, demo):
    # "överens" finds "Överenskommelse" (capital Ö) in titles and clauses.
    rows = client.get(reverse("decision_list"), {"q": "överens"}).context["rows"]
    titles = {d.item.title for d in rows}
    assert any(t.startswith("Beslut om användning av medel enligt Överenskommelse") for t in titles)
    assert any("Länsövergripande överenskommelse" in d.text for d in rows)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_postgres_search_finds_inflected_forms_and_highlights(client, demo):
    url = reverse("decision_list")
    # "överenskommelsen" (definite form) finds "överenskommelse" through the Swedish stemmer.
    rows = client.get(url, {"q": "överenskommelsen"}).context["rows"]
    assert any("överenskommelse" in d.text.lower() for d in rows)
    assert any("<mark>" in str(d.headline) or "<mark>" in str(d.context) for d in rows)
    # "äldre" finds "äldresidan" in a discussion by prefix.
    rows = client.get(url, {"q": "äldre"}).context["rows"]
    assert any("äldresidan" in d.item.discussion for d in rows)
    # "utvärderingar" (plural) finds the clause saying "utvärderingen", best ranked first.
    rows = client.get(url, {"q": "utvärderingar"}).context["rows"]
    assert rows[0].text.startswith("att godkänna utvärderingen och tillstyrka en förlängning")


def test_csv_has_the_filtered_rows(client, demo):
    response = client.get(reverse("decision_csv"), {"forum": "SCHNV"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("Datum;Forum;Punkt")
    assert len(lines) == 1 + Decision.objects.filter(item__meeting__forum__code="SCHNV").count()
    assert all(";Socialchefsnätverket;" in line for line in lines[1:])


def test_case_page_shows_the_tn_chain_in_order(client, demo):
    case = Case.objects.get(title__startswith="Tillnyktringsplatser")
    response = client.get(reverse("case_detail", args=[case.pk]))
    page = response.content.decode()
    chain = page[page.index('id="chain"') :]
    order = [
        chain.index("11 mars 2020"),
        chain.index("8 maj 2020"),
        chain.index("16 april 2021"),
    ]
    assert order == sorted(order)
    assert "att inte föreslå ett nytt samverkansavtal" in page
    assert "Väntar på Välfärdsrådet" in page
    assert "<svg" in page
    assert f'href="{reverse("decision_list")}?case={case.pk}"' in page


def test_tn_pages_say_the_agreement_expired_and_explain_the_picture(client, demo):
    tn = Agreement.objects.get(short_name="TN-platser")
    page = client.get(reverse("agreement_detail", args=[tn.pk])).content.decode()
    assert "upphörde 30 november 2021" in page and "Gällande" not in page
    legend = page[page.index('<ul class="legend">') : page.index("</figcaption>")]
    # A mark has the colour of the weightiest of its decisions; the table names them all.
    for label in ["Godkänt", "Skickat vidare till annat forum"]:
        assert label in legend
    table = page[page.index('class="striped chain-table"') :]
    table = table[: table.index("</table>")]
    for label in ["Uppdrag lämnat", "Avslaget"]:
        assert label in table
    assert "LCHNV: Länschefsnätverket · VFR: Välfärdsrådet" in legend
    # On a phone the picture scrolls rather than shrinking its labels past reading.
    chain_svg = page[page.index('class="chart chart-chain') :]
    assert "chart-min-" in chain_svg[: chain_svg.index(">")]

    case = Case.objects.get(title__startswith="Tillnyktringsplatser")
    case_page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "(TN-platser)</a>" in case_page and "(TN-platser) (TN-platser)" not in case_page

    listed = client.get(reverse("decision_list"), {"q": "tillnyktring"}).content.decode()
    assert "TN-platser</a> · Överenskommelse: " in listed


def test_case_page_lists_later_changes_with_who(client, demo, administrator):
    case = Case.objects.get(title__startswith="Tillnyktringsplatser")
    decision = Decision.objects.get(item__meeting__forum__code="VFR", item__number="5")
    client.force_login(administrator)
    decision.text = "att godkänna redovisningen med tillägg."
    from council.history import changes_by

    with changes_by(administrator):
        decision.save()
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "att godkänna redovisningen med tillägg." in page
    history = page[page.index("Senare ändringar") :]
    assert "En administratör" in history and "ada@example.se" not in page


def recommended_in_an_agreement(forum, short_name: str, title: str, date):
    """A case of a new agreement, with an item of ``forum`` that recommends it to all 16."""
    case = Case.objects.create(title=short_name)
    agreement = Agreement.objects.create(short_name=short_name, title=title)
    agreement.cases.add(case)
    item = make_item(make_meeting(forum, date), "4", short_name, case=case)
    recommendation = make_decision(
        item, "att rekommendera huvudmännen att anta avtalet.", kind="recommended"
    )
    open_adoptions(recommendation=recommendation)
    return case, agreement, item, recommendation


def test_chain_history_lists_later_changes_to_assignments_and_adoptions(
    client, vfr, lchnv, administrator
):
    from council.history import changes_by

    case, agreement, item, recommendation = recommended_in_an_agreement(
        vfr, "HJM", "Hjälpmedelsavtalet", D(2021, 3, 25)
    )
    referral = make_decision(item, "att ge LCHNV i uppdrag att följa upp.", kind="assigned")
    assignment = Assignment.objects.create(
        decision=referral, description="Följa upp avtalet", assignee_forum=lchnv
    )
    with changes_by(administrator):
        assignment.due_date = D(2021, 9, 30)
        assignment.save()
        falun = PrincipalDecision.objects.get(principal__short_name="Falun")
        falun.status = PrincipalDecision.Status.ADOPTED
        falun.decided_on = D(2021, 5, 3)
        falun.body = "Kommunfullmäktige"
        falun.save()
        recommendation.requires_identical = True
        recommendation.save()
    for url in [
        reverse("case_detail", args=[case.pk]),
        reverse("agreement_detail", args=[agreement.pk]),
    ]:
        page = client.get(url).content.decode()
        history = page[page.index("Senare ändringar") :]
        rows = [row for row in history.split("<tr>") if "<td>En administratör</td>" in row]
        assert "ada@example.se" not in page and "<td>ada</td>" not in history
        assert any(
            "Uppdrag: Följa upp avtalet" in r and "klart senast" in r and "30 september 2021" in r
            for r in rows
        ), url
        falun_rows = [r for r in rows if "Huvudmannens beslut: Falun" in r]
        assert any("Väntar på beslut</td><td>Antaget" in r for r in falun_rows), url
        assert any("–</td><td>3 maj 2021" in r for r in falun_rows), url
        assert any("–</td><td>Kommunfullmäktige" in r for r in falun_rows), url
        assert any("likalydande" in r and "<td>nej</td><td>ja</td>" in r for r in rows), url


def test_adoption_matrix_counts(client, vfr, lchnv):
    _case, agreement, _item, _recommendation = recommended_in_an_agreement(
        vfr, "SUS", "SUS-överenskommelsen", D(2020, 6, 17)
    )
    principals = list(Principal.objects.all())
    PrincipalDecision.objects.filter(principal__in=principals[:10]).update(
        status="adopted", decided_on=D(2020, 10, 1)
    )
    page = client.get(reverse("agreement_detail", args=[agreement.pk])).content.decode()
    assert "10/16" in page
    # Beside the picture, a table says each principal's decision in words.
    table = page[page.index('<table class="striped adoption-status">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', table)
    assert len(rows) == 16
    assert sum(status == "Antaget" for _name, status in rows) == 10
    assert {status for _name, status in rows} == {"Antaget", "Väntar på beslut"}


PAGES = [
    ("home", lambda: []),
    ("decision_list", lambda: []),
    ("forum_list", lambda: []),
    ("forum_detail", lambda: ["LCHNV"]),
    ("agreement_list", lambda: []),
    ("agreement_detail", lambda: [Agreement.objects.get(short_name="TN-platser").pk]),
    ("case_detail", lambda: [Case.objects.get(title__startswith="Tillnyktringsplatser").pk]),
    ("meeting_detail", lambda: [Meeting.objects.get(date=D(2020, 5, 8)).pk]),
    ("principal_list", lambda: []),
    ("principal_detail", lambda: ["falun"]),
    ("assignment_list", lambda: []),
]


def grow_register(vfr, lchnv, n: int) -> None:
    case = Case.objects.get(title__startswith="Tillnyktringsplatser")
    for i in range(n):
        meeting = make_meeting(lchnv, D(2015, 1, 1) + datetime.timedelta(days=7 * i))
        item = make_item(meeting, "1", f"Punkt {i}", case=case)
        referral = make_decision(item, f"att skicka vidare {i}.", kind="referred", referred_to=vfr)
        Assignment.objects.create(
            decision=referral,
            description="Utreda",
            assignee_forum=lchnv,
            due_date=D(2016, 1, 1),
            report_to_forum=vfr,
        )
        open_adoptions(
            recommendation=make_decision(item, f"att rekommendera {i}.", kind="recommended")
        )


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_page_answers_in_bounded_queries(
    client, demo, vfr, lchnv, name, args, django_assert_max_num_queries
):
    url = reverse(name, args=args())
    with django_assert_max_num_queries(12):
        small = client.get(url)
    assert small.status_code == 200
    assert '<html lang="sv">' in small.content.decode()
    grow_register(vfr, lchnv, 15)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_drafts_never_appear_for_those_who_may_not_see_them(
    client, demo, vfr, member, schnv_secretary, vfr_secretary, administrator
):
    draft = make_meeting(vfr, D(2026, 12, 10), status=Meeting.Status.MINUTES_DRAFT)
    item = make_item(draft, "3", "Hemligt utkast om tillnyktring")
    make_decision(item, "att tillnyktringsutkastet är internt.")
    for user, sees in [
        (None, False),
        (member, False),
        (schnv_secretary, False),
        (vfr_secretary, True),
        (administrator, True),
    ]:
        client.logout()
        if user:
            client.force_login(user)
        pages = [
            client.get(reverse("decision_list"), {"q": "tillnyktringsutkastet"}),
            client.get(reverse("decision_list")),
            client.get(reverse("home")),
            client.get(reverse("forum_detail", args=["VFR"])),
            client.get(reverse("decision_csv")),
        ]
        text = "".join(
            b"".join(p.streaming_content).decode() if p.streaming else p.content.decode()
            for p in pages
        )
        assert ("tillnyktringsutkastet är internt" in text) is sees, user
        assert ("Hemligt utkast" in text) is sees, user
        detail = client.get(reverse("meeting_detail", args=[draft.pk]))
        assert detail.status_code == (200 if sees else 404)


def test_a_chain_names_an_answer_in_draft_minutes_only_to_those_who_see_the_draft(
    client, vfr, lchnv, member, vfr_secretary
):
    case = Case.objects.create(title="Hjälpmedel")
    referral = make_decision(
        make_item(make_meeting(lchnv, D(2026, 3, 6)), "5", "Hjälpmedel", case=case),
        "att skicka ärendet vidare till Välfärdsrådet.",
        kind="referred",
        referred_to=vfr,
    )
    draft = make_meeting(vfr, D(2026, 4, 2), status=Meeting.Status.MINUTES_DRAFT)
    make_decision(
        make_item(draft, "7", "Hjälpmedel"), "att rekommendera avgiften.", answers=referral
    )
    url = reverse("case_detail", args=[case.pk])
    for user, sees in [(member, False), (vfr_secretary, True)]:
        client.force_login(user)
        page = client.get(url).content.decode()
        assert ("Besvarat av" in page) is sees, user
        assert (reverse("meeting_detail", args=[draft.pk]) in page) is sees, user
        assert ("Väntar på Välfärdsrådet" in page) is not sees, user


def test_public_history_names_who_changed_it_and_never_their_e_mail(client, vfr, lchnv, db):
    from django.contrib.auth import get_user_model

    from council.history import changes_by
    from council.models import Person

    case, agreement, item, recommendation = recommended_in_an_agreement(
        vfr, "HJM", "Hjälpmedelsavtalet", D(2021, 3, 25)
    )
    account = get_user_model().objects.create_user("kim.karlsson@falun.se", "kim.karlsson@falun.se")
    Person.objects.create(name="Kim Karlsson", user=account)
    with changes_by(account):
        falun = PrincipalDecision.objects.get(principal__short_name="Falun")
        falun.status = PrincipalDecision.Status.ADOPTED
        falun.decided_on = D(2021, 5, 3)
        falun.save()

    for url in [
        reverse("case_detail", args=[case.pk]),
        reverse("agreement_detail", args=[agreement.pk]),
    ]:
        page = client.get(url).content.decode()
        history = page[page.index("Senare ändringar") :]
        assert "<td>Kim Karlsson</td>" in history, url
        assert "kim.karlsson@falun.se" not in page, url


def test_history_names_the_forum_a_referral_was_redirected_to(client, demo, administrator):
    from council.history import changes_by
    from council.models import Forum

    referral = Decision.objects.filter(kind="referred", item__meeting__date=D(2021, 4, 16)).first()
    with changes_by(administrator):
        referral.referred_to = Forum.objects.get(code="SCHNV")
        referral.save()
    case = referral.item.case
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    history = page[page.index("Senare ändringar") :]
    assert "Välfärdsrådet" in history and "Socialchefsnätverket" in history
    assert "En administratör" in history and "ada" not in history


def test_meeting_page_reads_like_the_minutes(client, demo):
    meeting = Meeting.objects.get(date=D(2020, 5, 8))
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    header, items = page.split('id="p1"', 1)
    assert "Närvarande" in header and "Helene Kastemyr" in header
    assert "samt föredragande enligt nedan." in header
    # Presenters are named under their items, not in the attendance list.
    assert "Marie van Geffen" not in header
    assert "Föredragande: Hans Liljeberg; Marie van Geffen" in items
    # Under the name the forum had then.
    assert "Länsnätverket för förvaltningschefer beslutade" in items
    assert "att besluta i enlighet med Styrgruppens förslag p.1-4." in items
    assert "Ärendet utgick." not in items  # nothing was withdrawn that day


def test_assignments_are_grouped_by_the_forum_that_carries_them_out(client, demo):
    response = client.get(reverse("assignment_list"))
    groups = dict(response.context["groups"])
    # "Chefsnätverket" and "Länsnätverket för förvaltningschefer" are the same network.
    assert len(groups["Länschefsnätverket"]) == 2
    assert len(groups["Styrgrupp LCHNV"]) == 3
    assert [a.due_date for a in groups["Region Dalarna"]] == [None]
    overdue = client.get(reverse("assignment_list"), {"status": "overdue"}).context["groups"]
    assert sorted(name for name, _ in overdue) == ["Länschefsnätverket", "Styrgrupp LCHNV"]


def test_search_results_escape_the_register_text(client, vfr):
    item = make_item(make_meeting(vfr, D(2021, 3, 25)), "4", "Rapport <b>fet</b>")
    item.discussion = "Diskussion om <script>alert('tillnyktring')</script> och mer."
    item.save()
    make_decision(item, "att godkänna <img src=x onerror=alert(1)> tillnyktringsrapporten.")
    page = client.get(reverse("decision_list"), {"q": "tillnyktring"}).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<mark>" in page


def test_long_lists_say_more_than_the_limit_instead_of_counting_everything(
    client, demo, monkeypatch
):
    from register import selectors as views

    monkeypatch.setattr(views, "COUNT_LIMIT", 10)
    page = client.get(reverse("decision_list")).content.decode()
    assert "Fler än 10 beslut: begränsa listan med ett filter eller en sökning." in page
    narrowed = client.get(reverse("decision_list"), {"forum": "SCHNV"}).content.decode()
    assert "5 beslut" in narrowed


@pytest.mark.parametrize(
    "start", ["=", "+", "-", "@", "\t", "\r"], ids=["eq", "plus", "minus", "at", "tab", "cr"]
)
def test_csv_cells_cannot_become_spreadsheet_formulas(client, vfr, start):
    item = make_item(make_meeting(vfr, D(2021, 3, 25)), "4", f'{start}HYPERLINK("http://x")')
    make_decision(item, f"{start}cmd|' /C calc'!A0")
    body = b"".join(client.get(reverse("decision_csv")).streaming_content).decode("utf-8-sig")
    cells = list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))[1]
    assert cells[3] == f'\'{start}HYPERLINK("http://x")'
    assert cells[4] == f"'{start}cmd|' /C calc'!A0"


def test_csv_reads_in_one_query_whatever_its_length(client, demo, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("decision_csv"))
        lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    rows = list(csv.reader(lines, delimiter=";"))
    published = Decision.objects.filter(item__meeting__status=Meeting.Status.PUBLISHED)
    assert len(rows) == 1 + published.count()
    first = published.select_related("item__meeting__forum").order_by(
        "-item__meeting__date", "-item__meeting_id", "item__position", "position"
    )[0]
    assert rows[1][:5] == [
        f"{first.item.meeting.date:%Y-%m-%d}",
        first.item.meeting.forum.name,
        first.item.number,
        first.item.title,
        first.text,
    ]
    assert rows[1][5] == first.get_kind_display()
    assert rows[1][9] == (f"http://testserver/moten/{first.item.meeting_id}/#p{first.item.number}")


def test_principals_are_listed_region_first_then_the_municipalities_in_swedish_order(client, db):
    from council.reference import load_reference_data

    load_reference_data()
    page = client.get(reverse("principal_list")).content.decode()

    names = [p.name for p in Principal.objects.all()]
    at = [page.index(f">{name}</a>") for name in names]
    assert at == sorted(at)
    assert names[0] == "Region Dalarna" and names[-1] == "Älvdalens kommun"
    assert names.index("Smedjebackens kommun") < names.index("Säters kommun")
