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


def fail(client, username: str, **meta):
    return client.post(reverse("login"), {"username": username, "password": "fel"}, **meta)


def test_behind_the_proxy_one_attacker_does_not_lock_a_user_name_for_everyone(
    client, member, settings
):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(3):
        fail(client, "maja", HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    attacker = fail(client, "maja", HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    assert attacker.status_code == 429
    # Maja, behind the same proxy from her own address, still logs in.
    maja = client.post(
        reverse("login"),
        {"username": "maja", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )
    assert maja.status_code == 302


def test_an_address_a_client_writes_itself_is_not_believed(client, member, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    # The attacker varies the header it sends; the proxy appends the address it saw.
    for i in range(3):
        fail(
            client,
            "maja",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 203.0.113.66",
            REMOTE_ADDR="127.0.0.1",
        )
    locked = fail(
        client, "maja", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.66", REMOTE_ADDR="127.0.0.1"
    )
    assert locked.status_code == 429
    # Without the proxy in front, a header from the client itself counts for nothing.
    settings.TRUSTED_PROXIES = []
    for i in range(3):
        fail(client, "sixten", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}", REMOTE_ADDR="198.51.100.1")
    assert fail(client, "sixten", REMOTE_ADDR="198.51.100.1").status_code == 429


def test_a_user_name_of_ten_thousand_characters_is_told_its_length(client, member):
    from axes.models import AccessAttempt

    response = fail(client, "a" * 10_000)
    assert response.status_code == 200
    assert "som mest 254 tecken" in response.content.decode()
    assert not AccessAttempt.objects.exists()
