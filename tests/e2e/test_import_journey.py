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
