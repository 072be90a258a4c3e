"""Role × URL: only a forum's secretaries and the administrators write its minutes."""

import datetime

import pytest
from django.urls import reverse

from agreements.models import PrincipalDecision
from meetings.models import Meeting
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date
ROLES = ["anonymous", "member", "other_secretary", "secretary", "administrator"]
ALLOWED = {"secretary", "administrator"}


@pytest.fixture
def cast(member, vfr_secretary, schnv_secretary, administrator):
    return {
        "anonymous": None,
        "member": member,
        "other_secretary": schnv_secretary,
        "secretary": vfr_secretary,
        "administrator": administrator,
    }


@pytest.fixture
def draft(vfr):
    meeting = make_meeting(vfr, D(2026, 11, 20), status=Meeting.Status.MINUTES_DRAFT)
    item = make_item(meeting, "1", "Mötets öppnande")
    make_decision(item, "att öppna mötet.", kind="procedural")
    return meeting


def snapshot(meeting: Meeting) -> tuple:
    meeting.refresh_from_db()
    return (meeting.version, meeting.status, meeting.place, meeting.items.count())


def item_post(meeting: Meeting) -> dict:
    return {
        "version": meeting.version,
        "number": "9",
        "title": "Intrång",
        "kind": "information",
        "outcome": "handled",
        "presenters-TOTAL_FORMS": "0",
        "presenters-INITIAL_FORMS": "0",
        "decisions-TOTAL_FORMS": "0",
        "decisions-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }


def meeting_post(meeting: Meeting) -> dict:
    return {
        "version": meeting.version,
        "date": "2026-11-20",
        "place": "Intrång",
        "guest-count": "0",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
    }


def paper_justering_post(meeting: Meeting) -> dict:
    return {
        "reviewer": meeting.justerare.get().pk,
        "method": "paper",
        "reviewed_on": f"{meeting.date:%Y-%m-%d}",
        "note": "Undertecknat blad.",
    }


# (url name, method, data builder, status the draft must have for the action to apply)
WRITES = [
    ("meeting_edit", "get", None, None),
    ("meeting_edit", "post", meeting_post, None),
    ("meeting_item_create", "get", None, None),
    ("meeting_item_create", "post", item_post, None),
    ("meeting_item_edit", "get", None, None),
    ("meeting_item_edit", "post", item_post, None),
    ("meeting_workflow", "get", None, None),
    ("meeting_send_for_review", "post", None, Meeting.Status.MINUTES_DRAFT),
    ("meeting_approve", "post", None, Meeting.Status.MINUTES_DRAFT),
    ("meeting_return_to_draft", "post", None, Meeting.Status.APPROVED),
    ("meeting_publish", "post", lambda draft: {"confirm": "1"}, Meeting.Status.APPROVED),
    ("meeting_record_justering", "post", paper_justering_post, Meeting.Status.IN_REVIEW),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "build", "status"), WRITES)
def test_write_urls_answer_only_the_forums_secretary_and_administrators(
    client, cast, draft, vfr_secretary, role, name, method, build, status
):
    if status:
        Meeting.objects.filter(pk=draft.pk).update(status=status)
    if name in {"meeting_send_for_review", "meeting_record_justering"}:
        draft.justerare.add(vfr_secretary.person)
    args = [draft.pk]
    if name == "meeting_item_edit":
        args.append(draft.items.get().pk)
    url = reverse(name, args=args)
    if cast[role]:
        client.force_login(cast[role])
    before = snapshot(draft)
    data = build(draft) if build else {}
    response = getattr(client, method)(url, data)

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    elif role not in ALLOWED:
        assert response.status_code == 403
    else:
        assert response.status_code in {200, 302}
        # A page, or the page after a saved form: never the log-in page.
        assert response.status_code == 200 or not response.url.startswith(reverse("login"))
    if method == "post":
        changed = snapshot(draft) != before
        assert changed == (role in ALLOWED), (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_new_meetings_only_for_the_forums_one_keeps(client, cast, vfr, role):
    if cast[role]:
        client.force_login(cast[role])
    page = client.get(reverse("meeting_create"))
    response = client.post(reverse("meeting_create"), {"forum": vfr.pk, "date": "2026-11-20"})
    created = Meeting.objects.filter(forum=vfr).exists()
    assert created == (role in ALLOWED)
    if role == "anonymous":
        assert page.status_code == 302 and response.status_code == 302
        assert response.url.startswith(reverse("login"))
    elif role == "member":
        assert page.status_code == 403 and response.status_code == 403
    elif role == "other_secretary":
        assert page.status_code == 200 and "Välfärdsrådet" not in page.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_minutes_list_is_for_those_who_keep_minutes(client, cast, draft, role):
    if cast[role]:
        client.force_login(cast[role])
    response = client.get(reverse("minutes_list"))
    expected = {"anonymous": 302, "member": 403}.get(role, 200)
    assert response.status_code == expected
    if role == "other_secretary":
        assert "Välfärdsrådet" not in response.content.decode()
    if role in ALLOWED:
        assert reverse("meeting_edit", args=[draft.pk]) in response.content.decode()
    home = client.get(reverse("home")).content.decode()
    assert (f'href="{reverse("minutes_list")}"' in home) == (role in ALLOWED | {"other_secretary"})


@pytest.mark.parametrize("role", ROLES)
def test_only_a_chosen_justerare_records_a_review(client, cast, draft, member, role):
    draft.justerare.add(member.person)
    Meeting.objects.filter(pk=draft.pk).update(status=Meeting.Status.IN_REVIEW)
    if cast[role]:
        client.force_login(cast[role])
    response = client.post(reverse("meeting_review", args=[draft.pk]), {"approve": "1"})
    draft.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif role == "member":
        assert draft.status == Meeting.Status.APPROVED
    else:
        assert response.status_code == 403
        assert draft.status == Meeting.Status.IN_REVIEW and not draft.reviews.exists()


@pytest.mark.parametrize("role", ROLES)
def test_drafts_are_seen_only_by_their_editors(client, cast, draft, role):
    if cast[role]:
        client.force_login(cast[role])
    response = client.get(reverse("meeting_detail", args=[draft.pk]))
    assert response.status_code == (200 if role in ALLOWED else 404)


def test_a_recommendation_opens_sixteen_pending_adoptions_through_the_signal(
    client, vfr, vfr_secretary, draft
):
    from meetings.services import create_meeting_from_data

    meeting = create_meeting_from_data(
        forum=vfr,
        user=vfr_secretary,
        data={
            "date": "2020-03-11",
            "items": [
                {
                    "number": "3",
                    "title": "Redovisning",
                    "presenters": ["Ulf Börjesson"],
                    "decisions": [
                        {"text": "att rekommendera kommunerna att anta.", "kind": "recommended"},
                        {
                            "text": "att skicka vidare till LCHNV.",
                            "kind": "referred",
                            "referred_to": "Länschefsnätverket",
                        },
                    ],
                }
            ],
        },
    )
    recommendation, referral = meeting.items.get().decisions.order_by("position")
    assert PrincipalDecision.objects.filter(recommendation=recommendation).count() == 16
    assert referral.referred_to.code == "LCHNV"
    assert meeting.status == Meeting.Status.MINUTES_DRAFT
    assert meeting.history.get().history_user == vfr_secretary
