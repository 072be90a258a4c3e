"""Log-in in Swedish, and repeated failures are throttled."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def fresh_lockouts(settings):
    settings.AXES_FAILURE_LIMIT = 3


def test_login_page_speaks_swedish_and_returns_to_the_page(client, member):
    page = client.get(reverse("login")).content.decode()
    assert "E-postadress eller användarnamn" in page and "Lösenord" in page
    response = client.post(
        reverse("login"), {"username": "maja", "password": PASSWORD, "next": "/beslut/"}
    )
    assert response.status_code == 302 and response["Location"] == "/beslut/"
    assert "Logga ut" in client.get("/beslut/").content.decode()


def test_wrong_password_explains_and_keeps_the_user_name(client, member):
    response = client.post(reverse("login"), {"username": "maja", "password": "fel"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "E-postadressen (eller användarnamnet) eller lösenordet är fel" in page
    assert "skiftlägeskänsliga" not in page
    assert 'value="maja"' in page
    # Each field says it is in question, and points at the summary that tells why.
    assert page.count('aria-invalid="true"') == 2
    assert page.count('aria-describedby="error-summary"') == 2


def test_repeated_failures_lock_out_that_user_name_from_that_address(client, member, vfr_secretary):
    for _ in range(3):
        client.post(reverse("login"), {"username": "maja", "password": "fel"})
    locked = client.post(reverse("login"), {"username": "maja", "password": PASSWORD})
    assert locked.status_code == 429
    assert "För många misslyckade inloggningar" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user name from the same address can still log in.
    other = client.post(reverse("login"), {"username": "vera", "password": PASSWORD})
    assert other.status_code == 302


def test_a_weak_new_password_is_told_at_the_field_it_was_typed_in(client, member):
    client.force_login(member)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )

    form = response.context["form"]
    assert form.errors.get("new_password1") and not form.errors.get("new_password2")
