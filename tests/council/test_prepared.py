"""The session's user and the count beside "Att göra", built once and run for each user."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from council.backends import EmailOrUsernameBackend
from council.models import Membership, Person, Principal, Representation, Role
from council.prepared import MARKER, PreparedQueries
from meetings.models import Meeting
from register.todo import todo_count, todo_for
from tests.conftest import _user_with_role
from tests.factories import make_meeting


def test_a_statement_is_built_once_per_key_and_run_with_each_users_id(db):
    users = get_user_model().objects
    built = []

    def build(marker):
        built.append(marker)
        return users.filter(pk=marker).values_list("username")

    prepared = PreparedQueries()
    first = prepared.statement("names", build, 5)
    second = prepared.statement("names", build, 6)
    assert built == [MARKER]
    assert first[0] == second[0] and 5 in first[1] and 6 in second[1] and MARKER not in first[1]
    assert prepared.statement("nothing", lambda marker: None, 5) is None
    with pytest.raises(ValueError):
        prepared.statement("not the user", lambda marker: users.filter(pk=1), 5)


def test_the_session_user_comes_with_the_forums_and_principals_of_their_roles(member, vfr):
    falun = Principal.objects.get(short_name="Falun")
    mora = Principal.objects.get(short_name="Mora")
    Membership.objects.create(forum=vfr, person=member.person, role=Role.SECRETARY)
    Representation.objects.create(person=member.person, principal=mora)
    backend = EmailOrUsernameBackend()
    user = backend.get_user(member.pk)
    assert user == member
    assert user._secretary_forum_ids == {vfr.pk}
    # A member of LCHNV represents the principal they are of, and the one they are named for.
    assert user._adoption_principal_ids == {falun.pk, mora.pk}
    other = get_user_model().objects.create_user("olle", "olle@example.se", "x-x-x-x-x-1")
    assert backend.get_user(other.pk)._secretary_forum_ids == set()
    assert backend.get_user(10**9) is None
    other.is_active = False
    other.save()
    assert backend.get_user(other.pk) is None


def test_two_users_of_the_same_roles_get_their_own_counts(vfr, vfr_secretary):
    """One statement serves both secretaries of the forum: each is counted by their id."""
    colleague = _user_with_role("vilma", vfr, Role.SECRETARY)
    meeting = make_meeting(vfr, datetime.date(2026, 11, 4), status=Meeting.Status.IN_REVIEW)
    meeting.justerare.add(Person.objects.get(user=vfr_secretary))
    backend = EmailOrUsernameBackend()
    vera, vilma = backend.get_user(vfr_secretary.pk), backend.get_user(colleague.pk)
    # Both keep the minutes waiting for justering; Vera is also their justerare.
    assert todo_count(vera) == 2
    assert todo_count(vilma) == 1
    assert len(todo_for(vera).to_review) == 1 and not todo_for(vilma).to_review
