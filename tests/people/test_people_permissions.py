"""Role × URL for the people pages, the outbox, the account page and "Att göra"."""

import pytest
from django.urls import reverse
from django.utils import timezone

from council import mail
from council.models import Membership, OutboxMessage, Person, Role
from meetings.models import Meeting
from tests.factories import make_meeting

ROLES = ["anonymous", "member", "other_secretary", "secretary", "administrator"]


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
def justerare(vfr):
    """A person with no login, chosen justerare at a VFR meeting."""
    person = Person.objects.create(name="Jonas Justerare")
    meeting = make_meeting(vfr, timezone.localdate(), status=Meeting.Status.MINUTES_DRAFT)
    meeting.justerare.add(person)
    return person


@pytest.fixture
def message(db):
    return mail.queue_email(
        kind="notice", key="k", recipient="a@example.se", subject="Kallelse", body="Text"
    )


# (url name, args builder, roles that get 200)
PAGES = [
    ("people_list", lambda j, m: [], {"secretary", "other_secretary", "administrator"}),
    ("person_create", lambda j, m: [], {"administrator"}),
    ("person_detail", lambda j, m: [j.pk], {"secretary", "administrator"}),
    ("person_history", lambda j, m: [j.pk], {"secretary", "administrator"}),
    ("person_edit", lambda j, m: [j.pk], {"administrator"}),
    ("outbox", lambda j, m: [], {"administrator"}),
    ("outbox_message", lambda j, m: [m.pk], {"administrator"}),
    ("todo", lambda j, m: [], {"member", "other_secretary", "secretary", "administrator"}),
    ("account", lambda j, m: [], {"member", "other_secretary", "secretary", "administrator"}),
    (
        "password_change",
        lambda j, m: [],
        {"member", "other_secretary", "secretary", "administrator"},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "allowed"), PAGES)
def test_pages_answer_only_those_they_are_for(
    client, cast, justerare, message, role, name, args, allowed
):
    if cast[role]:
        client.force_login(cast[role])
    response = client.get(reverse(name, args=args(justerare, message)))
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        assert response.status_code == (200 if role in allowed else 403), (role, name)


# (url name, data, roles whose post changes something)
WRITES = [
    ("person_invite", {"email": "jonas@example.se"}, {"secretary", "administrator"}),
    ("membership_give", "vfr-member", {"secretary", "administrator"}),
    ("representation_give", "falun", {"administrator"}),
    ("person_active", {"active": "0", "confirm": "1"}, {"administrator"}),
    ("person_edit", "renamed", {"administrator"}),
]


def snapshot(person: Person) -> tuple:
    person.refresh_from_db()
    return (
        person.name,
        person.active,
        person.invitations.count(),
        Membership.objects.filter(person=person).count(),
        person.representations.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "data", "allowed"), WRITES)
def test_changes_to_people_are_made_only_by_those_allowed(
    client, cast, justerare, vfr, role, name, data, allowed
):
    from council.models import Principal

    if data == "vfr-member":
        data = {"forum": vfr.pk, "role": Role.MEMBER}
    elif data == "falun":
        data = {"principal": Principal.objects.get(short_name="Falun").pk}
    elif data == "renamed":
        from people.services import person_stamp

        data = {"name": "Jonas Omdöpt", "stamp": person_stamp(justerare)}
    if cast[role]:
        client.force_login(cast[role])
    before = snapshot(justerare)
    response = client.post(reverse(name, args=[justerare.pk]), data)
    changed = snapshot(justerare) != before
    assert changed == (role in allowed), (role, name)
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif role not in allowed:
        assert response.status_code in {400, 403}


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_send_an_e_mail_again(client, cast, message, role):
    OutboxMessage.objects.filter(pk=message.pk).update(state="failed")
    if cast[role]:
        client.force_login(cast[role])
    client.post(reverse("outbox_send_again", args=[message.pk]))
    message.refresh_from_db()
    assert (message.state == "queued") == (role == "administrator")


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_shows_the_new_pages_to_those_they_are_for(client, cast, role):
    if cast[role]:
        client.force_login(cast[role])
    html = client.get(reverse("home")).content.decode()
    assert (f'href="{reverse("todo")}"' in html) == (role != "anonymous")
    assert (f'href="{reverse("people_list")}"' in html) == (
        role in {"secretary", "other_secretary", "administrator"}
    )
    assert (f'href="{reverse("outbox")}"' in html) == (role == "administrator")


def test_list_and_detail_pages_answer_in_bounded_queries(
    client, administrator, justerare, message, django_assert_max_num_queries, member
):
    client.force_login(administrator)
    for name, args in [
        ("people_list", []),
        ("person_detail", [member.person.pk]),
        ("person_history", [member.person.pk]),
        ("outbox", []),
        ("outbox_message", [message.pk]),
        ("todo", []),
        ("account", []),
    ]:
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name, args=args)).status_code == 200, name


GARBAGE = {
    "email": "inte en adress",
    "forum": "999999",
    "role": "kejsare",
    "principal": "x",
    "active": "kanske",
    "administrator": "<script>",
    "wanted": ["okänd"],
    "new_password1": "",
    "page": "-1",
    "state": "'; DROP TABLE",
}


@pytest.mark.parametrize(
    "name",
    [
        "person_invite",
        "membership_give",
        "representation_give",
        "person_active",
        "person_administrator",
    ],
)
def test_bad_input_gives_a_message_never_an_error(client, administrator, justerare, name):
    client.force_login(administrator)
    before = snapshot(justerare)
    response = client.post(reverse(name, args=[justerare.pk]), GARBAGE)
    assert response.status_code < 500
    assert snapshot(justerare) == before


def test_bad_input_on_the_other_new_pages(client, administrator, member):
    client.force_login(administrator)
    for url in [
        reverse("people_list") + "?q=%00&forum=abc&page=zz",
        reverse("outbox") + "?state=bogus&page=-3",
        reverse("invitation_accept", args=["%E2%80%8B"]),
    ]:
        assert client.get(url).status_code < 500, url
    client.force_login(member)
    response = client.post(reverse("account"), {"wanted": ["okänd"]})
    assert response.status_code == 200 and "okänd finns inte bland tillgängliga alternativ" in (
        response.content.decode()
    )
