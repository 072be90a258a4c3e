"""Pages that list a principal's, or the register's, whole history show a page of it."""

import datetime

import pytest
from django.urls import reverse

from agreements.models import Agreement, PrincipalDecision
from council.models import Forum, Principal
from meetings.models import Assignment
from register.selectors import AGREEMENT_PAGE, ASSIGNMENT_PAGE, PRINCIPAL_ROWS
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date


@pytest.fixture
def busy_region(vfr, lchnv):
    """Region Dalarna with 30 recommendations, 12 decided, and 30 assignments; Falun with one."""
    region = Principal.objects.get(short_name="Region Dalarna")
    falun = Principal.objects.get(short_name="Falun")
    for n in range(30):
        item = make_item(make_meeting(vfr, D(2019, 1, 1) + datetime.timedelta(days=10 * n)), "4")
        recommendation = make_decision(item, f"att rekommendera åtgärd {n}.", kind="recommended")
        PrincipalDecision.objects.create(
            recommendation=recommendation,
            principal=region,
            status="adopted" if n < 12 else "pending",
            decided_on=D(2020, 1, 1) if n < 12 else None,
        )
        given = make_decision(item, f"att ge regionen uppdrag {n}.", kind="assigned")
        Assignment.objects.create(
            decision=given,
            description=f"Regionens uppdrag {n}",
            assignee_principal=region,
            due_date=D(2021, 1, 1) + datetime.timedelta(days=n),
        )
    item = make_item(make_meeting(lchnv, D(2020, 2, 2)), "5")
    Assignment.objects.create(
        decision=make_decision(item, "att ge Falun ett uppdrag.", kind="assigned"),
        description="Faluns uppdrag",
        assignee_principal=falun,
    )
    return region


def test_a_principal_page_shows_the_latest_of_each_list_and_links_to_all(client, busy_region):
    response = client.get(reverse("principal_detail", args=[busy_region.slug]))
    page = response.content.decode()
    assert len(response.context["pending"]) == 18 < PRINCIPAL_ROWS
    assert len(response.context["decided"]) == 12
    assert len(response.context["assignments"]) == PRINCIPAL_ROWS
    assert "De senaste" not in page  # 18 and 12 are shown whole
    # The latest waiting recommendation first.
    assert response.context["pending"][0].recommendation.text == "att rekommendera åtgärd 29."
    assert "Alla beslut som rör Region Dalarna" in page
    link = f"{reverse('assignment_list')}?principal={busy_region.slug}&amp;status=all"
    assert f'href="{link}">Alla uppdrag till Region Dalarna' in page
    assert "Faluns uppdrag" not in page


def test_a_principal_page_says_how_many_it_leaves_out(client, busy_region, monkeypatch):
    from register import selectors as views

    monkeypatch.setattr(views, "PRINCIPAL_ROWS", 10)
    page = client.get(reverse("principal_detail", args=[busy_region.slug])).content.decode()
    assert "De senaste 10 av 18." in page
    assert "De senaste 10 av 12." in page


def test_the_assignment_list_narrows_to_a_principal_and_pages(client, busy_region, monkeypatch):
    from register import selectors as views

    url = reverse("assignment_list")
    response = client.get(url, {"principal": busy_region.slug, "status": "all"})
    assert response.context["page"].paginator.count == 30
    assert [name for name, _rows in response.context["groups"]] == ["Region Dalarna"]
    page = response.content.decode()
    assert "<h1>Uppdrag till Region Dalarna</h1>" in page
    assert "30 uppdrag" in page and "Faluns uppdrag" not in page
    # The status tabs keep the principal.
    assert f'href="?status=open&amp;principal={busy_region.slug}"' in page

    monkeypatch.setattr(views, "ASSIGNMENT_PAGE", 20)
    first = client.get(url, {"principal": busy_region.slug, "status": "all"}).content.decode()
    assert f'href="?status=all&amp;principal={busy_region.slug}&amp;page=2"' in first
    second = client.get(url, {"principal": busy_region.slug, "status": "all", "page": 2})
    rows = [a for _name, group in second.context["groups"] for a in group]
    assert len(rows) == 10
    assert rows[-1].description == "Regionens uppdrag 29"
    assert "Sida 2 av 2" in second.content.decode()
    assert client.get(url, {"principal": "ingen-sadan"}).status_code == 404
    forum_page = client.get(reverse("forum_detail", args=["LCHNV"])).content.decode()
    assert f'href="{url}?forum=LCHNV">Forumets uppdrag' in forum_page
    Assignment.objects.create(
        decision=Assignment.objects.first().decision,
        description="Nätverkets uppdrag",
        assignee_forum=Forum.objects.get(code="LCHNV"),
    )
    by_forum = client.get(url, {"forum": "LCHNV"})
    assert [a.description for _n, rows in by_forum.context["groups"] for a in rows] == [
        "Nätverkets uppdrag"
    ]
    assert ASSIGNMENT_PAGE >= 50


def test_the_agreement_list_shows_current_or_ended_ones_a_page_at_a_time(
    client, reference, monkeypatch
):
    from register import selectors as views

    for n in range(5):
        Agreement.objects.create(short_name=f"Aktivt {n}", title="Gällande", status="active")
        Agreement.objects.create(short_name=f"Slut {n}", title="Upphört", status="ended")
    Agreement.objects.create(short_name="Utkast", title="Under beredning", status="draft")
    url = reverse("agreement_list")

    def listed(**params):
        return [a.short_name for a in client.get(url, params).context["agreements"]]

    assert len(listed()) == 11
    assert listed(status="current")[-1] == "Utkast"
    assert all(name.startswith(("Aktivt", "Utkast")) for name in listed(status="current"))
    assert listed(status="ended") == [f"Slut {n}" for n in range(5)]
    assert client.get(url, {"status": "fel"}).status_code == 404

    monkeypatch.setattr(views, "AGREEMENT_PAGE", 4)
    third = client.get(url, {"status": "all", "page": 3})
    assert [a.short_name for a in third.context["agreements"]] == ["Slut 2", "Slut 3", "Slut 4"]
    page = third.content.decode()
    assert "11 överenskommelser" in page and "Sida 3 av 3" in page
    assert 'href="?status=all&amp;page=2">← Föregående' in page
    # The timeline draws the agreements of the page only.
    assert "Slut 3" in page[page.index("<svg") : page.index("</svg>")]
    assert "Aktivt 0" not in page
    assert AGREEMENT_PAGE >= 50
