"""Recording each principal's decision on a recommendation and checking "likalydande"."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from agreements.adoptions import adoption_version, record_adoption
from agreements.diff import recommended_wording, word_diff
from agreements.models import Agreement, PrincipalDecision
from agreements.services import open_adoptions
from council.history import changes_by, system_user
from council.models import Membership, Person, Principal, Role
from meetings.models import Case, Meeting
from tests.factories import make_decision, make_item, make_meeting

CLAUSE = (
    "att rekommendera kommunerna och regionen att anta den reviderade överenskommelsen om "
    "samverkan vid utskrivning från sluten hälso- och sjukvård (SUS), daterad 2020-05-08."
)
WORDING = (
    "att anta den reviderade överenskommelsen om samverkan vid utskrivning från sluten "
    "hälso- och sjukvård (SUS), daterad 2020-05-08."
)


@pytest.fixture
def recommendation(vfr):
    meeting = make_meeting(vfr, datetime.date(2020, 6, 17))
    item = make_item(meeting, "4", "Nytt avtal om SUS")
    make_decision(item, "att godkänna redovisningen.", kind="approved")
    return make_decision(item, CLAUSE, kind="recommended", requires_identical=True)


@pytest.fixture
def opened(recommendation):
    with changes_by(system_user()):
        open_adoptions(recommendation=recommendation)
    return recommendation


@pytest.fixture
def falun_rep(member):
    """Maja sits in Länschefsnätverket for Falun: Falun's representative."""
    return member


@pytest.fixture
def mora_rep(lchnv):
    user = get_user_model().objects.create_user("mats", "mats@example.se", "x")
    mora = Principal.objects.get(short_name="Mora")
    person = Person.objects.create(name="Mats", user=user, principal=mora)
    Membership.objects.create(forum=lchnv, person=person, role=Role.MEMBER, principal=mora)
    return user


def adoption(recommendation, short_name: str = "Falun") -> PrincipalDecision:
    return PrincipalDecision.objects.get(
        recommendation=recommendation, principal__short_name=short_name
    )


def edit_url(recommendation, slug: str = "falun") -> str:
    return reverse("adoption_edit", args=[recommendation.pk, slug])


def post_data(row: PrincipalDecision, **fields) -> dict:
    data = {
        "status": "adopted",
        "decided_on": "2020-09-28",
        "body": "Kommunfullmäktige",
        "reference": "KF § 112",
        "adopted_text": WORDING,
        "version": adoption_version(row),
    }
    data.update(fields)
    return data


def text_of(response) -> str:
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# The page


def test_page_lists_every_principal_region_first_with_bounded_queries(
    opened, client, django_assert_max_num_queries, administrator
):
    url = reverse("adoption_list", args=[opened.pk])
    for user in (None, administrator):
        if user:
            client.force_login(user)
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Region Dalarna</th>") < html.index("Avesta kommun</th>")
    assert html.count('<th scope="row">') == 16
    text = text_of(response)
    assert "0 av 16 huvudmän har antagit rekommendationen oförändrad" in text
    assert "16 har ännu inte beslutat" in text
    # The wording each principal is asked to adopt, without the recommending preamble.
    assert WORDING in text
    assert "likalydande beslut krävs" in text


def test_anonymous_visitors_see_the_page_but_no_recording_links(opened, client):
    response = client.get(reverse("adoption_list", args=[opened.pk]))
    assert response.status_code == 200
    assert edit_url(opened) not in response.content.decode()


def test_representative_sees_a_recording_link_for_their_own_principal_only(
    opened, client, falun_rep
):
    client.force_login(falun_rep)
    html = client.get(reverse("adoption_list", args=[opened.pk])).content.decode()
    assert edit_url(opened, "falun") in html
    assert edit_url(opened, "mora") not in html


def test_a_recommendation_in_draft_minutes_is_not_shown(vfr, client):
    meeting = make_meeting(vfr, datetime.date(2024, 1, 10), status=Meeting.Status.MINUTES_DRAFT)
    draft = make_decision(make_item(meeting), CLAUSE, kind="recommended")
    assert client.get(reverse("adoption_list", args=[draft.pk])).status_code == 404


def test_only_recommendations_have_an_adoption_page(vfr, client):
    decision = make_decision(make_item(make_meeting(vfr, datetime.date(2024, 1, 10))))
    assert client.get(reverse("adoption_list", args=[decision.pk])).status_code == 404


# Who may write


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("mora_rep", 403),
        ("vfr_secretary", 403),
        ("falun_rep", 200),
        ("administrator", 200),
    ],
)
def test_role_matrix_for_the_recording_form(opened, client, request, who, expected):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = edit_url(opened)
    response = client.get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))

    response = client.post(url, post_data(adoption(opened)))
    row = adoption(opened)
    if expected == 200:
        assert response.status_code == 302
        assert row.status == "adopted"
        assert row.history.first().history_user == request.getfixturevalue(who)
    else:
        assert response.status_code == expected
        assert row.status == "pending"
        assert row.history.count() == 1


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("vfr_secretary", 403),
        ("falun_rep", 302),
        ("administrator", 302),
    ],
)
def test_role_matrix_for_opening_the_pending_decisions(
    recommendation, client, request, who, expected
):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    if user:
        client.force_login(user)
    response = client.post(reverse("adoption_open", args=[recommendation.pk]))
    assert response.status_code == expected
    rows = recommendation.principal_decisions.all()
    if user and expected == 302:
        assert rows.count() == 16
        assert {r.history.first().history_user for r in rows} == {user}
    else:
        assert rows.count() == 0


def test_a_representative_cannot_record_for_another_principal(opened, client, falun_rep):
    client.force_login(falun_rep)
    mora = adoption(opened, "Mora")
    response = client.post(edit_url(opened, "mora"), post_data(mora))
    assert response.status_code == 403
    assert adoption(opened, "Mora").status == "pending"


def test_a_former_member_is_no_longer_a_representative(opened, client, falun_rep):
    Membership.objects.filter(person__user=falun_rep).update(end_date=datetime.date(2020, 1, 1))
    client.force_login(falun_rep)
    assert client.get(edit_url(opened)).status_code == 403


# Recording and the wording check


def test_opening_offered_when_rows_are_missing(recommendation, client, administrator):
    url = reverse("adoption_list", args=[recommendation.pk])
    anonymous_html = client.get(url).content.decode()
    assert "Inte öppnat" in anonymous_html
    assert reverse("adoption_open", args=[recommendation.pk]) not in anonymous_html
    client.force_login(administrator)
    html = client.get(url).content.decode()
    assert reverse("adoption_open", args=[recommendation.pk]) in html
    response = client.post(reverse("adoption_open", args=[recommendation.pk]), follow=True)
    assert "Väntande beslut öppnades för 16 huvudmän." in text_of(response)
    assert "Inte öppnat" not in response.content.decode()


def test_identical_adoption_is_confirmed_word_by_word(opened, client, falun_rep):
    client.force_login(falun_rep)
    # Curly quotes, a missing "att" and extra spaces are not a change of wording.
    typed = WORDING.removeprefix("att ").replace(" om ", "  om ")
    response = client.post(edit_url(opened), post_data(adoption(opened), adopted_text=typed))
    assert response.status_code == 302
    row = adoption(opened)
    assert (row.status, row.decided_on, row.body, row.reference) == (
        "adopted",
        datetime.date(2020, 9, 28),
        "Kommunfullmäktige",
        "KF § 112",
    )
    text = text_of(client.get(response["Location"]))
    assert "Beslutet för Falu kommun har registrerats" in text
    assert "Samma lydelse" in text
    assert "Avviker från rekommendationen" not in text
    assert "1 av 16 huvudmän har antagit rekommendationen oförändrad" in text


def test_adopted_with_a_different_text_is_flagged_with_the_differences(opened, client, falun_rep):
    client.force_login(falun_rep)
    changed = WORDING.replace("den reviderade", "den av förvaltningen reviderade").replace(
        ", daterad 2020-05-08", ""
    )
    response = client.post(
        edit_url(opened), post_data(adoption(opened), adopted_text=changed), follow=True
    )
    html = response.content.decode()
    text = text_of(response)
    assert "men dess text avviker från den rekommenderade lydelsen" in text
    assert "Avviker från rekommendationen – inte likalydande" in text
    assert "<ins>av förvaltningen</ins>" in html
    assert "<del>, daterad 2020-05-08</del>" in html
    assert "Lydelsen i 1 antagande behöver kontrolleras" in text
    assert '<a href="#falun">Falun</a>' in html
    # Recorded as the user said, but not counted as an identical adoption.
    assert adoption(opened).status == "adopted"


def test_adopted_without_text_is_flagged_as_not_checked(opened, client, administrator):
    client.force_login(administrator)
    response = client.post(
        edit_url(opened), post_data(adoption(opened), adopted_text=""), follow=True
    )
    text = text_of(response)
    assert "ingen antagen text registrerades för Falu kommun" in text
    assert "Text saknas – lydelsen inte kontrollerad" in text


def test_adopted_text_is_escaped_in_the_comparison(opened, client, administrator):
    client.force_login(administrator)
    hostile = WORDING + ' <script>alert("x")</script>'
    response = client.post(
        edit_url(opened), post_data(adoption(opened), adopted_text=hostile), follow=True
    )
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


# Bad input and conflicts


def test_a_decision_without_date_is_refused_and_the_input_kept(opened, client, falun_rep):
    client.force_login(falun_rep)
    response = client.post(
        edit_url(opened),
        post_data(adoption(opened), decided_on="", body="Kommunstyrelsen", reference="KS 77"),
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "Ange datum då huvudmannen beslutade." in text
    html = response.content.decode()
    assert 'value="Kommunstyrelsen"' in html and 'value="KS 77"' in html
    assert "den reviderade överenskommelsen om samverkan" in html
    row = adoption(opened)
    assert (row.status, row.body) == ("pending", "")


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2020-06-16", "innan rekommendationen gavs (2020-06-17)"),
        ("2999-01-01", "Datumet kan inte ligga i framtiden."),
        ("28/9", "Beslutsdatum: Fyll i ett giltigt datum."),
    ],
)
def test_impossible_dates_are_refused(opened, client, administrator, day, message):
    client.force_login(administrator)
    response = client.post(edit_url(opened), post_data(adoption(opened), decided_on=day))
    assert response.status_code == 200
    assert message in text_of(response)
    assert "Ange datum då huvudmannen beslutade." not in text_of(response)
    assert adoption(opened).status == "pending"


def test_a_pending_decision_cannot_have_a_date(opened, client, administrator):
    client.force_login(administrator)
    response = client.post(edit_url(opened), post_data(adoption(opened), status="pending"))
    assert "Ett beslut som ännu inte fattats har inget datum" in text_of(response)


def test_a_concurrent_change_is_not_overwritten(opened, client, falun_rep, administrator):
    client.force_login(falun_rep)
    seen = post_data(adoption(opened), adopted_text=WORDING + " Maja skrev detta.")
    # Ada records Falun's decision while Maja has the form open.
    record_adoption(
        adoption=adoption(opened),
        user=administrator,
        status="rejected",
        decided_on=datetime.date(2020, 9, 1),
        body="Kommunstyrelsen",
        reference="KS § 9",
        version=seen["version"],
    )
    response = client.post(edit_url(opened), seen)
    assert response.status_code == 200
    text = text_of(response)
    assert "Någon annan ändrade beslutet medan du redigerade det" in text
    assert "Registrerat nu av någon annan" in text and "KS § 9" in text
    assert "Maja skrev detta." in response.content.decode()
    row = adoption(opened)
    assert (row.status, row.reference) == ("rejected", "KS § 9")

    # Having seen Ada's entry, Maja may still choose to save hers.
    fresh = response.context["form"].data["version"]
    response = client.post(edit_url(opened), {**seen, "version": fresh})
    assert response.status_code == 302
    assert adoption(opened).status == "adopted"


def test_every_change_is_in_the_history_with_its_user(opened, client, falun_rep, administrator):
    client.force_login(falun_rep)
    client.post(edit_url(opened), post_data(adoption(opened), status="adopted_with_changes"))
    client.force_login(administrator)
    client.post(edit_url(opened), post_data(adoption(opened), reference="KF § 113"))
    history = list(adoption(opened).history.order_by("history_id"))
    assert [(h.history_user.username, h.status, h.reference) for h in history] == [
        ("system", "pending", ""),
        ("maja", "adopted_with_changes", "KF § 112"),
        ("ada", "adopted", "KF § 113"),
    ]
    text = text_of(client.get(edit_url(opened)))
    assert "Maja" in text and "En administratör" in text
    assert "maja@example.se" not in text and "ada@example.se" not in text


# Links from the register's pages


def test_principal_page_links_pending_items_to_the_recording_page(opened, client):
    response = client.get(reverse("principal_detail", args=["falun"]))
    assert f"{reverse('adoption_list', args=[opened.pk])}#falun" in response.content.decode()


def test_agreement_page_links_its_recommendations_to_the_recording_page(opened, client):
    case = Case.objects.create(title="SUS")
    opened.item.case = case
    opened.item.save()
    agreement = Agreement.objects.create(title="Överenskommelse om SUS", short_name="SUS")
    agreement.cases.add(case)
    response = client.get(reverse("agreement_detail", args=[agreement.pk]))
    assert reverse("adoption_list", args=[opened.pk]) in response.content.decode()


# The word comparison itself


def test_recommended_wording_drops_the_recommending_preamble():
    assert recommended_wording(CLAUSE) == WORDING
    assert recommended_wording("att anta planen.") == "att anta planen."
    assert (
        recommended_wording("Att gemensamt rekommendera huvudmännen att utse en kontaktperson.")
        == "att utse en kontaktperson."
    )


def test_word_diff_marks_swedish_words_and_punctuation():
    diff = word_diff(
        "att anta överenskommelsen, med bilagor, för år 2021–2022.",
        "att anta överenskommelsen med bilagor för åren 2021–2022 samt ge nämnden i uppdrag.",
    )
    assert not diff.identical
    assert str(diff.html) == (
        "att anta överenskommelsen<del>,</del> med bilagor<del>,</del> för "
        "<del>år</del> <ins>åren</ins> 2021–2022 <ins>samt ge nämnden i uppdrag</ins>."
    )
    assert (diff.inserted, diff.deleted) == (6, 3)


def test_word_diff_treats_typography_as_equal_and_escapes_text():
    same = word_diff("att anta ”Färdplan 2.0” – version 1.", 'anta "Färdplan 2.0" - version 1')
    assert same.identical
    diff = word_diff("att anta planen.", "att anta <b>planen</b> & budgeten.")
    assert "&lt;b&gt;" in diff.html and "&amp;" in diff.html and "<b>" not in diff.html


def test_case_and_letters_count():
    assert not word_diff("att anta Planen.", "att anta planen.").identical
    assert not word_diff("att anta planen.", "att anta planen!").identical


def test_the_service_refuses_a_stale_version(opened, administrator):
    from agreements.adoptions import AdoptionConflict

    row = adoption(opened)
    with pytest.raises(AdoptionConflict):
        record_adoption(
            adoption=row,
            user=administrator,
            status="adopted",
            decided_on=timezone.localdate(),
            version="stale",
        )
    assert adoption(opened).status == "pending"


@pytest.mark.parametrize(
    "clause",
    [
        "att rekommendera kommunerna och regionen att anta överenskommelsen, "
        "med likalydande beslut.",
        "att rekommendera kommunerna och regionen att anta överenskommelsen, under förutsättning "
        "att samtliga parter fattar likalydande beslut.",
        "att rekommendera kommunerna och regionen att genom likalydande beslut anta "
        "överenskommelsen.",
    ],
)
def test_the_condition_of_identical_decisions_is_not_part_of_the_wording_to_adopt(clause):
    assert recommended_wording(clause) == "att anta överenskommelsen."
    assert word_diff(recommended_wording(clause), "att anta överenskommelsen").identical


def test_a_condition_of_another_kind_stays_in_the_wording():
    clause = "att rekommendera kommunerna att anta avtalet under förutsättning att budgeten räcker."

    assert (
        recommended_wording(clause) == "att anta avtalet under förutsättning att budgeten räcker."
    )
