"""The minutes editor where the trial lost time: numbering, the next item, attachments,
what a clause says about itself, and files kept across a failed save."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import AgendaItem, Attachment, Decision
from meetings.services import create_meeting
from tests.meetings.test_minutes_editing import PDF, blank_item_rows, form_data

D = datetime.date


@pytest.fixture
def meeting(vfr, vfr_secretary):
    return create_meeting(forum=vfr, date=D(2026, 11, 20), user=vfr_secretary)


def numbers(meeting) -> list[tuple[str, str]]:
    return list(meeting.items.order_by("position").values_list("number", "title"))


def test_renumbering_numbers_new_rows_left_without_number_or_place(client, vfr_secretary, meeting):
    client.force_login(vfr_secretary)
    url = reverse("meeting_edit", args=[meeting.pk])
    data = form_data(client.get(url))
    first, second = blank_item_rows(data)[:2]
    data.update({f"{first}title": "Ny punkt", f"{first}kind": "decision"})
    data.update({f"{second}title": "En till", f"{second}kind": "information"})
    data["renumber"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    assert numbers(meeting) == [
        ("1", "Mötets öppnande"),
        ("2", "Godkännande av dagordning"),
        ("3", "Ny punkt"),
        ("4", "En till"),
        ("5", "Övriga frågor"),
        ("6", "Mötets avslutande"),
    ]


def test_an_error_on_a_row_says_which_row(client, vfr_secretary, meeting):
    client.force_login(vfr_secretary)
    url = reverse("meeting_edit", args=[meeting.pk])
    data = form_data(client.get(url))
    prefix = next(k[: -len("title")] for k, v in data.items() if v == "Godkännande av dagordning")
    data[f"{prefix}number"] = ""
    new = blank_item_rows(data)[0]
    data.update({f"{new}number": "x9", f"{new}title": "Fel nummer", f"{new}kind": "decision"})
    html = client.post(url, data).content.decode()
    assert "Punkt 2, Nr: Ge punkten ett nummer, eller tryck Spara och numrera om." in html
    assert "Ny rad 1, Nr:" in html
    assert meeting.items.count() == 4


def test_removing_an_item_closes_the_gap_in_the_numbers(client, vfr_secretary, meeting):
    client.force_login(vfr_secretary)
    url = reverse("meeting_edit", args=[meeting.pk])
    data = form_data(client.get(url))
    prefix = next(k[: -len("title")] for k, v in data.items() if v == "Godkännande av dagordning")
    data[f"{prefix}DELETE"] = "on"
    response = client.post(url, data, follow=True)
    assert "Punkterna numrerades om i sin ordning." in response.content.decode()
    assert numbers(meeting) == [
        ("1", "Mötets öppnande"),
        ("2", "Övriga frågor"),
        ("3", "Mötets avslutande"),
    ]


def item_post(client, url: str, **changes) -> dict:
    data = form_data(client.get(url))
    data.update(changes)
    return data


def test_save_and_next_opens_the_next_existing_item(client, vfr_secretary, meeting):
    client.force_login(vfr_secretary)
    first, second = meeting.items.order_by("position")[:2]
    url = reverse("meeting_item_edit", args=[meeting.pk, first.pk])
    response = client.post(url, item_post(client, url, save_and_next="1"))
    assert response.url == reverse("meeting_item_edit", args=[meeting.pk, second.pk])
    # After the last item before the closing ones, the next is a new item.
    url = reverse("meeting_item_edit", args=[meeting.pk, second.pk])
    response = client.post(url, item_post(client, url, save_and_next="1"))
    assert response.url == reverse("meeting_item_create", args=[meeting.pk])


def test_the_attachment_number_offered_is_the_one_the_item_refers_to(
    client, vfr_secretary, meeting
):
    client.force_login(vfr_secretary)
    item = meeting.items.get(number="2")
    item.discussion = "Tanja redogjorde för avdelningens personalstyrka, Bilaga 6."
    item.save()
    page = client.get(reverse("meeting_item_edit", args=[meeting.pk, item.pk]))
    assert form_data(page)["attachments-0-number"] == "6"


def test_what_a_clause_says_is_read_from_its_wording(client, vfr, lchnv, vfr_secretary, meeting):
    lchnv_meeting = create_meeting(forum=lchnv, date=D(2021, 4, 16), user=vfr_secretary)
    from council.models import Membership, Role

    Membership.objects.create(forum=lchnv, person=vfr_secretary.person, role=Role.SECRETARY)
    client.force_login(vfr_secretary)
    url = reverse("meeting_item_create", args=[lchnv_meeting.pk])
    data = item_post(client, url, title="Tillnyktringsverksamheten")
    data["decisions-0-text"] = (
        "att Länschefsnätverkets beslut skickas vidare för Välfärdsrådets ställningstagande "
        "och beslut om rekommendation."
    )
    data["decisions-1-text"] = (
        "att ge Styrgruppen i uppdrag att formulera ett förslag och återrapportera till "
        "Välfärdsrådet senast den 30 september."
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    referral, assignment = Decision.objects.filter(item__meeting=lchnv_meeting).order_by("position")
    assert (referral.kind, referral.referred_to) == ("referred", vfr)
    given = assignment.assignments.get()
    assert assignment.kind == "assigned" and given.assignee_text == "Styrgruppen"
    # When and to whom it reports back are read too: the next 30 September after the meeting.
    assert (given.due_date, given.report_to_forum) == (D(2021, 9, 30), vfr)

    # A recommendation that names likalydande requires identical decisions.
    url = reverse("meeting_item_create", args=[meeting.pk])
    data = item_post(client, url, title="TN-platser")
    data["decisions-0-text"] = (
        "att rekommendera kommunerna och regionen att anta överenskommelsen, under "
        "förutsättning att samtliga parter fattar likalydande beslut."
    )
    assert client.post(url, data).status_code == 302
    recommendation = Decision.objects.get(item__meeting=meeting)
    assert recommendation.kind == "recommended" and recommendation.requires_identical


def test_a_valid_file_is_kept_when_something_else_is_wrong(
    client, vfr_secretary, meeting, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(vfr_secretary)
    item = meeting.items.get(number="2")
    url = reverse("meeting_item_edit", args=[meeting.pk, item.pk])
    data = form_data(client.get(url))
    data["attachments-0-title"] = "Utvärdering"
    data["attachments-0-file"] = SimpleUploadedFile("utvardering.pdf", PDF, "application/pdf")
    data["decisions-0-text"] = "att skicka vidare."  # a referral with no forum named
    data["decisions-0-kind"] = "referred"
    failed = client.post(url, data)
    assert failed.status_code == 200
    assert "Sparad: utvardering.pdf" in failed.content.decode()
    assert not Attachment.objects.exists()

    again = form_data(failed)
    assert again["attachments-0-kept"]
    again["decisions-0-text"] = "att lägga informationen till handlingarna."
    again["decisions-0-kind"] = ""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, again)
    assert response.status_code == 302, response.content.decode()
    attachment = Attachment.objects.get()
    assert attachment.file.read().startswith(b"%PDF")
    assert not list((tmp_path / "kept-uploads").rglob("*.pdf"))


def test_a_forged_kept_file_is_refused(client, vfr_secretary, meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(vfr_secretary)
    item = meeting.items.get(number="2")
    url = reverse("meeting_item_edit", args=[meeting.pk, item.pk])
    data = form_data(client.get(url))
    data["attachments-0-title"] = "Smuggel"
    data["attachments-0-kept"] = "kept-uploads/../../etc/passwd"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Välj filen igen" in response.content.decode()
    assert not Attachment.objects.exists()
    assert AgendaItem.objects.filter(meeting=meeting).count() == 4


@pytest.mark.parametrize(
    ("text", "due", "to"),
    [
        (
            "att ge LCHNV i uppdrag att följa upp och återrapportera till Välfärdsrådet i februari "
            "2027.",
            D(2027, 2, 28),
            "Välfärdsrådet",
        ),
        (
            "att uppdra åt LPO att redovisa resultatet för Länschefsnätverket senast i juni.",
            D(2027, 6, 30),
            "Länschefsnätverket",
        ),
        (
            "att ge Styrgruppen i uppdrag att ta fram en plan senast 2027-03-31.",
            D(2027, 3, 31),
            None,
        ),
        ("att ge Styrgruppen i uppdrag att följa upp avtalet.", None, None),
        ("att ge Styrgruppen i uppdrag att vara klar senast den 31 april 2027.", None, None),
    ],
)
def test_the_due_date_and_whom_to_report_to_are_read_from_an_assignment(text, due, to):
    from meetings.clauses import due_in, report_to_in

    assert due_in(text, after=D(2026, 12, 1)) == due
    assert report_to_in(text) == to
