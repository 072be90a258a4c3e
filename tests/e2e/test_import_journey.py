"""A secretary brings in minutes: a PDF, a Word file, a zip of several, read by the real
background worker, reviewed beside the original text and saved with their chain links."""

import io
import zipfile

from django.contrib.auth import get_user_model

from council.models import Forum, Membership, Person, Role
from council.reference import load_reference_data
from meetings.models import Meeting
from tests.conftest import PASSWORD
from tests.imports.conftest import as_pdf, seed_text
from tools.benchdata import as_docx


def read_and_open_the_review(page) -> None:
    """On the batch page: wait for the worker, then open the first minutes to review."""
    page.get_by_role("heading", name="Importerade minnesanteckningar").wait_for()
    page.get_by_text("Alla dokument är lästa.").wait_for(timeout=60_000)
    page.get_by_role("button", name="Granska minnesanteckningarna, de tidigaste först").click()


def test_secretary_imports_minutes_from_a_pdf(live_server, page, tmp_path, start_worker):
    start_worker()
    load_reference_data()
    user = get_user_model().objects.create_user("vera", "vera@example.se", PASSWORD)
    person = Person.objects.create(name="Vera Sekreterare", user=user)
    Membership.objects.create(
        forum=Forum.objects.get(code="VFR"), person=person, role=Role.SECRETARY
    )
    pdf = tmp_path / "Minnesanteckningar VFR 2020-03-11.pdf"
    pdf.write_bytes(as_pdf(seed_text("vfr-2020-03-11")))

    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("vera")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    page.get_by_role("link", name="Importera").click()
    page.get_by_role("heading", name="Importera minnesanteckningar").wait_for()
    page.get_by_label("Filer med minnesanteckningar").set_input_files(str(pdf))
    page.get_by_role("button", name="Läs in filerna").click()
    read_and_open_the_review(page)

    page.get_by_role("heading", name="Granska importen").wait_for()
    assert page.get_by_label("Forum").first.input_value() == str(Forum.objects.get(code="VFR").pk)
    assert page.get_by_label("Datum", exact=True).input_value() == "2020-03-11"
    assert "Ulf Börjesson redogjorde vidare" in page.locator("aside.original").inner_text()
    item = page.locator("fieldset.import-item", has_text="Punkt 5")
    title = item.get_by_label("Punktens rubrik")
    assert title.input_value() == (
        "Redovisning av utvärdering av avtal om tillnyktringsplatser (TN-platser"
    )
    title.fill("Redovisning av utvärdering av avtal om tillnyktringsplatser (TN-platser)")
    # These minutes are to go through justering in the register: not published at once.
    published = page.get_by_label("Minnesanteckningarna justerades innan de kom in i registret")
    assert published.is_checked()
    published.uncheck()
    page.get_by_role("button", name="Spara och öppna mötet").click()

    page.get_by_text("importerades som utkast.").wait_for()
    main = page.locator("main").inner_text()
    assert "Redovisning av utvärdering av avtal om tillnyktringsplatser (TN-platser)" in main
    assert "att rekommendera Länsnätverket för förvaltningschefer" in main
    meeting = Meeting.objects.get()
    assert page.url.endswith(f"/moten/{meeting.pk}/")
    assert meeting.status == Meeting.Status.MINUTES_DRAFT
    assert meeting.items.get(number="5").title.endswith("(TN-platser)")
    # Well inside the five minutes a secretary should need.


def test_the_review_shows_beside_each_field_what_the_reading_was_unsure_of(
    live_server, page, tmp_path, start_worker
):
    import docx

    start_worker()
    load_reference_data()
    user = get_user_model().objects.create_user("vera", "vera@example.se", PASSWORD)
    person = Person.objects.create(name="Vera Sekreterare", user=user)
    Membership.objects.create(
        forum=Forum.objects.get(code="VFR"), person=person, role=Role.SECRETARY
    )
    document = docx.Document()
    for paragraph in [
        "Minnesanteckningar Välfärdsrådet 231005",
        "Datum: 6 oktober 2023",
        "Tid: 13.00–15.00",
        "Närvarande (* = frånvarande): Anna Andersson, Avesta, Bo Berg*, Borlänge",
        "Gustav Grön Helena Hed Ivar Isaksson",
        "1. Mötets öppnande",
        "2. Överenskommelse om hemsjukvård",
        "Välfärdsrådet beslutade",
        "att rekommendera kommunerna och regionen att anta överenskommelsen.",
    ]:
        document.add_paragraph(paragraph)
    path = tmp_path / "vfr-231005.docx"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())

    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("vera")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Importera").click()
    page.get_by_label("Filer med minnesanteckningar").set_input_files(str(path))
    page.get_by_role("button", name="Läs in filerna").click()
    read_and_open_the_review(page)

    page.get_by_role("heading", name="Granska importen").wait_for()
    meeting_fields = page.locator("fieldset").first
    conflict = meeting_fields.locator(".item-warning", has_text="mer än ett datum")
    assert "2023-10-05" in conflict.inner_text() and "2023-10-06" in conflict.inner_text()
    doubtful = meeting_fields.locator(".item-warning", has_text="ser inte ut som namn")
    assert "Gustav Grön Helena Hed Ivar Isaksson" in doubtful.inner_text()
    attendance = page.locator("#id_meeting-attendance").input_value()
    assert attendance.splitlines() == ["Anna Andersson, Avesta", "Bo Berg, Borlänge (frånvarande)"]
    page.screenshot(path=str(tmp_path / "granska.png"), full_page=True)

    page.get_by_label("Datum", exact=True).fill("2023-10-05")
    page.get_by_role("button", name="Spara och öppna mötet").click()
    page.get_by_text("importerades och publicerades som justerade tidigare.").wait_for()
    meeting = Meeting.objects.get()
    assert meeting.date.isoformat() == "2023-10-05"
    assert sorted(meeting.attendances.values_list("person__name", "present")) == [
        ("Anna Andersson", True),
        ("Bo Berg", False),
    ]
    assert not Person.objects.filter(name__contains="Gustav").exists()


def test_a_zip_of_two_forums_is_read_reviewed_and_linked_into_a_case(
    live_server, page, tmp_path, start_worker
):
    load_reference_data()
    user = get_user_model().objects.create_user("vera", "vera@example.se", PASSWORD)
    person = Person.objects.create(name="Vera Sekreterare", user=user)
    for code in ("VFR", "LCHNV"):
        Membership.objects.create(
            forum=Forum.objects.get(code=code), person=person, role=Role.SECRETARY
        )
    archive = tmp_path / "Minnesanteckningar 2020.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        # In the archive the later meeting comes first; it is reviewed second.
        z.writestr("LCHNV 2020-05-08.docx", as_docx(seed_text("chnv-2020-05-08")))
        z.writestr("VFR 2020-03-11.txt", seed_text("vfr-2020-03-11"))
        z.writestr("Bild.png", b"\x89PNG")
    archive.write_bytes(buffer.getvalue())

    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("vera")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Importera").click()
    page.get_by_label("Filer med minnesanteckningar").set_input_files(str(archive))
    # The worker is started only now, so that the page is seen while it waits.
    page.get_by_role("button", name="Läs in filerna").click()
    page.get_by_role("heading", name="Importerade minnesanteckningar").wait_for()
    status = page.locator("#batch-summary")
    assert "läses i bakgrunden: 2 återstår" in status.inner_text()
    assert page.locator("[data-count='queued']").inner_text() == "2"
    png = page.locator("tr", has_text="Bild.png")
    assert "Avvisad" in png.inner_text() and "Bara textfiler" in png.inner_text()
    start_worker()
    # The page follows the worker by itself, without a reload.
    page.get_by_text("Alla dokument är lästa.").wait_for(timeout=60_000)
    assert page.locator("[data-count='parsed']").inner_text() == "2"
    row = page.locator("tr", has_text="LCHNV 2020-05-08.docx")
    assert "Läst, att granska" in row.inner_text() and "Länschefsnätverket" in row.inner_text()
    page.screenshot(path=str(tmp_path / "omgang.png"), full_page=True)

    page.get_by_role("button", name="Granska minnesanteckningarna, de tidigaste först").click()
    assert "Minnesanteckningar 1 av 2 i omgången" in page.locator("main").inner_text()
    assert page.get_by_label("Datum", exact=True).input_value() == "2020-03-11"
    page.get_by_role("button", name="Spara och granska nästa").click()

    page.get_by_text("Minnesanteckningar 2 av 2 i omgången").wait_for()
    assert page.get_by_label("Datum", exact=True).input_value() == "2020-05-08"
    item = page.locator("fieldset.import-item", has_text="Punkt 8")
    links = item.locator("fieldset.link-proposals")
    answer = links.get_by_label("besvarar Välfärdsrådet 2020-03-11 p. 5")
    case = links.get_by_label("samma ärende som Välfärdsrådet 2020-03-11 p. 5")
    assert "nämner Välfärdsrådets möte 2020-03-11" in links.inner_text()
    assert not answer.is_checked()
    answer.check()
    case.check()
    page.screenshot(path=str(tmp_path / "lankar.png"), full_page=True)
    page.get_by_role("button", name="Spara och gå tillbaka till omgången").click()

    page.get_by_role("heading", name="Importerade minnesanteckningar").wait_for()
    assert page.locator("[data-count='saved']").inner_text() == "2"
    page.get_by_role("link", name="Länschefsnätverket 2020-05-08").click()
    page.locator(".case-link a").first.click()
    page.wait_for_url("**/arenden/*/")
    page.screenshot(path=str(tmp_path / "arende.png"), full_page=True)
    main = page.locator("main").inner_text()
    assert "Välfärdsrådet" in main and "Länschefsnätverket" in main
    assert "att godkänna redovisningen." in main
    meeting = Meeting.objects.get(forum__code="LCHNV")
    clause = meeting.items.get(number="8").decisions.order_by("position").first()
    assert clause.answers.item.meeting.forum.code == "VFR"
    assert clause.answers.item.number == "5"
    assert meeting.items.get(number="8").case.items.count() == 2
