"""RSS staff go from the start page to a seed meeting, log in and open it in the administration."""

from django.contrib.auth import get_user_model

from tests.conftest import PASSWORD
from tools.demo import load_demo_data


def test_from_home_page_to_the_decisions_of_a_seed_meeting(live_server, page):
    load_demo_data()
    get_user_model().objects.create_superuser("ada", "ada@example.se", PASSWORD)

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Beslutsregistret"
    page.get_by_role("link", name="Länschefsnätverket 16 april 2021").click()
    page.get_by_text("Länschefsnätverket beslutade").first.wait_for()

    page.get_by_role("link", name="Logga in").click()
    page.get_by_label("Användarnamn").fill("ada")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    page.get_by_role("link", name="Visa i administrationen").click()
    page.get_by_text("Länschefsnätverket beslutade").first.wait_for()
    body = page.locator("body").inner_text()
    # Shown, not changed there: the minutes editor is the one way to change them.
    assert "Visa möte" in body
    assert "Öppna i minnesanteckningsverktyget" in body
    assert "9. Fortsatt samverkan kring tillnyktringsverksamheten i Dalarna" in body
    assert (
        "att inte föreslå ett nytt samverkansavtal avseende tillnyktringsplatserna i Dalarnas "
        "län mellan kommunerna och Region Dalarna."
    ) in body
    assert "Skickat vidare till annat forum → Välfärdsrådet" in body
