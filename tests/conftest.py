"""The shared cast: anonymous, member, secretary of VFR, secretary of SCHNV, administrator."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from council.models import Forum, Membership, Person, Principal, Role
from council.reference import load_reference_data

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_NAMES = ["vfr-2020-03-11", "chnv-2020-05-08", "lchnv-2021-04-16", "schnv-2022-09-23"]
PASSWORD = "rätt-hemligt-lösenord-42"


def seed_truth(name: str) -> dict:
    return json.loads((FIXTURES / "seeds" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def reference(db):
    load_reference_data()


@pytest.fixture
def vfr(reference) -> Forum:
    return Forum.objects.get(code="VFR")


@pytest.fixture
def lchnv(reference) -> Forum:
    return Forum.objects.get(code="LCHNV")


@pytest.fixture
def schnv(reference) -> Forum:
    return Forum.objects.get(code="SCHNV")


def _user_with_role(username: str, forum: Forum, role: str, principal: Principal | None = None):
    user = get_user_model().objects.create_user(username, f"{username}@example.se", PASSWORD)
    person = Person.objects.create(name=username.title(), user=user, principal=principal)
    Membership.objects.create(forum=forum, person=person, role=role, principal=principal)
    return user


@pytest.fixture
def member(lchnv):
    return _user_with_role("maja", lchnv, Role.MEMBER, Principal.objects.get(short_name="Falun"))


@pytest.fixture
def vfr_secretary(vfr):
    return _user_with_role("vera", vfr, Role.SECRETARY)


@pytest.fixture
def schnv_secretary(schnv):
    return _user_with_role("sixten", schnv, Role.SECRETARY)


@pytest.fixture
def administrator(reference):
    return get_user_model().objects.create_superuser("ada", "ada@example.se", PASSWORD)
