"""A member searches for tillnyktring, opens the agreement and follows its chain to 2021."""

from agreements.demo import load_demo_data


def test_member_follows_the_tn_platser_chain(live_server, page):
    load_demo_data()

    page.goto(live_server.url + "/")
    page.get_by_label("Sök beslut").fill("tillnyktring")
    page.get_by_role("button", name="Sök").click()

    page.get_by_role("status").filter(has_text="beslut").wait_for()
    assert "tillnyktring" in page.locator("main").inner_text().lower()
    page.get_by_role("link", name="TN-platser", exact=True).first.click()

    page.get_by_role(
        "heading", name="Förlängt avtal om tillnyktringsverksamhet (TN-platser)"
    ).wait_for()
    main = page.locator("main").inner_text()
    assert "30 november 2021" in main  # valid until
    assert "Utvärdering senast" in main
    # The chain runs VFR 2020 → Chefsnätverket 2020 → Länschefsnätverket 2021.
    assert main.index("11 mars 2020") < main.index("8 maj 2020") < main.index("16 april 2021")
    assert page.locator("figure svg").count() >= 1

    page.get_by_role(
        "link", name="p. 9 Fortsatt samverkan kring tillnyktringsverksamheten i Dalarna"
    ).click()
    page.wait_for_url("**/moten/**#p9")
    item = page.locator("#p9").inner_text()
    assert "Länschefsnätverket beslutade" in item
    assert "att inte föreslå ett nytt samverkansavtal avseende tillnyktringsplatserna" in item
