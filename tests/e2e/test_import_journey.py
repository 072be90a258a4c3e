"""A secretary brings in a meeting from a PDF: upload, review, correct a title, save."""

from django.contrib.auth import get_user_model

from council.models import Forum, Membership, Person, Role
from council.reference import load_reference_data
from meetings.models import Meeting
from tests.conftest import PASSWORD
from tests.imports.conftest import as_pdf, seed_text


def test_secretary_imports_minutes_from_a_pdf(live_server, page, tmp_path):
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
    page.get_by_label("Fil med minnesanteckningar").set_input_files(str(pdf))
    page.get_by_role("button", name="Läs in filen").click()

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
    page.get_by_role("button", name="Spara som utkast till möte").click()

    page.get_by_text("Minnesanteckningarna importerades som utkast.").wait_for()
    main = page.locator("main").inner_text()
    assert "Redovisning av utvärdering av avtal om tillnyktringsplatser (TN-platser)" in main
    assert "att rekommendera Länsnätverket för förvaltningschefer" in main
    meeting = Meeting.objects.get()
    assert page.url.endswith(f"/moten/{meeting.pk}/")
    assert meeting.status == Meeting.Status.MINUTES_DRAFT
    assert meeting.items.get(number="5").title.endswith("(TN-platser)")
    # Well inside the five minutes a secretary should need.


def test_the_review_shows_beside_each_field_what_the_reading_was_unsure_of(
    live_server, page, tmp_path
):
    import io

    import docx

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
    page.get_by_label("Fil med minnesanteckningar").set_input_files(str(path))
    page.get_by_role("button", name="Läs in filen").click()

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
    page.get_by_role("button", name="Spara som utkast till möte").click()
    page.get_by_text("Minnesanteckningarna importerades som utkast.").wait_for()
    meeting = Meeting.objects.get()
    assert meeting.date.isoformat() == "2023-10-05"
    assert sorted(meeting.attendances.values_list("person__name", "present")) == [
        ("Anna Andersson", True),
        ("Bo Berg", False),
    ]
    assert not Person.objects.filter(name__contains="Gustav").exists()
