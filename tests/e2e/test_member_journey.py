"""A member searches the register for tillnyktring, opens the agreement and follows its chain
to 2021."""

import re

from tools.demo import load_demo_data


def test_member_follows_the_tn_platser_chain(live_server, page):
    load_demo_data()

    page.goto(live_server.url + "/")
    page.get_by_label("Sök i registret").fill("tillnyktring")
    page.locator("main").get_by_role("button", name="Sök").click()

    page.get_by_role("status").filter(has_text="träffar").wait_for()
    main = page.locator("main")
    assert "tillnyktring" in main.inner_text().lower()
    for group in ["Beslut", "Ärenden", "Överenskommelser"]:
        heading = re.compile(rf"^{group} \(\d+\)$")
        assert main.get_by_role("heading", name=heading).count() == 1, group
    main.get_by_role("link", name="TN-platser", exact=True).first.click()

    page.get_by_role(
        "heading", name="Förlängt avtal om tillnyktringsverksamhet (TN-platser)"
    ).wait_for()
    main = page.locator("main").inner_text()
    assert "30 november 2021" in main  # valid until
    assert "Utvärdering senast" in main
    # The chain runs VFR 2020 → Chefsnätverket 2020 → Länschefsnätverket 2021.
    assert main.index("11 mars 2020") < main.index("8 maj 2020") < main.index("16 april 2021")
    assert page.locator("figure svg").count() >= 1

    # The item in the list of the chain (the picture and its table link to it too).
    page.locator("ol.chain").get_by_role(
        "link", name="p. 9 Fortsatt samverkan kring tillnyktringsverksamheten i Dalarna"
    ).click()
    page.wait_for_url("**/moten/**#p9")
    item = page.locator("#p9").inner_text()
    assert "Länschefsnätverket beslutade" in item
    assert "att inte föreslå ett nytt samverkansavtal avseende tillnyktringsplatserna" in item


def test_member_reaches_the_tn_platser_history_from_the_menu_in_two_clicks(
    live_server, page, browser
):
    load_demo_data()

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Huvudnavigering").get_by_role(
        "link", name="Överenskommelser"
    ).click()
    page.get_by_role("link", name="TN-platser", exact=True).click()

    page.get_by_role(
        "heading", name="Förlängt avtal om tillnyktringsverksamhet (TN-platser)"
    ).wait_for()
    main = page.locator("main").inner_text()
    assert "upphörde 30 november 2021" in main
    # The picture says what its colours and lanes are.
    legend = page.locator("figure figcaption").first.inner_text()
    assert "Skickat vidare till annat forum" in legend and "Godkänt" in legend
    assert "LCHNV: Länschefsnätverket" in legend
    # The table beside it has the same facts, every decision's kind in words.
    table = page.get_by_role("table", name="Ärendet genom forumen, i en tabell").inner_text()
    assert "Avslaget" in table and "Väntar på Välfärdsrådet" in table
    chain = page.locator("ol.chain").inner_text()
    assert chain.index("11 mars 2020") < chain.index("8 maj 2020") < chain.index("16 april 2021")
    assert "att inte föreslå ett nytt samverkansavtal" in chain
    assert "Senare ändringar" in main

    # The earlier agreement is a click away, and names this one as its successor.
    page.get_by_role("link", name="TN-platser 2017").click()
    page.get_by_text("Ersatt av").wait_for()
    assert page.get_by_role("link", name="TN-platser", exact=True).count() >= 1

    # On a phone the picture keeps readable labels and scrolls sideways.
    phone = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    try:
        small = phone.new_page()
        small.goto(page.url)
        figure = small.locator("section[aria-labelledby=chain-picture] figure")
        widths = figure.evaluate("f => [f.scrollWidth, f.clientWidth]")
        svg_width = figure.locator("svg").evaluate("s => s.getBoundingClientRect().width")
        assert widths[0] > widths[1] and svg_width >= 390
    finally:
        phone.close()


def test_member_finds_a_meeting_and_a_case_from_the_menu_in_two_clicks(live_server, page):
    load_demo_data()
    navigation = page.get_by_role("navigation", name="Huvudnavigering")

    page.goto(live_server.url + "/")
    navigation.get_by_role("link", name="Möten").click()
    page.get_by_role("heading", name="Tidigare möten").wait_for()
    # The minutes of May 2020 under the name the forum had then.
    page.get_by_role("link", name="8 maj 2020").click()
    page.get_by_role("heading", name="Länsnätverket för förvaltningschefer").wait_for()
    assert "Heter numera Länschefsnätverket" in page.locator("main").inner_text()

    navigation.get_by_role("link", name="Ärenden").click()
    page.get_by_label("Rubrik eller diarienummer").fill("tillnyktring")
    page.get_by_role("button", name="Filtrera").click()
    page.get_by_role("status").filter(has_text="1 ärende").wait_for()
    page.get_by_role("link", name="Tillnyktringsplatser (TN-platser)").click()
    page.get_by_role("heading", name="Tillnyktringsplatser (TN-platser)").wait_for()
    assert page.locator("figure svg").count() >= 1
