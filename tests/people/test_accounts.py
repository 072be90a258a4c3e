"""Accounts made in the app: invitations, log-in by e-mail, roles, deactivation, history."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from council.models import Membership, OutboxMessage, Person, Representation, Role
from meetings.models import Meeting
from people.models import Invitation
from tests.conftest import PASSWORD
from tests.factories import make_meeting

NEW_PASSWORD = "ett-nytt-lösenord-för-kim-77"


@pytest.fixture
def kim(reference):
    return Person.objects.create(name="Kim Justerare")


def invite(client, administrator, person, email="kim@example.se"):
    client.force_login(administrator)
    response = client.post(reverse("person_invite", args=[person.pk]), {"email": email})
    client.logout()
    return response


def invitation_link(email="kim@example.se") -> str:
    message = OutboxMessage.objects.get(kind="invitation", recipient=email)
    return re.search(r"https?://[^/\s]+(/personer/inbjudan/\S+/)", message.body).group(1)


def test_an_invitation_creates_a_login_once_and_then_logs_in_by_e_mail(
    client, administrator, kim, vfr
):
    from council.models import Membership, Role

    Membership.objects.create(forum=vfr, person=kim, role=Role.MEMBER)
    response = invite(client, administrator, kim)
    assert response.status_code == 302
    message = OutboxMessage.objects.get(kind="invitation")
    assert message.subject == "Din inloggning till beslutsregistret för RSS Dalarna"
    # The inviter by name, never a user name; and what the person is invited to be.
    assert "En administratör av registret har bjudit in dig till beslutsregistret" in message.body
    assert "I registret är du:" in message.body and "Välfärdsrådet" in message.body
    link = invitation_link()

    page = client.get(link).content.decode()
    assert "Välj ditt lösenord" in page and "kim@example.se" in page
    # A password too short is refused in Swedish, and nothing is created.
    short = client.post(link, {"new_password1": "kort", "new_password2": "kort"})
    assert short.status_code == 400 and "lösenordet är för kort" in short.content.decode()
    assert not get_user_model().objects.filter(email="kim@example.se").exists()

    done = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("todo")
    kim.refresh_from_db()
    assert kim.user.email == "kim@example.se" and kim.user.check_password(NEW_PASSWORD)

    # The link is used up: a second use creates nothing and says why.
    client.logout()
    again = client.post(
        link, {"new_password1": "x" + NEW_PASSWORD, "new_password2": "x" + NEW_PASSWORD}
    )
    assert again.status_code == 404
    assert "Inbjudan har redan använts" in again.content.decode()
    assert get_user_model().objects.filter(email="kim@example.se").count() == 1
    kim.user.refresh_from_db()
    assert kim.user.check_password(NEW_PASSWORD)

    # Log-in by e-mail address, in any case.
    response = client.post(
        reverse("login"), {"username": "Kim@Example.se", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(kim.user.pk)


def test_a_forged_or_expired_invitation_creates_nothing(client, administrator, kim):
    forged = client.get(reverse("invitation_accept", args=["inte-en-riktig-nyckel"]))
    assert forged.status_code == 404 and "Länken gäller inte" in forged.content.decode()
    posted = client.post(
        reverse("invitation_accept", args=["inte-en-riktig-nyckel"]),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert posted.status_code == 404
    invite(client, administrator, kim)
    link = invitation_link()
    # One character changed is a forgery too.
    token = link.rstrip("/").rsplit("/", 1)[1]
    altered = reverse("invitation_accept", args=[token[:-1] + ("A" if token[-1] != "A" else "B")])
    assert client.get(altered).status_code == 404
    Invitation.objects.update(expires_at=timezone.now())
    expired = client.get(link)
    assert expired.status_code == 404 and "Inbjudan har gått ut" in expired.content.decode()
    assert get_user_model().objects.filter(email="kim@example.se").count() == 0


def test_a_deactivated_person_cannot_log_in_and_is_sent_nothing(client, administrator, member):
    client.force_login(administrator)
    url = reverse("person_active", args=[member.person.pk])
    unconfirmed = client.post(url, {"active": "0"}, follow=True)
    assert "avaktiverades inte. Kryssa i rutan" in unconfirmed.content.decode()
    member.refresh_from_db()
    assert member.is_active
    response = client.post(url, {"active": "0", "confirm": "1"})
    assert response.status_code == 302
    client.logout()
    member.refresh_from_db()
    assert not member.is_active and not member.person.active
    for username in ("maja", "maja@example.se"):
        refused = client.post(reverse("login"), {"username": username, "password": PASSWORD})
        assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert not member.person.wants("justering_requested")
    # The history says who deactivated her.
    client.force_login(administrator)
    page = client.get(reverse("person_history", args=[member.person.pk])).content.decode()
    assert "<td>ada</td><td>Avaktiverad.</td>" in page


def test_roles_given_and_taken_are_in_the_history_with_who(client, administrator, kim, vfr):
    client.force_login(administrator)
    url = reverse("membership_give", args=[kim.pk])
    client.post(url, {"forum": vfr.pk, "role": Role.SECRETARY})
    membership = Membership.objects.get(person=kim)
    assert (
        membership.role == Role.SECRETARY and membership.history.get().history_user == administrator
    )
    client.post(reverse("membership_end", args=[kim.pk, membership.pk]))
    membership.refresh_from_db()
    assert membership.end_date == timezone.localdate()
    from council.models import Principal

    falun = Principal.objects.get(short_name="Falun")
    client.post(reverse("representation_give", args=[kim.pk]), {"principal": falun.pk})
    assert Representation.objects.current().get(person=kim).principal == falun
    page = client.get(reverse("person_history", args=[kim.pk])).content.decode()
    assert "Roll given: Sekreterare, Välfärdsrådet." in page
    assert "Roll avslutad: Sekreterare, Välfärdsrådet." in page
    assert "Utsedd till företrädare för Falu kommun." in page


def test_a_named_representative_records_their_principals_adoption(kim, administrator):
    from council.models import Principal
    from council.permissions import can_record_adoption
    from people.services import give_representation

    falun, mora = (
        Principal.objects.get(short_name="Falun"),
        Principal.objects.get(short_name="Mora"),
    )
    user = get_user_model().objects.create_user("kim", "kim@example.se", PASSWORD)
    kim.user = user
    kim.save()
    give_representation(person=kim, principal=falun, user=administrator)
    user = get_user_model().objects.get(pk=user.pk)
    assert can_record_adoption(user, falun) and not can_record_adoption(user, mora)


def test_a_secretary_cannot_give_roles_outside_their_forum(
    client, vfr_secretary, schnv, vfr, member
):
    # Maja is an LCHNV member; make her justerare at a VFR meeting so Vera looks after her.
    meeting = make_meeting(vfr, timezone.localdate(), status=Meeting.Status.MINUTES_DRAFT)
    meeting.justerare.add(member.person)
    client.force_login(vfr_secretary)
    url = reverse("membership_give", args=[member.person.pk])
    outside = client.post(url, {"forum": schnv.pk, "role": Role.MEMBER})
    assert outside.status_code == 400
    assert not Membership.objects.filter(person=member.person, forum=schnv).exists()
    administrator_role = client.post(url, {"forum": vfr.pk, "role": "administrator"})
    assert administrator_role.status_code == 400
    inside = client.post(url, {"forum": vfr.pk, "role": Role.MEMBER})
    assert inside.status_code == 302
    assert Membership.objects.filter(person=member.person, forum=vfr).exists()
    # Her LCHNV membership is not Vera's to end.
    lchnv_membership = Membership.objects.get(person=member.person, forum__code="LCHNV")
    response = client.post(
        reverse("membership_end", args=[member.person.pk, lchnv_membership.pk]), follow=True
    )
    assert "Du får inte göra den här ändringen." in response.content.decode()
    lchnv_membership.refresh_from_db()
    assert lchnv_membership.end_date is None


def test_a_secretary_invites_the_justerare_of_their_own_meetings_only(
    client, vfr_secretary, vfr, kim, reference
):
    stranger = Person.objects.create(name="Främling")
    meeting = make_meeting(vfr, timezone.localdate(), status=Meeting.Status.MINUTES_DRAFT)
    meeting.justerare.add(kim)
    client.force_login(vfr_secretary)
    ok = client.post(reverse("person_invite", args=[kim.pk]), {"email": "kim@example.se"})
    assert ok.status_code == 302
    refused = client.post(reverse("person_invite", args=[stranger.pk]), {"email": "f@example.se"})
    assert refused.status_code == 403
    assert list(Invitation.objects.values_list("person__name", flat=True)) == ["Kim Justerare"]


def test_a_new_invitation_makes_the_earlier_link_useless(client, administrator, kim):
    invite(client, administrator, kim, email="kim@exmaple.se")  # mistyped
    wrong = invitation_link("kim@exmaple.se")
    invite(client, administrator, kim, email="kim@example.se")
    assert client.get(wrong).status_code == 404
    right = invitation_link("kim@example.se")
    client.post(right, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    kim.refresh_from_db()
    assert kim.user.email == "kim@example.se"


def test_an_address_taken_by_someone_else_is_refused(client, administrator, kim, member):
    response = invite(client, administrator, kim, email="maja@example.se")
    assert response.status_code == 400
    assert "tillhör någon annan i registret" in response.content.decode()
    assert not Invitation.objects.exists()


def test_password_reset_by_e_mail_with_djangos_views(client, member):
    page = client.get(reverse("password_reset")).content.decode()
    assert "Glömt lösenord" in page
    response = client.post(reverse("password_reset"), {"email": "maja@example.se"})
    assert response.status_code == 302
    message = OutboxMessage.objects.get(kind="password_reset")
    assert message.subject == "Nytt lösenord till beslutsregistret för RSS Dalarna"
    link = re.search(r"https?://[^/\s]+(/losenord/nytt/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Välj ett nytt lösenord" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Ditt nya lösenord är sparat." in done.content.decode()
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    # An unknown address says the same and sends nothing.
    client.post(reverse("password_reset"), {"email": "okand@example.se"})
    assert OutboxMessage.objects.filter(kind="password_reset").count() == 1


def test_password_change_in_swedish(client, member):
    client.force_login(member)
    page = client.get(reverse("password_change")).content.decode()
    assert "Byt lösenord" in page and "Gammalt lösenord" in page
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Lösenordet är bytt" in response.content.decode()


def test_each_person_chooses_their_e_mail(client, member):
    client.force_login(member)
    page = client.get(reverse("account")).content.decode()
    assert "Protokoll som skickas till mig för justering" in page
    client.post(reverse("account"), {"wanted": ["notice", "recommendation"]})
    member.person.refresh_from_db()
    assert not member.person.wants("justering_requested")
    assert member.person.wants("notice")
    assert member.person.history.first().history_user == member


def test_an_administrator_corrects_a_person_and_a_stale_form_overwrites_nothing(
    client, administrator, member
):
    from people.services import person_stamp

    person = member.person
    url = reverse("person_edit", args=[person.pk])
    client.force_login(administrator)
    page = client.get(url).content.decode()
    assert f'value="{person_stamp(person)}"' in page
    stale = person_stamp(person)

    response = client.post(
        url,
        {"name": "Maja Berg", "title": "Socialchef", "email": "maja.berg@falun.se", "stamp": stale},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.title, person.email) == (
        "Maja Berg",
        "Socialchef",
        "maja.berg@falun.se",
    )
    assert person.history.first().history_user == administrator

    # A second form opened before that save is refused, and keeps what was typed.
    response = client.post(url, {"name": "Maja Andersson", "stamp": stale})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Någon annan ändrade personen medan du skrev" in page and "Maja Berg" in page
    assert 'value="Maja Andersson"' in page
    person.refresh_from_db()
    assert person.name == "Maja Berg"


def test_an_account_made_outside_the_app_becomes_a_person_from_my_account(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("account")).content.decode()
    assert "Din inloggning är ännu ingen person i registret" in page

    response = client.post(reverse("account"), {"name": "Ada Admin", "email": "ada@example.se"})

    assert response.status_code == 302
    person = Person.objects.get(user=administrator)
    assert (person.name, person.email) == ("Ada Admin", "ada@example.se")
    assert person.history.first().history_user == administrator
    assert "E-post som jag vill få" in client.get(reverse("account")).content.decode()


def test_every_field_of_a_persons_page_has_an_id_of_its_own(client, administrator, member):
    import collections

    import lxml.html

    client.force_login(administrator)
    page = client.get(reverse("person_detail", args=[member.person.pk])).content.decode()

    ids = [el.get("id") for el in lxml.html.fromstring(page).iter() if el.get("id")]
    assert [i for i, n in collections.Counter(ids).items() if n > 1] == []


def test_the_people_list_names_representatives_of_principals(client, administrator, member):
    from council.models import Principal, Representation

    Representation.objects.create(
        person=member.person, principal=Principal.objects.get(short_name="Mora")
    )
    client.force_login(administrator)

    page = client.get(reverse("people_list")).content.decode()

    assert "Företrädare för Mora kommun" in page
