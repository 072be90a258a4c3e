"""Refused and missing addresses answer in Swedish, inside the site's own layout."""

from django.contrib.auth import get_user_model
from django.urls import reverse


def test_an_unknown_address_gives_a_swedish_page_with_the_way_home(client, db):
    response = client.get("/finns-inte/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "Sidan hittades inte" in page
    assert f'href="{reverse("home")}"' in page
    assert 'href="#main"' in page  # the skip link of every page


def test_a_page_the_account_may_not_open_says_so_in_swedish(client, db):
    account = get_user_model().objects.create_user("medlem", "medlem@example.se", "x")
    client.force_login(account)

    response = client.get(reverse("import_upload"))

    page = response.content.decode()
    assert response.status_code == 403
    assert "Du har inte behörighet till sidan" in page
    assert "fråga en administratör" in page.lower()
