"""Upload, follow the batch, review beside the original text and save, as a secretary."""

import datetime

import pytest
from django.urls import reverse

from imports.models import ImportBatch, ImportDocument
from meetings.models import Decision, Meeting
from tests.conftest import FIXTURES, seed_truth
from tests.factories import make_decision, make_item, make_meeting
from tests.imports.conftest import review_data, seed_text, upload_files
from tools.benchdata import as_docx

SEEDS = FIXTURES / "seeds"


@pytest.fixture
def upload(client, immediate_tasks):
    """Upload seed minutes (or other files) as one batch; the response."""

    def send(*names, files=None):
        files = files or [(f"{n}.txt", (SEEDS / f"{n}.txt").read_bytes()) for n in names]
        return upload_files(immediate_tasks, client, files)

    return send


def only_document() -> ImportDocument:
    return ImportDocument.objects.get()


def review_url(document=None) -> str:
    return reverse("import_document", args=[(document or only_document()).pk])


def item_prefix(response, number: str) -> str:
    for form in response.context["item_forms"].forms:
        if form["number"].value() == number:
            return form.prefix
    raise AssertionError(number)


@pytest.mark.parametrize("url", ["import_upload", "import_review"])
def test_anonymous_is_sent_to_log_in(client, reference, url):
    response = client.get(reverse(url))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_member_may_not_import(client, member, vfr_secretary, upload):
    client.force_login(vfr_secretary)
    upload("vfr-2020-03-11")
    document = only_document()
    client.force_login(member)
    assert client.get(reverse("import_upload")).status_code == 403
    assert client.post(reverse("import_upload")).status_code == 403
    assert client.get(reverse("import_batch", args=[document.batch_id])).status_code == 403
    assert client.get(review_url(document)).status_code == 403


def test_another_secretary_does_not_see_the_batch(client, vfr_secretary, schnv_secretary, upload):
    client.force_login(vfr_secretary)
    upload("vfr-2020-03-11")
    client.force_login(schnv_secretary)
    batch = ImportBatch.objects.get()
    assert client.get(reverse("import_batch", args=[batch.pk])).status_code == 404
    assert client.get(review_url()).status_code == 403


def test_the_navigation_offers_import_to_secretaries_only(client, member, vfr_secretary):
    client.force_login(member)
    assert "Importera" not in client.get(reverse("home")).content.decode()
    client.force_login(vfr_secretary)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("import_upload")}"' in page
    assert ">Importera<" in page


def test_a_secretary_sees_the_upload_page(client, vfr_secretary, django_assert_max_num_queries):
    client.force_login(vfr_secretary)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("import_upload"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Importera minnesanteckningar" in page
    assert 'accept=".txt,.docx,.pdf,.zip"' in page
    assert " multiple" in page


def test_an_upload_without_files_is_refused_in_swedish(client, vfr_secretary):
    client.force_login(vfr_secretary)
    response = client.post(reverse("import_upload"), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Filerna kunde inte importeras" in page
    assert "Välj minst en fil att läsa in." in page
    assert 'aria-invalid="true"' in page
    assert not ImportBatch.objects.exists()


def test_the_batch_page_shows_what_was_read(
    client, vfr_secretary, upload, django_assert_max_num_queries
):
    client.force_login(vfr_secretary)
    response = upload("vfr-2020-03-11")
    document = only_document()
    assert response.status_code == 302
    assert response.url == reverse("import_batch", args=[document.batch_id])

    with django_assert_max_num_queries(12):
        page = client.get(response.url).content.decode()

    assert "Importerade minnesanteckningar" in page
    assert "vfr-2020-03-11.txt" in page
    assert "Läst, att granska" in page
    assert "Välfärdsrådet" in page
    assert f'<a href="{review_url(document)}">vfr-2020-03-11.txt</a>' in page
    truth = seed_truth("vfr-2020-03-11")
    assert (document.items, document.clauses) == (
        len(truth["items"]),
        sum(len(i["decisions"]) for i in truth["items"]),
    )
    # The upload page lists the batch.
    assert (
        reverse("import_batch", args=[document.batch_id])
        in client.get(reverse("import_upload")).content.decode()
    )


def test_the_progress_of_a_batch_as_json(client, vfr_secretary, upload):
    client.force_login(vfr_secretary)
    upload(files=[("a.txt", seed_text("vfr-2020-03-11").encode()), ("b.exe", b"MZ")])
    batch = ImportBatch.objects.get()

    data = client.get(reverse("import_batch", args=[batch.pk]), {"format": "json"}).json()

    assert data["waiting"] == 0
    assert data["counts"]["parsed"] == 1
    assert data["counts"]["refused"] == 1
    by_name = {d["name"]: d for d in data["documents"]}
    assert by_name["a.txt"]["status_label"] == "Läst, att granska"
    assert by_name["a.txt"]["review"] == review_url(ImportDocument.objects.get(name="a.txt"))
    assert by_name["b.exe"]["message"].startswith("Bara textfiler (.txt), Word-dokument")


def test_the_review_shows_the_parsed_meeting_beside_the_original_text(
    client, vfr_secretary, upload, django_assert_max_num_queries
):
    client.force_login(vfr_secretary)
    upload("vfr-2020-03-11")

    url = review_url()
    with django_assert_max_num_queries(20):
        response = client.get(url)

    page = response.content.decode()
    assert "Granska importen" in page
    assert "Redovisning fortsatt strategi mot en god och nära vård" in page
    assert "Ulf Börjesson, Annica Lusth" in page
    assert "Originaltexten" in page
    assert "Sune \nHemmingsson" not in page  # the original is shown normalised
    assert "Ulf Börjesson redogjorde vidare" in page
    assert response.context["meeting_form"]["date"].value() == "2020-03-11"
    # Each item links to where it starts in the original text.
    assert 'href="#original-2"' in page
    assert '<span id="original-2">3. Redovisning fortsatt strategi' in page
    assert "Minnesanteckningar 1 av 1 i omgången" in page
    assert "Granska importen: Välfärdsrådet 2020-03-11" in page
    assert not Meeting.objects.exists()


def test_saving_the_review_creates_the_draft_with_a_corrected_title(client, vfr_secretary, upload):
    client.force_login(vfr_secretary)
    upload("vfr-2020-03-11")
    response = client.get(review_url())
    data = review_data(response)
    data[f"{item_prefix(response, '4')}-title"] = "Nytt avtal om SUS"

    response = client.post(review_url(), data)

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("meeting_detail", args=[meeting.pk])
    assert meeting.status == Meeting.Status.MINUTES_DRAFT
    assert meeting.history.earliest().history_user == vfr_secretary
    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    truth = [i["title"] for i in seed_truth("vfr-2020-03-11")["items"]]
    assert titles == truth[:3] + ["Nytt avtal om SUS"] + truth[4:]
    kinds = list(
        Decision.objects.filter(item__meeting=meeting)
        .order_by("item__position", "position")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        d["kind"] for i in seed_truth("vfr-2020-03-11")["items"] for d in i["decisions"]
    ]
    presenter = meeting.items.get(number="4").presenters.get()
    assert (presenter.name, presenter.title) == (
        "Hans Liljeberg",
        "Områdessamordnare Region Dalarna",
    )
    page = client.get(response.url).content.decode()
    assert "Nytt avtal om SUS" in page
    assert "importerades som utkast" in page
    document = only_document()
    assert (document.status, document.meeting) == ("saved", meeting)
    assert bytes(document.data) == b""
    # The review is over: its page sends back to the batch.
    response = client.get(review_url())
    assert response.url == reverse("import_batch", args=[document.batch_id])
    # Sending the same form again saves nothing twice.
    assert client.post(review_url(), data).status_code == 302
    assert Meeting.objects.count() == 1


def test_a_validation_error_keeps_every_correction(client, vfr_secretary, upload):
    client.force_login(vfr_secretary)
    upload("vfr-2020-03-11")
    response = client.get(review_url())
    data = review_data(response)
    prefix = item_prefix(response, "2")
    data[f"{prefix}-title"] = "Rättad rubrik"
    data["meeting-date"] = ""

    response = client.post(review_url(), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Rätta följande och spara igen:" in page
    assert 'href="#id_meeting-date"' in page
    assert "Rättad rubrik" in page
    assert not Meeting.objects.exists()
    # Also after a reload the correction is still there.
    assert "Rättad rubrik" in client.get(review_url()).content.decode()


def test_a_referral_needs_its_forum(client, vfr_secretary, upload):
    client.force_login(vfr_secretary)
    upload("vfr-2020-03-11")
    response = client.get(review_url())
    data = review_data(response)
    clause = response.context["decision_forms"].forms[0].prefix
    data[f"{clause}-kind"] = "referred"
    data[f"{clause}-referred_to"] = ""

    response = client.post(review_url(), data)

    assert response.status_code == 200
    assert "Ange vilket forum ärendet skickas vidare till." in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_same_minutes_twice_are_reported_as_a_duplicate(client, vfr_secretary, upload):
    client.force_login(vfr_secretary)
    upload("vfr-2020-03-11")
    client.post(review_url(), review_data(client.get(review_url())))
    meeting = Meeting.objects.get()

    response = upload("vfr-2020-03-11")

    document = ImportDocument.objects.latest("pk")
    page = client.get(response.url).content.decode()
    assert document.status == "duplicate"
    assert document.duplicate_of == meeting
    assert "Dubblett" in page
    assert "Minnesanteckningarna har redan importerats som mötet Välfärdsrådet 2020-03-11." in page
    assert reverse("meeting_detail", args=[meeting.pk]) in page
    assert Meeting.objects.count() == 1


def test_a_meeting_already_in_the_register_is_found_when_read(client, vfr_secretary, vfr, upload):
    existing = make_meeting(vfr, datetime.date(2020, 3, 11))
    client.force_login(vfr_secretary)

    upload(files=[("vfr.docx", as_docx(seed_text("vfr-2020-03-11")))])

    document = only_document()
    assert (document.status, document.duplicate_of) == ("duplicate", existing)
    assert "Välfärdsrådet har redan ett möte 2020-03-11 i registret." in document.message
    assert Meeting.objects.count() == 1


def test_a_meeting_saved_meanwhile_is_refused_on_save(client, vfr_secretary, vfr, upload):
    client.force_login(vfr_secretary)
    upload("vfr-2020-03-11")
    data = review_data(client.get(review_url()))
    existing = make_meeting(vfr, datetime.date(2020, 3, 11))

    response = client.post(review_url(), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Välfärdsrådet har redan ett möte 2020-03-11 i registret." in page
    assert reverse("meeting_detail", args=[existing.pk]) in page
    assert Meeting.objects.count() == 1
    assert only_document().status == "parsed"


def test_a_bad_file_is_refused_with_a_clear_message(client, vfr_secretary, upload):
    client.force_login(vfr_secretary)
    response = upload(files=[("protokoll.pdf", b"\x00\x13junk" * 300)])

    page = client.get(response.url).content.decode()
    document = only_document()
    assert document.status == "refused"
    assert "Filen är ingen PDF som går att läsa." in page
    assert bytes(document.data) == b""
    assert not Meeting.objects.exists()


def test_leaving_the_minutes_out_keeps_nothing_and_can_be_undone(client, vfr_secretary, upload):
    client.force_login(vfr_secretary)
    upload("vfr-2020-03-11")
    response = client.post(review_url(), {"discard": "1"})
    document = only_document()
    assert response.url == reverse("import_batch", args=[document.batch_id])
    assert document.status == "discarded"
    assert client.get(review_url()).status_code == 302
    assert not Meeting.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Ta tillbaka vfr-2020-03-11.txt för granskning" in page
    assert '<dd data-count="discarded">1</dd>' in page

    response = client.post(reverse("import_document_restore", args=[document.pk]))

    assert only_document().status == "parsed"
    page = client.get(response.url).content.decode()
    assert "finns åter bland minnesanteckningarna att granska" in page
    assert client.get(review_url()).status_code == 200


def test_minutes_saved_from_another_batch_leave_this_review(client, vfr_secretary, upload):
    client.force_login(vfr_secretary)
    upload("vfr-2020-03-11")
    upload("vfr-2020-03-11")
    first, second = ImportDocument.objects.order_by("pk")
    client.post(review_url(first), review_data(client.get(review_url(first))))

    response = client.get(review_url(second))

    second.refresh_from_db()
    assert (second.status, second.duplicate_of) == ("duplicate", Meeting.objects.get())
    assert response.url == reverse("import_batch", args=[second.batch_id])
    page = client.get(response.url, follow=True).content.decode()
    assert "har redan importerats som mötet Välfärdsrådet 2020-03-11" in page


def test_minutes_approved_long_ago_are_published_at_once(client, vfr_secretary, upload):
    from council.models import OutboxMessage

    client.force_login(vfr_secretary)
    upload("vfr-2020-03-11")
    response = client.get(review_url())
    page = response.content.decode()
    # A meeting of 2020 was approved long since: the box is ticked to begin with.
    assert 'name="published" value="1" aria-describedby="published-help" checked' in page
    data = review_data(response)
    data["published"] = "1"

    response = client.post(review_url(), data)

    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.history.latest().history_change_reason == (
        "Importerad: minnesanteckningar som justerades innan de kom in i registret"
    )
    assert meeting.history.latest().history_user == vfr_secretary
    assert not OutboxMessage.objects.exists()
    page = client.get(response.url).content.decode()
    assert "importerades och publicerades som justerade tidigare" in page
    # Members see it: anyone may read published minutes.
    client.logout()
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200


def test_every_warning_is_listed_at_the_top_with_a_link_to_its_place(client, vfr_secretary, upload):
    client.force_login(vfr_secretary)
    text = seed_text("vfr-2020-03-11").replace("att godkänna redovisningen.", "att redovisa.")
    upload(files=[("vfr.txt", text.encode())])
    response = client.get(review_url())
    page = response.content.decode()
    warnings = response.context["all_warnings"]
    assert warnings
    for anchor, place, _text in warnings:
        if anchor:
            assert f'id="{anchor}"' in page
            assert f'<a href="#{anchor}">{place}</a>' in page


def test_minutes_of_a_forum_the_secretary_does_not_keep_are_refused(client, vfr_secretary, upload):
    client.force_login(vfr_secretary)
    upload("schnv-2022-09-23")

    document = only_document()
    assert document.status == "refused"
    assert "som du inte för minnesanteckningar för" in document.message
    # Its review page sends back to the batch, which says who can import it.
    response = client.get(review_url())
    assert response.url == reverse("import_batch", args=[document.batch_id])
    page = client.get(response.url).content.decode()
    assert "Socialchefsnätverket (1)" in page
    assert "En administratör av registret kan importera dem." in page
    assert not Meeting.objects.exists()


def test_an_administrator_imports_any_forum(client, administrator, upload):
    client.force_login(administrator)
    upload("schnv-2022-09-23")
    response = client.post(review_url(), review_data(client.get(review_url())))
    assert response.status_code == 302
    assert Meeting.objects.get().forum.code == "SCHNV"


def test_a_named_earlier_meeting_is_offered_as_the_decision_answered(
    client, schnv_secretary, lchnv, upload, django_assert_max_num_queries
):
    earlier = make_meeting(lchnv, datetime.date(2022, 9, 23))
    item = make_item(earlier, "6", "Utredning om hemsjukvårdsavtalet")
    answered = make_decision(item, "att godkänna den gemensamma finansieringen.")
    client.force_login(schnv_secretary)
    upload("schnv-2022-09-23")
    url = review_url()
    with django_assert_max_num_queries(20):
        response = client.get(url)
    page = response.content.decode()
    assert "Texten nämner dessa möten i registret" in page
    assert reverse("meeting_detail", args=[earlier.pk]) in page
    assert "Länschefsnätverket 2022-09-23 p. 6: att godkänna den gemensamma" in page

    data = review_data(response)
    clause = next(
        f
        for f in response.context["decision_forms"].forms
        if f.initial.get("text", "").startswith("att överskjutande medel")
    )
    data[f"{clause.prefix}-answers"] = str(answered.pk)
    response = client.post(review_url(), data)

    assert response.status_code == 302
    decision = Decision.objects.get(text__startswith="att överskjutande medel")
    assert decision.answers == answered
