"""Secretaries enter the minutes: a new meeting, attendance, items, att-clauses, attachments."""

import datetime

import lxml.html
import pytest
from django.urls import reverse

from agreements.models import PrincipalDecision
from council.models import Membership, Person, Principal, Role
from meetings.models import AgendaItem, Assignment, Attachment, Attendance, Decision, Meeting
from meetings.services import create_meeting, renumbered
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date


def form_data(response, index: int = 0) -> dict:
    """What a browser would send from the page's editing form, before the user changes it."""
    doc = lxml.html.fromstring(response.content.decode())
    forms = [f for f in doc.forms if f.method.upper() == "POST" and not f.get("action")]
    values: dict = {}
    for el in forms[index].inputs:
        name, kind = el.get("name"), (el.get("type") or "").lower()
        if not name or kind in {"submit", "button", "file"}:
            continue
        if kind in {"checkbox", "radio"}:
            if el.checked:
                values.setdefault(name, []).append(el.get("value") or "on")
        elif el.tag == "select":
            chosen = list(el.value) if el.multiple else [el.value or ""]
            values.setdefault(name, []).extend(chosen)
        elif el.tag == "textarea":
            # Browsers drop the newline that follows the opening tag.
            values.setdefault(name, []).append((el.value or "").removeprefix("\n"))
        else:
            values.setdefault(name, []).append(el.value or "")
    return {name: v[0] if len(v) == 1 else v for name, v in values.items()}


def field_with_value(data: dict, suffix: str, value: str) -> str:
    """The prefix of the row whose field ``suffix`` holds ``value``."""
    for name, current in data.items():
        if name.endswith(suffix) and current == value:
            return name[: -len(suffix)]
    raise AssertionError(f"no {suffix} with {value!r}")


def blank_item_rows(data: dict) -> list[str]:
    """Prefixes of the empty rows for new items."""
    return sorted(
        name[: -len("title")]
        for name, value in data.items()
        if name.startswith("items-") and name.endswith("-title") and not value
    )


@pytest.fixture
def meeting(vfr, vfr_secretary):
    return create_meeting(forum=vfr, date=D(2026, 11, 20), user=vfr_secretary)


def test_a_new_meeting_starts_with_the_forums_standard_items(client, vfr, vfr_secretary):
    make_meeting(vfr, D(2026, 9, 16))
    client.force_login(vfr_secretary)
    form = client.get(reverse("meeting_create"))
    assert "Nytt möte" in form.content.decode()
    response = client.post(
        reverse("meeting_create"),
        {
            "forum": vfr.pk,
            "date": "2026-11-20",
            "start_time": "09:00",
            "end_time": "12:00",
            "place": "Samverkanslokalen, Borlänge",
            "registration_number": "RD26/01234",
        },
    )
    meeting = Meeting.objects.get(date=D(2026, 11, 20))
    assert response.url == reverse("meeting_edit", args=[meeting.pk])
    assert meeting.status == Meeting.Status.MINUTES_DRAFT
    titles = list(meeting.items.values_list("number", "title"))
    assert titles[0] == ("1", "Mötets öppnande")
    assert titles[2] == ("3", "Föregående minnesanteckningar 260916")
    assert titles[-2:] == [("4", "Övriga frågor"), ("5", "Mötets avslutande")]
    assert meeting.history.first().history_user == vfr_secretary


def test_create_offers_only_the_forums_the_secretary_keeps(client, vfr, schnv, vfr_secretary):
    client.force_login(vfr_secretary)
    response = client.post(reverse("meeting_create"), {"forum": schnv.pk, "date": "2026-11-20"})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Meeting.objects.exists()


def test_attendance_lists_members_by_principal_with_the_region_first(
    client, vfr, vfr_secretary, meeting
):
    falun = Principal.objects.get(short_name="Falun")
    region = Principal.objects.get(kind=Principal.Kind.REGION)
    for name, principal in [("Bo Falk", falun), ("Rut Region", region)]:
        person = Person.objects.create(name=name, principal=principal)
        Membership.objects.create(forum=vfr, person=person, principal=principal)
    client.force_login(vfr_secretary)
    page = client.get(reverse("meeting_edit", args=[meeting.pk]))
    html = page.content.decode()
    html = html[html.index('id="attendance"') :]
    assert html.index("Region Dalarna") < html.index("Falu") < html.index("Bo Falk")
    assert html.index("Rut Region") < html.index("Bo Falk")

    data = form_data(page)
    bo = Person.objects.get(name="Bo Falk")
    data[f"att-{bo.pk}-present"] = "on"
    data["guest-0-name"] = "Gunnel Gäst"
    data["guest-0-title"] = "Utvecklingsledare"
    data["guest-0-role"] = Role.PRESENTER
    response = client.post(reverse("meeting_edit", args=[meeting.pk]), data)
    assert response.status_code == 302
    attendance = {a.person.name: a for a in meeting.attendances.select_related("person")}
    assert attendance["Bo Falk"].present and attendance["Bo Falk"].principal == falun
    assert not attendance["Rut Region"].present
    assert attendance["Gunnel Gäst"].role == Role.PRESENTER
    assert Person.objects.get(name="Gunnel Gäst").title == "Utvecklingsledare"
    assert attendance["Rut Region"].position < attendance["Bo Falk"].position
    assert Attendance.history.filter(history_user=vfr_secretary).count() == 4


def test_items_are_added_and_renumbered_with_sub_items(client, vfr_secretary, meeting):
    client.force_login(vfr_secretary)
    data = form_data(client.get(reverse("meeting_edit", args=[meeting.pk])))
    # A new item after item 2 with a sub-item, typed with the wrong numbers.
    new, sub = blank_item_rows(data)[:2]
    data.update({f"{new}position": "2", f"{new}number": "7", f"{new}title": "Ny punkt"})
    data[f"{new}kind"] = "decision"
    data.update({f"{sub}position": "2", f"{sub}number": "7a", f"{sub}title": "Delpunkt"})
    data[f"{sub}kind"] = "information"
    data["renumber"] = "1"
    response = client.post(reverse("meeting_edit", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()
    assert list(meeting.items.order_by("position").values_list("number", "title")) == [
        ("1", "Mötets öppnande"),
        ("2", "Godkännande av dagordning"),
        ("3", "Ny punkt"),
        ("3a", "Delpunkt"),
        ("4", "Övriga frågor"),
        ("5", "Mötets avslutande"),
    ]


def test_the_editor_lists_items_in_their_order_though_added_after_the_closing_ones(
    client, vfr_secretary, meeting
):
    client.force_login(vfr_secretary)
    for title in ["Hjälpmedel", "Hemsjukvård"]:
        data = form_data(client.get(reverse("meeting_item_create", args=[meeting.pk])))
        data.update({"title": title, "save": "1"})
        response = client.post(reverse("meeting_item_create", args=[meeting.pk]), data)
        assert response.status_code == 302, response.content.decode()

    response = client.get(reverse("meeting_edit", args=[meeting.pk]))

    rows = [f.initial["title"] for f in response.context["item_rows"].forms if f.initial]
    assert rows == [
        "Mötets öppnande",
        "Godkännande av dagordning",
        "Hjälpmedel",
        "Hemsjukvård",
        "Övriga frågor",
        "Mötets avslutande",
    ]


def test_renumbering_keeps_sub_items_under_their_item():
    assert renumbered(["1", "2", "4", "4a", "4b", "9", "3a"]) == [
        "1",
        "2",
        "3",
        "3a",
        "3b",
        "4",
        "4a",
    ]
    assert renumbered(["2a", "5"]) == ["1", "2"]


def test_sub_items_numbered_with_a_sub_number_keep_their_style():
    assert renumbered(["1", "3", "3.1", "3.2", "4", "7.1"]) == ["1", "2", "2.1", "2.2", "3", "3.1"]
    item = AgendaItem(number="12.3", title="Budget")
    item.clean_fields(exclude=["meeting"])


def test_swapping_two_numbers_never_trips_the_unique_number(client, vfr_secretary, meeting):
    client.force_login(vfr_secretary)
    data = form_data(client.get(reverse("meeting_edit", args=[meeting.pk])))
    first = field_with_value(data, "number", "1")
    second = field_with_value(data, "number", "2")
    data[f"{first}number"], data[f"{second}number"] = "2", "1"
    data[f"{first}position"], data[f"{second}position"] = "2", "1"
    response = client.post(reverse("meeting_edit", args=[meeting.pk]), data)
    assert response.status_code == 302
    assert meeting.items.get(number="1").title == "Godkännande av dagordning"
    assert meeting.items.get(number="2").title == "Mötets öppnande"


def test_duplicate_numbers_are_refused_and_everything_typed_is_kept(client, vfr_secretary, meeting):
    client.force_login(vfr_secretary)
    data = form_data(client.get(reverse("meeting_edit", args=[meeting.pk])))
    data["place"] = "Ett rum jag skrev"
    data["attendance_note"] = "samt föredragande enligt nedan"
    second = field_with_value(data, "number", "2")
    data[f"{second}number"] = "1"
    new = blank_item_rows(data)[0]
    data[f"{new}position"], data[f"{new}number"] = "9", "9"
    data[f"{new}title"], data[f"{new}kind"] = "Min nya punkt", "information"
    response = client.post(reverse("meeting_edit", args=[meeting.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Punkt 1 förekommer två gånger" in html
    assert "Ett rum jag skrev" in html
    assert "samt föredragande enligt nedan" in html
    assert "Min nya punkt" in html
    meeting.refresh_from_db()
    assert meeting.place == "" and meeting.version == 1
    assert not meeting.items.filter(title="Min nya punkt").exists()


def test_a_second_secretary_gets_a_conflict_and_keeps_the_text(
    client, vfr, vfr_secretary, meeting, django_user_model
):
    other = django_user_model.objects.create_user("vilma", "v@example.se", "x")
    Membership.objects.create(
        forum=vfr, person=Person.objects.create(name="Vilma", user=other), role=Role.SECRETARY
    )
    url = reverse("meeting_edit", args=[meeting.pk])
    client.force_login(vfr_secretary)
    mine = form_data(client.get(url))
    client.force_login(other)
    theirs = form_data(client.get(url))

    theirs["place"] = "Teams"
    assert client.post(url, theirs).status_code == 302

    client.force_login(vfr_secretary)
    mine["place"] = "Lokal Dalarna, Falun"
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan har sparat mötet" in html
    assert "Lokal Dalarna, Falun" in html
    meeting.refresh_from_db()
    assert meeting.place == "Teams"
    assert meeting.version == 2

    # Told, the secretary can now save deliberately over the other's change.
    again = form_data(response)
    assert again["version"] == "2"
    assert client.post(url, again).status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Lokal Dalarna, Falun" and meeting.version == 3


def test_an_item_with_decisions_of_every_kind(client, vfr, lchnv, vfr_secretary, meeting):
    earlier = make_meeting(lchnv, D(2026, 10, 1))
    referral = make_decision(
        make_item(earlier, "5", "TN-platser"),
        "att skicka vidare för Välfärdsrådets ställningstagande.",
        kind=Decision.Kind.REFERRED,
        referred_to=vfr,
    )
    client.force_login(vfr_secretary)
    url = reverse("meeting_item_create", args=[meeting.pk])
    page = client.get(url)
    assert f'<option value="{referral.pk}">LCHNV 2026-10-01 p. 5' in page.content.decode()
    data = form_data(page)
    data.update(
        {
            "title": "Tillnyktringsplatser",
            "kind": "decision",
            "new_case_title": "Tillnyktringsplatser i Dalarna",
            "discussion": "Arbetsgruppen redovisade utvärderingen.",
            "presenters-0-name": "Linn Andersson",
            "presenters-0-title": "Utvecklingsledare",
            "decisions-0-quick_pick": "att godkänna redovisningen.",
            "decisions-0-answers": str(referral.pk),
            "decisions-1-text": "att rekommendera kommunerna och regionen att anta avtalet.",
            "decisions-1-kind": "recommended",
            "decisions-1-requires_identical": "on",
            "decisions-TOTAL_FORMS": "4",
            "decisions-2-text": "att ge LCHNV i uppdrag att följa upp avtalet.",
            "decisions-2-kind": "assigned",
            "decisions-2-assignee_forum": str(lchnv.pk),
            "decisions-2-due_date": "2027-06-30",
            "decisions-2-report_to_forum": str(vfr.pk),
            "decisions-3-text": "att avsluta punkten.",
            "decisions-3-kind": "other",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    item = meeting.items.get(title="Tillnyktringsplatser")
    # The new item takes the place of Övriga frågor, which moves down with the closing.
    assert list(meeting.items.order_by("position").values_list("number", "title"))[2:] == [
        ("3", "Tillnyktringsplatser"),
        ("4", "Övriga frågor"),
        ("5", "Mötets avslutande"),
    ]
    assert item.case.title == "Tillnyktringsplatser i Dalarna"
    assert item.presenters.get().title == "Utvecklingsledare"
    clauses = list(item.decisions.order_by("position"))
    assert [(d.text, d.kind) for d in clauses[:1]] == [("att godkänna redovisningen.", "approved")]
    assert clauses[0].answers == referral
    assert clauses[1].requires_identical
    assert (
        PrincipalDecision.objects.filter(recommendation=clauses[1], status="pending").count() == 16
    )
    assignment = Assignment.objects.get(decision=clauses[2])
    assert (assignment.assignee_forum, assignment.report_to_forum) == (lchnv, vfr)
    assert assignment.due_date == D(2027, 6, 30)
    assert assignment.description == clauses[2].text

    # Editing the assignment updates it; nothing is duplicated.
    edit = reverse("meeting_item_edit", args=[meeting.pk, item.pk])
    data = form_data(client.get(edit))
    prefix = field_with_value(data, "text", clauses[2].text)
    data[f"{prefix}due_date"] = "2027-09-30"
    assert client.post(edit, data).status_code == 302
    assert Assignment.objects.get(decision=clauses[2]).due_date == D(2027, 9, 30)
    assert PrincipalDecision.objects.filter(recommendation=clauses[1]).count() == 16
    assert Decision.history.filter(history_user=vfr_secretary).exists()
    assert Assignment.history.filter(history_user=vfr_secretary, history_type="~").exists()


def test_a_referral_needs_its_forum_and_the_item_keeps_what_was_typed(
    client, vfr_secretary, meeting
):
    client.force_login(vfr_secretary)
    item = meeting.items.get(number="2")
    url = reverse("meeting_item_edit", args=[meeting.pk, item.pk])
    data = form_data(client.get(url))
    data["discussion"] = "En lång text som inte får försvinna."
    data["decisions-0-text"] = "att skicka ärendet vidare."
    data["decisions-0-kind"] = "referred"
    data["decisions-1-text"] = "att godkänna dagordningen."
    data["decisions-1-requires_identical"] = "on"
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ange vilket forum ärendet skickas vidare till." in html
    assert "rekommendation kan kräva likalydande beslut" in html
    assert "En lång text som inte får försvinna." in html
    assert "att skicka ärendet vidare." in html
    assert not Decision.objects.exists()
    item.refresh_from_db()
    assert item.discussion == ""


def test_quick_pick_fills_the_clause_and_its_kind_without_javascript(
    client, vfr_secretary, meeting
):
    client.force_login(vfr_secretary)
    item = meeting.items.get(number="2")
    url = reverse("meeting_item_edit", args=[meeting.pk, item.pk])
    data = form_data(client.get(url))
    data["decisions-0-quick_pick"] = "att godkänna dagordningen."
    assert client.post(url, data).status_code == 302
    decision = item.decisions.get()
    assert (decision.text, decision.kind) == ("att godkänna dagordningen.", "procedural")


def test_clauses_are_reordered_and_removed(client, vfr_secretary, meeting):
    item = meeting.items.get(number="2")
    make_decision(item, "att ett.", position=1)
    make_decision(item, "att två.", position=2)
    make_decision(item, "att tre.", position=3)
    client.force_login(vfr_secretary)
    url = reverse("meeting_item_edit", args=[meeting.pk, item.pk])
    data = form_data(client.get(url))
    one = field_with_value(data, "text", "att ett.")
    two = field_with_value(data, "text", "att två.")
    three = field_with_value(data, "text", "att tre.")
    data[f"{one}ORDER"], data[f"{three}ORDER"] = "3", "1"
    data[f"{two}DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert list(item.decisions.order_by("position").values_list("text", flat=True)) == [
        "att tre.",
        "att ett.",
    ]


# The smallest PDF a reader opens: a catalog, a page tree and one A4 page.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\nxref\n"
    b"0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


def test_an_attachment_is_numbered_and_referred_to(
    client, vfr_secretary, meeting, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(vfr_secretary)
    item = meeting.items.get(number="2")
    url = reverse("meeting_item_edit", args=[meeting.pk, item.pk])
    data = form_data(client.get(url))
    data["attachments-0-title"] = "Utvärdering TN-platser"
    data["attachments-0-file"] = SimpleUploadedFile("utvardering.pdf", PDF, "application/pdf")
    assert client.post(url, data).status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.number, attachment.item) == ("1", item)
    item.refresh_from_db()
    assert item.attachment_refs == "Bilaga 1"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.pdf", b"MZ\x90\x00" + b"\x00" * 200, "inte en PDF"),
        ("stor.pdf", PDF + b"0" * 2048, "för stor"),
    ],
)
def test_a_bad_attachment_is_refused_and_nothing_is_stored(
    client, vfr_secretary, meeting, settings, tmp_path, name, content, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    settings.ATTACHMENT_MAX_BYTES = 1024
    client.force_login(vfr_secretary)
    item = meeting.items.get(number="2")
    url = reverse("meeting_item_edit", args=[meeting.pk, item.pk])
    data = form_data(client.get(url))
    data["discussion"] = "Texten finns kvar."
    data["attachments-0-title"] = "Bilagan"
    data["attachments-0-file"] = SimpleUploadedFile(name, content)
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Texten finns kvar." in html
    assert not Attachment.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))


def test_the_editor_works_for_a_planned_meeting(client, vfr, vfr_secretary):
    planned = make_meeting(vfr, D(2026, 12, 10), status=Meeting.Status.PLANNED)
    make_item(planned, "1", "Mötets öppnande")
    client.force_login(vfr_secretary)
    url = reverse("meeting_edit", args=[planned.pk])
    data = form_data(client.get(url))
    data["place"] = "Teams"
    assert client.post(url, data).status_code == 302
    planned.refresh_from_db()
    assert planned.place == "Teams" and planned.status == Meeting.Status.PLANNED


def test_every_edit_is_in_the_history_with_its_user(client, vfr_secretary, meeting):
    client.force_login(vfr_secretary)
    url = reverse("meeting_edit", args=[meeting.pk])
    data = form_data(client.get(url))
    data["place"] = "Borlänge"
    first = field_with_value(data, "number", "1")
    data[f"{first}title"] = "Öppnande"
    client.post(url, data)
    item = meeting.items.get(number="1")
    item_url = reverse("meeting_item_edit", args=[meeting.pk, item.pk])
    data = form_data(client.get(item_url))
    data["discussion"] = "Ordföranden öppnade mötet."
    data["decisions-0-quick_pick"] = "att öppna mötet."
    client.post(item_url, data)

    assert meeting.history.filter(place="Borlänge", history_user=vfr_secretary).exists()
    titles = AgendaItem.history.filter(id=item.pk).values_list("title", "history_user")
    assert ("Öppnande", vfr_secretary.pk) in list(titles)
    assert AgendaItem.history.filter(
        id=item.pk, discussion="Ordföranden öppnade mötet.", history_user=vfr_secretary
    ).exists()
    assert Decision.history.filter(text="att öppna mötet.", history_user=vfr_secretary).exists()


def test_editor_pages_answer_in_bounded_queries(
    client, vfr, vfr_secretary, meeting, django_assert_max_num_queries
):
    for i in range(12):
        person = Person.objects.create(name=f"Ledamot {i}", principal=Principal.objects.all()[i])
        Membership.objects.create(forum=vfr, person=person, principal=person.principal)
    item = meeting.items.get(number="2")
    for i in range(5):
        make_decision(item, f"att {i}.", position=i + 1)
    client.force_login(vfr_secretary)
    for url in [
        reverse("minutes_list"),
        reverse("meeting_edit", args=[meeting.pk]),
        reverse("meeting_item_edit", args=[meeting.pk, item.pk]),
        reverse("meeting_item_create", args=[meeting.pk]),
        reverse("meeting_detail", args=[meeting.pk]),
    ]:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_the_list_shows_unfinished_meetings_first_and_only_the_secretarys_forums(
    client, vfr, schnv, vfr_secretary
):
    make_meeting(vfr, D(2026, 1, 1), status=Meeting.Status.PUBLISHED)
    make_meeting(vfr, D(2025, 1, 1), status=Meeting.Status.MINUTES_DRAFT)
    make_meeting(schnv, D(2026, 2, 2), status=Meeting.Status.MINUTES_DRAFT)
    client.force_login(vfr_secretary)
    html = client.get(reverse("minutes_list")).content.decode()
    assert html.index("1 januari 2025") < html.index("1 januari 2026")
    assert "Socialchefsnätverket" not in html
    assert "Nytt möte" in html
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("minutes_list")}"' in home


def test_two_people_saving_the_same_item_are_told_not_overwritten(client, vfr_secretary, meeting):
    item = meeting.items.get(number="2")
    url = reverse("meeting_item_edit", args=[meeting.pk, item.pk])
    client.force_login(vfr_secretary)
    first = form_data(client.get(url))
    second = form_data(client.get(url))
    first["discussion"] = "Den första versionen."
    assert client.post(url, first).status_code == 302
    second["discussion"] = "Den andra versionen, skriven samtidigt."
    second["decisions-0-quick_pick"] = "att godkänna dagordningen."
    response = client.post(url, second)
    html = response.content.decode()
    assert "Någon annan har sparat mötet" in html
    assert "Den andra versionen, skriven samtidigt." in html
    item.refresh_from_db()
    assert item.discussion == "Den första versionen."
    assert not item.decisions.exists()


def test_the_present_are_pasted_as_the_minutes_list_them(client, vfr, vfr_secretary, meeting):
    mora = Principal.objects.get(short_name="Mora")
    known = Person.objects.create(name="Ulrika Gärdback", principal=mora)
    member = Person.objects.create(name="Tomas Ahlin")
    Membership.objects.create(forum=vfr, person=member, role=Role.CHAIR)
    client.force_login(vfr_secretary)
    url = reverse("meeting_edit", args=[meeting.pk])
    data = form_data(client.get(url))
    data["pasted_names"] = (
        "Närvarande: Ulrika Gärdback, Tomas Ahlin,\nKristina Kumlin Bergenstråle, Ulrika Gärdback."
    )
    assert client.post(url, data).status_code == 302
    rows = {a.person.name: a for a in meeting.attendances.select_related("person")}
    assert rows["Ulrika Gärdback"].person == known and rows["Ulrika Gärdback"].principal == mora
    assert rows["Tomas Ahlin"].present and rows["Tomas Ahlin"].role == Role.CHAIR
    assert rows["Kristina Kumlin Bergenstråle"].present
    assert Person.objects.filter(name="Ulrika Gärdback").count() == 1


@pytest.mark.parametrize("name", ["lchnv-2021-04-16", "vfr-2020-03-11"])
def test_a_seed_meeting_becomes_a_draft_from_its_transcription(lchnv, vfr_secretary, name):
    from council.models import Forum
    from meetings.services import create_meeting_from_data
    from tests.conftest import seed_truth

    truth = seed_truth(name)
    forum = Forum.objects.resolve(truth["forum"])
    meeting = create_meeting_from_data(forum=forum, data=truth, user=vfr_secretary)
    assert meeting.status == Meeting.Status.MINUTES_DRAFT
    items = list(meeting.items.order_by("position"))
    assert [(i.number, i.title) for i in items] == [
        (i["number"], i["title"]) for i in truth["items"]
    ]
    clauses = [(d.text, d.kind) for i in items for d in i.decisions.order_by("position")]
    assert clauses == [(d["text"], d["kind"]) for i in truth["items"] for d in i["decisions"]]
    assert AgendaItem.history.filter(history_user=vfr_secretary).count() == len(items)


def test_a_guest_named_by_another_spelling_is_the_person_already_registered(reference):
    from council.models import Person
    from meetings.services import person_named

    known = Person.objects.create(name="Ulrika Gärdsback", other_names=["Ulrika Gärdsbäck"])

    assert person_named("ulrika  gärdsbäck") == known
    assert person_named("Ulrika Gärdsback") == known
    assert person_named("Okänd Gäst") != known
    assert Person.objects.filter(name="Okänd Gäst").count() == 1
