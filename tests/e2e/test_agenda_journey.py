"""An administrator drafts Välfärdsrådet's next agenda from the demo register, edits the
planned meeting, and downloads the notice as a Word file."""

from django.contrib.auth import get_user_model
from docx import Document

from meetings.models import Meeting
from tests.conftest import PASSWORD
from tools.demo import load_demo_data


def test_generate_edit_and_download_the_notice(live_server, page):
    load_demo_data()
    get_user_model().objects.create_superuser("ada", "ada@example.se", PASSWORD)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Logga in").click()
    page.get_by_label("Användarnamn").fill("ada")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    page.get_by_role("navigation", name="Huvudnavigering").get_by_role(
        "link", name="Dagordning"
    ).click()
    page.get_by_role("heading", name="Ta fram en dagordning").wait_for()
    page.get_by_role("combobox", name="Forum").select_option(label="Välfärdsrådet")
    page.get_by_label("Mötesdatum").fill("2020-06-17")
    page.get_by_role("button", name="Föreslå dagordning").click()

    page.get_by_role("heading", name="Förslag till dagordning för Välfärdsrådet").wait_for()
    proposal = page.locator("ol.agenda-proposal").inner_text()
    assert "Föregående minnesanteckningar 200311" in proposal
    assert "(SUS)" in proposal and "(TN-platser)" in proposal
    assert "rehabilitering, habilitering inklusive hjälpmedel" in proposal
    assert "Återrapportering från Länschefsnätverket" in proposal
    assert "Länschefsnätverket skickade ärendet vidare 2020-05-08" in proposal
    assert not Meeting.objects.filter(date="2020-06-17").exists()

    page.get_by_label("Starttid").fill("13:00")
    page.get_by_label("Plats").fill("Lugnet, Falun")
    page.get_by_role("button", name="Skapa mötet med denna dagordning").click()
    page.get_by_text("är planerat med den föreslagna dagordningen").wait_for()
    meeting = Meeting.objects.get(forum__code="VFR", date="2020-06-17")
    assert meeting.status == Meeting.Status.PLANNED

    # Edit the planned meeting: drop the standing report and add a free item.
    rows = page.locator("table.items tbody tr")
    standing = rows.filter(
        has=page.locator('input[value="Rapport från Styrgrupp god och nära vård"]')
    )
    standing.locator('input[type="checkbox"]').check()
    new_row = rows.filter(has_text="Ny punkt").first
    new_row.locator('input[name$="-position"]').fill("8")
    new_row.locator('input[name$="-number"]').fill("8a")
    new_row.locator('input[name$="-title"]').fill("Information om länets budget 2021")
    page.get_by_role("button", name="Spara och numrera om").click()
    page.get_by_text("Mötet sparades").first.wait_for()
    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert "Rapport från Styrgrupp god och nära vård" not in titles
    assert "Information om länets budget 2021" in titles

    # The notice, reached from the agenda page's list of planned meetings.
    page.get_by_role("navigation", name="Huvudnavigering").get_by_role(
        "link", name="Dagordning"
    ).click()
    page.get_by_role("link", name="Välfärdsrådet 2020-06-17").click()
    page.get_by_role("heading", name="Kallelse").wait_for()
    notice = page.locator("article.notice").inner_text()
    assert "Lugnet, Falun" in notice and "13.00" in notice
    assert "Information om länets budget 2021" in notice
    assert "Rapport från Styrgrupp god och nära vård" not in notice

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner Word-fil").click()
    assert download.value.suggested_filename == "kallelse-vfr-2020-06-17.docx"
    document = Document(download.value.path())
    paragraphs = [p.text for p in document.paragraphs]
    # The house style: the title and the forum head the page, the agenda follows.
    assert paragraphs[:3] == ["Kallelse", "Välfärdsrådet", "Dagordning"]
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert facts == {"Datum": "17 juni 2020", "Tid": "13.00", "Plats": "Lugnet, Falun"}
    for item in meeting.items.order_by("position"):
        assert f"{item.number}. {item.title}" in paragraphs

    page.get_by_role("button", name="Markera kallelsen som skickad").click()
    page.get_by_text("Kallelsen är markerad som skickad").wait_for()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_SENT
