"""Falun's representative records Falun's decision; a changed text is caught, not assumed."""

import datetime
import io
from pathlib import Path

from pypdf import PdfReader

from agreements.models import PrincipalDecision
from agreements.services import open_adoptions
from council.history import changes_by, system_user
from tests.conftest import PASSWORD
from tests.factories import make_decision, make_item, make_meeting

CLAUSE = (
    "att rekommendera kommunerna och regionen att anta den reviderade överenskommelsen "
    "om samverkan vid utskrivning (SUS), daterad 2020-05-08."
)


def test_representative_records_a_changed_adoption_and_prints_the_minutes(
    live_server, page, vfr, member
):
    meeting = make_meeting(vfr, datetime.date(2020, 6, 17), place="Skype")
    item = make_item(meeting, "4", "Nytt avtal om SUS")
    recommendation = make_decision(item, CLAUSE, kind="recommended", requires_identical=True)
    with changes_by(system_user()):
        open_adoptions(recommendation=recommendation)

    page.goto(live_server.url + "/logga-in/?next=/huvudman/falun/")
    page.get_by_label("Användarnamn").fill("maja")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/huvudman/falun/")

    page.get_by_role("link", name="Registrera beslutet").click()
    page.get_by_role("heading", name="Huvudmännens antagande").wait_for()
    page.get_by_role("link", name="Registrera Falu kommun").click()

    page.get_by_label("Antaget", exact=True).check()
    page.get_by_label("Beslutsdatum").fill("2020-09-28")
    page.get_by_label("Beslutande organ").fill("Kommunfullmäktige")
    page.get_by_label("Referens").fill("KF § 112")
    page.get_by_label("Antagen text").fill(
        "att anta den reviderade överenskommelsen om samverkan vid utskrivning (SUS)."
    )
    page.get_by_role("button", name="Spara beslutet").click()

    page.get_by_text("Beslutet för Falu kommun har registrerats.").wait_for()
    row = page.locator("tr#falun")
    assert "Avviker från rekommendationen – inte likalydande" in row.inner_text()
    assert row.locator("del").inner_text() == ", daterad 2020-05-08"
    assert "Lydelsen i 1 antagande behöver kontrolleras" in page.locator("main").inner_text()
    saved = PrincipalDecision.objects.get(recommendation=recommendation, principal__slug="falun")
    assert (saved.status, saved.reference) == ("adopted", "KF § 112")

    # The minutes of the recommending meeting print and download as a PDF.
    page.goto(f"{live_server.url}/moten/{meeting.pk}/")
    page.get_by_role("link", name="Utskriftsvänliga minnesanteckningar").click()
    page.get_by_role("heading", name="Välfärdsrådet").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Ladda ner som PDF").click()
    download = download_info.value
    assert download.suggested_filename == "minnesanteckningar-vfr-2020-06-17.pdf"
    pdf = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Välfärdsrådet beslutade:" in text
    assert CLAUSE in text
