"""Following a case, an agreement, a forum or a search, and the e-mail when minutes with a
matching decision are published."""

import datetime
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from agreements.models import Agreement
from council.models import OutboxMessage, Person
from feeds.models import Follow
from feeds.notifications import followed_published, matches
from feeds.services import follow, unfollow_path
from feeds.tasks import notify_followers
from meetings.models import Case, Meeting
from meetings.services import publish, publish_approved_earlier
from tests.conftest import PASSWORD
from tests.factories import make_decision, make_item, make_meeting
from tests.feeds.conftest import sv

D = datetime.date


def person_with_login(name: str) -> Person:
    login = name.lower()
    user = get_user_model().objects.create_user(login, f"{login}@example.se", PASSWORD)
    return Person.objects.create(name=name, user=user)


@pytest.fixture
def matter(db):
    case = Case.objects.create(title="Tillnyktringsplatser i Dalarna")
    agreement = Agreement.objects.create(title="Överenskommelse om TN-platser", short_name="TN")
    agreement.cases.add(case)
    return {"case": case, "agreement": agreement}


def approved_minutes(forum, day, clauses, case=None, title="Tillnyktringsplatser") -> Meeting:
    meeting = make_meeting(forum, day, status=Meeting.Status.APPROVED)
    item = make_item(meeting, "4", title, case=case)
    for text, kind in clauses:
        make_decision(item, text, kind=kind)
    return meeting


def publish_now(meeting, user, callbacks_fixture) -> None:
    with callbacks_fixture(execute=True):
        publish(meeting=meeting, user=user)


def told() -> dict[str, OutboxMessage]:
    return {m.recipient: m for m in OutboxMessage.objects.filter(kind="followed")}


def test_a_published_decision_on_a_followed_agreement_gives_each_follower_one_email(
    client, vfr, matter, member, vfr_secretary, django_capture_on_commit_callbacks
):
    agreement = matter["agreement"]
    client.force_login(member)
    page = client.get(reverse("agreement_detail", args=[agreement.pk])).content.decode()
    assert sv("Follow the agreement") in page and "csrfmiddlewaretoken" in page
    response = client.post(
        reverse("follow"),
        {"kind": "agreement", "target": agreement.pk, "next": f"/overenskommelser/{agreement.pk}/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/overenskommelser/{agreement.pk}/"
    confirmation = sv(
        "You now follow %(what)s. You are sent an e-mail when a new decision on it is published."
    ) % {"what": "Överenskommelse om TN-platser"}  # its short name is in its title
    assert confirmation in response.content.decode()
    assert sv("Stop following the agreement") in response.content.decode()
    pia = person_with_login("Pia")
    follow(person=pia, kind="agreement", target=str(agreement.pk))
    follow(person=pia, kind="case", target=str(matter["case"].pk))  # the same decision, twice
    person_with_login("Olle")  # follows nothing

    meeting = approved_minutes(
        vfr,
        D(2026, 5, 20),
        [("att rekommendera kommunerna att anta överenskommelsen om TN-platser.", "recommended")],
        case=matter["case"],
    )
    publish_now(meeting, vfr_secretary, django_capture_on_commit_callbacks)
    queued = DBTaskResult.objects.filter(task_path="feeds.tasks.notify_followers")
    assert [task.args_kwargs["args"] for task in queued] == [[meeting.pk]]
    assert notify_followers.call(meeting.pk) == 2
    assert notify_followers.call(meeting.pk) == 0  # run twice: sent once
    messages = told()
    assert sorted(messages) == ["maja@example.se", "pia@example.se"]
    body = messages["pia@example.se"].body
    # The decision once, with both follows it touches, and a link to stop each.
    assert body.count("att rekommendera kommunerna att anta överenskommelsen om TN-platser.") == 1
    assert "Överenskommelse om TN-platser; Tillnyktringsplatser i Dalarna" in body
    assert f"http://127.0.0.1:8000/moten/{meeting.pk}/#p4" in body
    assert len(re.findall(r"http://127\.0\.0\.1:8000/sluta-folja/[^/\s]+/", body)) == 2
    assert "Välfärdsrådet 20 maj 2026" in messages["maja@example.se"].subject


def test_nothing_is_sent_for_a_draft_or_for_minutes_of_the_back_catalogue(
    vfr, matter, member, vfr_secretary, django_capture_on_commit_callbacks
):
    follow(person=member.person, kind="agreement", target=str(matter["agreement"].pk))
    draft = make_meeting(vfr, D(2026, 5, 20), status=Meeting.Status.MINUTES_DRAFT)
    make_decision(make_item(draft, "4", "TN", case=matter["case"]), "att anta utkastet.")
    assert matches(draft) == {}
    assert followed_published(draft) == 0
    with django_capture_on_commit_callbacks(execute=True):
        publish_approved_earlier(meeting=draft, user=vfr_secretary, reason="Justerat 2019.")
    assert not DBTaskResult.objects.filter(task_path="feeds.tasks.notify_followers").exists()
    assert not OutboxMessage.objects.filter(kind="followed").exists()


def test_a_followed_search_and_forum(
    client, vfr, lchnv, member, vfr_secretary, administrator, django_capture_on_commit_callbacks
):
    make_meeting(vfr, D(2026, 3, 11))  # the forum filter lists forums with minutes
    client.force_login(member)
    listed = client.get(reverse("decision_list"), {"q": "tillnyktring", "forum": "VFR"})
    assert sv("Follow this search") in listed.content.decode()
    client.post(
        reverse("follow"), {"kind": "search", "target": listed.context["querystring"]}, follow=True
    )
    searched = Follow.objects.get(person=member.person, kind="search")
    assert searched.query == "forum=VFR&q=tillnyktring"
    assert "Välfärdsrådet" in searched.label and "tillnyktring" in searched.label
    pia = person_with_login("Pia")
    follow(person=pia, kind="forum", target="vfr")

    hit = approved_minutes(
        vfr,
        D(2026, 6, 1),
        [
            ("att godkänna dagordningen.", "procedural"),
            ("att anta planen för tillnyktring.", "approved"),
        ],
        title="Planer för länet",
    )
    publish(meeting=hit, user=administrator)
    followed_published(hit)
    messages = told()
    assert sorted(messages) == ["maja@example.se", "pia@example.se"]
    for body in (messages["maja@example.se"].body, messages["pia@example.se"].body):
        assert "att anta planen för tillnyktring." in body
        assert "att godkänna dagordningen." not in body  # procedural: told of no one

    other_forum = approved_minutes(lchnv, D(2026, 6, 2), [("att anta tillnyktringen.", "approved")])
    publish(meeting=other_forum, user=administrator)
    unrelated = approved_minutes(
        vfr, D(2026, 6, 3), [("att godkänna dagordningen.", "procedural")], title="Dagordning"
    )
    publish(meeting=unrelated, user=administrator)
    assert followed_published(other_forum) == 0
    assert followed_published(unrelated) == 0


def test_a_search_with_no_filter_cannot_be_followed(client, member):
    client.force_login(member)
    page = client.get(reverse("decision_list")).content.decode()
    assert sv("Follow this search") not in page
    response = client.post(reverse("follow"), {"kind": "search", "target": "page=2"}, follow=True)
    refused = sv("Choose a filter or search for words first, then follow the list.")
    assert refused in response.content.decode()
    assert not Follow.objects.exists()


def test_my_follows_on_a_page_of_my_own_and_stopped_in_one_click(client, matter, vfr, member):
    person = member.person
    follow(person=person, kind="case", target=str(matter["case"].pk))
    follow(person=person, kind="forum", target="VFR")
    client.force_login(member)
    account = client.get(reverse("account")).content.decode()
    assert f'href="{reverse("follow_list")}"' in account
    page = client.get(reverse("follow_list")).content.decode()
    assert "Tillnyktringsplatser i Dalarna" in page and "Välfärdsrådet" in page
    forum_follow = Follow.objects.get(kind="forum")
    response = client.post(reverse("unfollow", args=[forum_follow.pk]), follow=True)
    stopped = sv("You no longer follow %(what)s.") % {"what": "Välfärdsrådet"}
    assert stopped in response.content.decode()
    assert list(Follow.objects.values_list("kind", flat=True)) == ["case"]
    # Someone else's follow is not theirs to stop.
    other = person_with_login("Pia")
    theirs, _new = follow(person=other, kind="forum", target="VFR")
    client.post(reverse("unfollow", args=[theirs.pk]))
    assert Follow.objects.filter(pk=theirs.pk).exists()


def test_the_link_in_the_email_stops_the_follow_without_logging_in(client, matter, member):
    found, _new = follow(person=member.person, kind="case", target=str(matter["case"].pk))
    path = unfollow_path(found)
    page = client.get(path)  # opening the link (as a mail program's check does) asks first
    assert page.status_code == 200 and "Tillnyktringsplatser i Dalarna" in page.content.decode()
    assert Follow.objects.filter(pk=found.pk).exists()
    client.post(path)
    assert not Follow.objects.filter(pk=found.pk).exists()
    assert client.post(path).status_code == 200  # twice: nothing more to do
    assert client.get(path[:-3] + "xx/").status_code == 400


def test_an_anonymous_reader_is_asked_to_log_in_and_a_login_without_a_person_to_give_a_name(
    client, matter, administrator
):
    page = client.get(reverse("case_detail", args=[matter["case"].pk])).content.decode()
    assert sv("Log in to follow") in page
    client.force_login(administrator)  # made by createsuperuser: no person yet
    response = client.post(reverse("follow"), {"kind": "case", "target": matter["case"].pk})
    assert response.url == reverse("account")
    assert not Follow.objects.exists()


def test_the_pages_with_follow_buttons_read_a_fixed_number_of_queries(
    client, matter, vfr, member, django_assert_max_num_queries
):
    follow(person=member.person, kind="case", target=str(matter["case"].pk))
    client.force_login(member)
    for url in [
        reverse("follow_list"),
        reverse("case_detail", args=[matter["case"].pk]),
        reverse("agreement_detail", args=[matter["agreement"].pk]),
        reverse("forum_detail", args=["VFR"]),
        reverse("decision_list") + "?q=tillnyktring",
    ]:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_a_follower_is_told_by_the_worker(
    start_worker, smtp_server, vfr, member, vfr_secretary, django_capture_on_commit_callbacks
):
    """Done when: a member follows a case and is told when the next decision is published."""
    case = Case.objects.create(title="Mobila team för äldre")
    follow(person=member.person, kind="case", target=str(case.pk))
    start_worker(smtp_server.port)
    meeting = approved_minutes(vfr, D(2026, 9, 9), [("att inrätta mobila team.", "approved")], case)
    publish(meeting=meeting, user=vfr_secretary)
    deadline = time.monotonic() + 60
    while not [m for m in smtp_server.messages if "maja@example.se" in m.envelope_to]:
        assert time.monotonic() < deadline, "the follower was not told"
        time.sleep(0.2)
    time.sleep(1)
    received = [m for m in smtp_server.messages if "maja@example.se" in m.envelope_to]
    assert len(received) == 1
    assert "att inrätta mobila team." in received[0].get_content()
    assert "Mobila team för äldre" in received[0].get_content()
