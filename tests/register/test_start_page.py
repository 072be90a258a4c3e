"""The start page: the meetings to come with their notices, and for a member what has
changed since the last visit."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import PrincipalDecision
from agreements.services import open_adoptions
from council.history import changes_by
from council.models import Person, Principal
from meetings.models import Meeting
from people.visits import VISIT_GAP
from tests.factories import make_decision, make_item, make_meeting
from tests.register.test_lists import main_text

D = datetime.date


def section(response, heading: str) -> str:
    """The words of the start page's section under ``heading``."""
    text = main_text(response)
    start = text.index(heading)
    ends = [text.find(h, start + 1) for h in ("Kommande möten", "Senaste besluten")]
    return text[start : min([e for e in ends if e > start] or [len(text)])]


@pytest.fixture
def announced(demo, lchnv):
    return make_meeting(
        lchnv,
        timezone.localdate() + datetime.timedelta(days=10),
        status=Meeting.Status.AGENDA_SENT,
        notice_sent_at=timezone.now(),
        place="Teams",
    )


def test_meetings_to_come_are_listed_with_their_notice(client, announced, member, vfr):
    make_meeting(vfr, timezone.localdate() - datetime.timedelta(days=1), status="planned")
    response = client.get(reverse("home"))
    # To a visitor nothing is announced in person.
    assert "Inget kommande möte har meddelats ännu." in section(response, "Kommande möten")
    client.force_login(member)
    response = client.get(reverse("home"))
    coming = section(response, "Kommande möten")
    assert "Länschefsnätverket" in coming and "Teams" in coming and "Kallelse" in coming
    assert f'href="{reverse("notice_page", args=[announced.pk])}"' in response.content.decode()
    assert f'href="{reverse("meeting_list")}"' in response.content.decode()


def test_a_visitor_sees_no_changes_since_a_last_visit(client, demo):
    assert "Sedan ditt senaste besök" not in main_text(client.get(reverse("home")))


def publish(forum, day: datetime.date, when: datetime.datetime) -> Meeting:
    meeting = make_meeting(forum, day, published_at=when)
    item = make_item(meeting, "4", "Tillnyktringsplatser")
    make_decision(item, "att godkänna utvärderingen av tillnyktringsplatserna.")
    return meeting


def test_a_member_sees_what_changed_since_the_last_visit(client, demo, member, vfr, administrator):
    person = Person.objects.get(user=member)
    client.force_login(member)
    # The first visit has nothing to compare with, and becomes the last visit.
    first = client.get(reverse("home"))
    assert "Välkommen!" in section(first, "Sedan ditt senaste besök")
    person.refresh_from_db()
    assert person.last_visit_at is not None

    # Five hours later, something has been published and recorded since.
    last_visit = timezone.now() - VISIT_GAP - datetime.timedelta(hours=1)
    Person.objects.filter(pk=person.pk).update(last_visit_at=last_visit)
    before = publish(vfr, D(2026, 5, 20), last_visit - datetime.timedelta(days=1))
    after = publish(vfr, D(2026, 6, 17), last_visit + datetime.timedelta(minutes=30))
    recommendation = make_decision(
        after.items.get(), "att rekommendera kommunerna att anta avtalet.", kind="recommended"
    )
    open_adoptions(recommendation=recommendation)
    with changes_by(administrator):
        falun = recommendation.principal_decisions.get(principal__short_name="Falun")
        falun.status, falun.decided_on = PrincipalDecision.Status.ADOPTED, D(2026, 9, 1)
        falun.save()
    # The member's own record is not news to them.
    with changes_by(member):
        mora = recommendation.principal_decisions.get(principal__short_name="Mora")
        mora.status, mora.decided_on = PrincipalDecision.Status.REJECTED, D(2026, 9, 2)
        mora.save()

    response = client.get(reverse("home"))
    changes = section(response, "Sedan ditt senaste besök")
    assert timezone.localtime(last_visit).strftime("%H.%M") in changes
    assert "Välfärdsrådet 17 juni 2026 2 beslut" in changes
    assert "Välfärdsrådet 20 maj 2026" not in changes
    assert "att godkänna utvärderingen av tillnyktringsplatserna." in changes
    assert "Falun : Antaget 1 september 2026" in changes
    assert "Mora" not in changes
    page = response.content.decode()
    page = page[page.index('id="since-last-visit"') : page.index('id="upcoming-meetings"')]
    assert f'href="{reverse("meeting_detail", args=[after.pk])}"' in page
    assert f'href="{reverse("meeting_detail", args=[before.pk])}"' not in page
    assert f'href="{reverse("adoption_list", args=[recommendation.pk])}"' in page
    person.refresh_from_db()
    assert person.last_visit_at > last_visit

    # Opened again within the visit, the page still lists what changed since the last one.
    again = section(client.get(reverse("home")), "Sedan ditt senaste besök")
    assert "Välfärdsrådet 17 juni 2026" in again

    # The visit goes on on another device: the same changes are listed there.
    client.logout()
    client.force_login(member)
    elsewhere = section(client.get(reverse("home")), "Sedan ditt senaste besök")
    assert "Välfärdsrådet 17 juni 2026" in elsewhere

    # The next visit, five hours on, begins where the last opening of the page left off:
    # nothing new since.
    five_hours_on = timezone.now() + VISIT_GAP + datetime.timedelta(hours=1)
    with mock.patch("register.views.timezone.now", return_value=five_hours_on):
        later = section(client.get(reverse("home")), "Sedan ditt senaste besök")
    assert "Inget nytt har publicerats eller registrerats sedan dess." in later


def test_a_draft_published_to_no_one_is_no_news(client, demo, member, vfr):
    person = Person.objects.get(user=member)
    last_visit = timezone.now() - datetime.timedelta(days=2)
    Person.objects.filter(pk=person.pk).update(last_visit_at=last_visit)
    draft = make_meeting(vfr, D(2026, 6, 17), status="minutes_draft")
    make_decision(make_item(draft, "4", "Hemligt"), "att hemligheten är intern.")
    client.force_login(member)
    changes = section(client.get(reverse("home")), "Sedan ditt senaste besök")
    assert "hemligheten" not in changes
    assert "Inget nytt" in changes


def count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_the_start_page_reads_as_many_queries_however_large_the_register(
    client, demo, member, vfr, lchnv, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get(reverse("home"))
    visitor = count(client)
    person = Person.objects.get(user=member)
    last_visit = timezone.now() - datetime.timedelta(days=2)
    client.force_login(member)

    def member_count() -> tuple[int, int]:
        """The queries of the opening that begins a visit, and of one within it."""
        Person.objects.filter(pk=person.pk).update(last_visit_at=last_visit)
        beginning = count(client)
        return beginning, count(client)

    small = member_count()
    # With changes since the last visit to list, as few as the page reads without them.
    assert small[0] == small[1] <= 12
    for n in range(40):
        meeting = publish(lchnv, D(2025, 1, 1) + datetime.timedelta(days=7 * n), timezone.now())
        recommendation = make_decision(
            meeting.items.get(), f"att rekommendera {n}.", kind="recommended"
        )
        open_adoptions(recommendation=recommendation)
    PrincipalDecision.objects.filter(principal=Principal.objects.get(short_name="Falun")).update(
        status="adopted", decided_on=D(2025, 6, 1)
    )
    assert member_count() == small
    client.logout()
    assert count(client) == visitor
