"""Upload, review beside the original text, and save a draft meeting, as a secretary."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Decision, Meeting
from tests.conftest import FIXTURES, seed_truth
from tests.factories import make_decision, make_item, make_meeting
from tests.imports.conftest import as_docx, seed_text

SEEDS = FIXTURES / "seeds"


def upload(client, name="vfr-2020-03-11", data=None, filename=None):
    data = data if data is not None else (SEEDS / f"{name}.txt").read_bytes()
    file = SimpleUploadedFile(filename or f"{name}.txt", data)
    return client.post(reverse("import_upload"), {"file": file})


def review_data(response) -> dict:
    """The review form as the browser would submit it, from the rendered page's forms."""
    context = response.context
    data: dict = {}
    for group in (context["item_forms"], context["decision_forms"]):
        management = group.management_form
        for name, field in management.fields.items():
            data[f"{group.prefix}-{name}"] = management.initial.get(name, field.initial)
    forms = [context["meeting_form"], *context["item_forms"].forms]
    forms += context["decision_forms"].forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if value is None:
                value = ""
            if isinstance(value, datetime.time):
                value = value.strftime("%H:%M")
            data[form.add_prefix(name)] = value
    data["save"] = "1"
    return data


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


@pytest.mark.parametrize("url", ["import_upload", "import_review"])
def test_a_member_may_not_import(client, member, url):
    client.force_login(member)
    assert client.get(reverse(url)).status_code == 403
    assert client.post(reverse("import_upload")).status_code == 403


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
    assert 'accept=".txt,.docx,.pdf"' in page


def test_upload_shows_the_parsed_meeting_beside_the_original_text(
    client, vfr_secretary, django_assert_max_num_queries
):
    client.force_login(vfr_secretary)
    response = upload(client)
    assert response.status_code == 302
    assert response.url == reverse("import_review")

    with django_assert_max_num_queries(12):
        response = client.get(reverse("import_review"))

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
    assert not Meeting.objects.exists()


def test_saving_the_review_creates_the_draft_with_a_corrected_title(client, vfr_secretary):
    client.force_login(vfr_secretary)
    upload(client)
    response = client.get(reverse("import_review"))
    data = review_data(response)
    data[f"{item_prefix(response, '4')}-title"] = "Nytt avtal om SUS"

    response = client.post(reverse("import_review"), data)

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
    # The review is over: nothing is left to continue.
    assert client.get(reverse("import_review")).status_code == 302


def test_a_validation_error_keeps_every_correction(client, vfr_secretary):
    client.force_login(vfr_secretary)
    upload(client)
    response = client.get(reverse("import_review"))
    data = review_data(response)
    prefix = item_prefix(response, "2")
    data[f"{prefix}-title"] = "Rättad rubrik"
    data["meeting-date"] = ""

    response = client.post(reverse("import_review"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Rätta följande:" in page
    assert 'href="#id_meeting-date"' in page
    assert "Rättad rubrik" in page
    assert not Meeting.objects.exists()
    # Also after a reload the correction is still there.
    assert "Rättad rubrik" in client.get(reverse("import_review")).content.decode()


def test_a_referral_needs_its_forum(client, vfr_secretary):
    client.force_login(vfr_secretary)
    upload(client)
    response = client.get(reverse("import_review"))
    data = review_data(response)
    clause = response.context["decision_forms"].forms[0].prefix
    data[f"{clause}-kind"] = "referred"
    data[f"{clause}-referred_to"] = ""

    response = client.post(reverse("import_review"), data)

    assert response.status_code == 200
    assert "Ange vilket forum ärendet skickas vidare till." in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_same_minutes_twice_are_detected_at_upload(client, vfr_secretary):
    client.force_login(vfr_secretary)
    upload(client)
    client.post(reverse("import_review"), review_data(client.get(reverse("import_review"))))
    meeting = Meeting.objects.get()

    response = upload(client)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Minnesanteckningarna har redan importerats som mötet Välfärdsrådet 2020-03-11." in page
    assert reverse("meeting_detail", args=[meeting.pk]) in page
    assert Meeting.objects.count() == 1


def test_a_meeting_already_in_the_register_is_detected_on_save(client, vfr_secretary, vfr):
    existing = make_meeting(vfr, datetime.date(2020, 3, 11))
    client.force_login(vfr_secretary)
    upload(client, data=as_docx(seed_text("vfr-2020-03-11")), filename="vfr.docx")
    response = client.post(
        reverse("import_review"), review_data(client.get(reverse("import_review")))
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Välfärdsrådet har redan ett möte 2020-03-11 i registret." in page
    assert reverse("meeting_detail", args=[existing.pk]) in page
    assert Meeting.objects.count() == 1


def test_a_bad_file_gets_a_clear_message_and_nothing_is_kept(client, vfr_secretary):
    client.force_login(vfr_secretary)
    response = upload(client, data=b"\x00\x13junk" * 300, filename="protokoll.pdf")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Filen är ingen PDF som går att läsa." in page
    assert client.get(reverse("import_review")).status_code == 302


def test_discarding_the_import_keeps_nothing(client, vfr_secretary):
    client.force_login(vfr_secretary)
    upload(client)
    response = client.post(reverse("import_review"), {"discard": "1"})
    assert response.status_code == 302
    assert client.get(reverse("import_review")).status_code == 302
    assert not Meeting.objects.exists()


def test_minutes_of_a_forum_the_secretary_does_not_keep_cannot_be_saved(client, vfr_secretary):
    client.force_login(vfr_secretary)
    upload(client, "schnv-2022-09-23")
    response = client.get(reverse("import_review"))
    assert "som du inte för minnesanteckningar för" in response.content.decode()

    response = client.post(reverse("import_review"), review_data(response))

    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_an_administrator_imports_any_forum(client, administrator):
    client.force_login(administrator)
    upload(client, "schnv-2022-09-23")
    response = client.post(
        reverse("import_review"), review_data(client.get(reverse("import_review")))
    )
    assert response.status_code == 302
    assert Meeting.objects.get().forum.code == "SCHNV"


def test_a_named_earlier_meeting_is_offered_as_the_decision_answered(
    client, schnv_secretary, lchnv, django_assert_max_num_queries
):
    earlier = make_meeting(lchnv, datetime.date(2022, 9, 23))
    item = make_item(earlier, "6", "Utredning om hemsjukvårdsavtalet")
    answered = make_decision(item, "att godkänna den gemensamma finansieringen.")
    client.force_login(schnv_secretary)
    upload(client, "schnv-2022-09-23")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("import_review"))
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
    response = client.post(reverse("import_review"), data)

    assert response.status_code == 302
    decision = Decision.objects.get(text__startswith="att överskjutande medel")
    assert decision.answers == answered
