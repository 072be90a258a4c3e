"""A batch of minutes through the web: read by the worker, reviewed earliest first, and the
chains between the meetings linked from the texts' own evidence."""

import io
import zipfile

import pytest
from django.db import transaction
from django.urls import reverse

from imports.models import ImportBatch, ImportDocument
from meetings.models import Case, Decision, Meeting
from tests.conftest import FIXTURES, SEED_NAMES, seed_truth
from tests.imports.conftest import review_data, seed_text, upload_files
from tools.benchdata import as_docx
from tools.demo import CASES, PRESENTER_GROUPS, load_demo_data

SEEDS = FIXTURES / "seeds"
# The two matters whose chains the demo register holds across forums.
MATTERS = ("tn-platser", "gnv-styrgrupp")


class _Rollback(Exception):
    pass


def clause_key(decision: Decision) -> tuple:
    meeting = decision.item.meeting
    return (meeting.forum.code, meeting.date.isoformat(), decision.item.number, decision.position)


def register_links() -> tuple[set[tuple], list[frozenset]]:
    """The register's answers (clause → clause answered) and its cases (sets of items)."""
    answers = {
        (clause_key(d), clause_key(d.answers))
        for d in Decision.objects.filter(answers__isnull=False).select_related(
            "item__meeting__forum", "answers__item__meeting__forum"
        )
    }
    cases = [
        frozenset(
            (i.meeting.forum.code, i.meeting.date.isoformat(), i.number)
            for i in case.items.select_related("meeting__forum")
        )
        for case in Case.objects.all()
    ]
    return answers, [c for c in cases if c]


def demo_links() -> tuple[set[tuple], dict[str, frozenset], list[frozenset]]:
    """What ``load_demo`` links among the four seed meetings, read and rolled back: its
    answers, the items of each matter's case, and every case."""
    try:
        with transaction.atomic():
            load_demo_data()
            answers, cases = register_links()
            by_title = {
                case.title: frozenset(
                    (i.meeting.forum.code, i.meeting.date.isoformat(), i.number)
                    for i in case.items.select_related("meeting__forum")
                )
                for case in Case.objects.all()
            }
            raise _Rollback
    except _Rollback:
        pass
    assert not Meeting.objects.exists()
    return answers, {key: by_title[CASES[key]] for key in MATTERS}, cases


def assert_meeting_equals_truth(meeting: Meeting, truth: dict) -> None:
    assert (meeting.forum.name, meeting.date.isoformat()) == (truth["forum"], truth["date"])
    start = f"{meeting.start_time:%H:%M}" if meeting.start_time else None
    end = f"{meeting.end_time:%H:%M}" if meeting.end_time else None
    assert (start, end) == (truth["start_time"], truth["end_time"])
    assert meeting.place == (truth["place"] or "")
    assert meeting.registration_number == (truth["registration_number"] or "")
    assert [p.name for p in meeting.justerare.all()] == truth["justerare"]
    items = list(meeting.items.order_by("position").prefetch_related("decisions", "presenters"))
    assert [(i.number, i.title, i.outcome) for i in items] == [
        (i["number"], i["title"], i["outcome"]) for i in truth["items"]
    ]
    for item, expected in zip(items, truth["items"], strict=True):
        # A group presents under its own name: "Styrgruppen" is the steering group.
        presenters = [p.person.name if p.person_id else p.forum.code for p in item.presenters.all()]
        assert presenters == [PRESENTER_GROUPS.get(n, n) for n in expected["presenters"]]
        assert [
            (d.text, d.kind, d.referred_to.name if d.referred_to_id else None)
            for d in item.decisions.all()
        ] == [(d["text"], d["kind"], d.get("referred_to")) for d in expected["decisions"]]


def review_all(client, batch: ImportBatch, *, button="confirm_all", latest_first=False) -> int:
    """Review every document of the batch as the secretary would, submitting each with
    ``button``; how many were saved."""
    saved = 0
    while True:
        queue = list(batch.documents.reviewable().in_review_order().values_list("pk", flat=True))
        if not queue:
            return saved
        url = reverse("import_document", args=[queue[-1] if latest_first else queue[0]])
        response = client.post(url, review_data(client.get(url), button))
        assert response.status_code == 302, response.content.decode()[:3000]
        saved += 1


ORDERS = [
    SEED_NAMES,
    list(reversed(SEED_NAMES)),
    [SEED_NAMES[2], SEED_NAMES[0], SEED_NAMES[3], SEED_NAMES[1]],
]


@pytest.mark.parametrize("order", ORDERS, ids=["as-listed", "reversed", "mixed"])
def test_the_four_seeds_as_one_batch_give_the_demo_chains(
    client, administrator, immediate_tasks, order
):
    answers_wanted, matters_wanted, demo_cases = demo_links()
    client.force_login(administrator)
    upload_files(
        immediate_tasks, client, [(f"{n}.txt", (SEEDS / f"{n}.txt").read_bytes()) for n in order]
    )
    batch = ImportBatch.objects.get()
    assert batch.documents.reviewable().count() == 4
    # The queue is in date order across forums, whatever the upload's order.
    dates = [d.date for d in batch.documents.reviewable().in_review_order()]
    assert dates == sorted(dates)

    assert review_all(client, batch) == 4

    for name in SEED_NAMES:
        truth = seed_truth(name)
        meeting = Meeting.objects.get(forum__name=truth["forum"], date=truth["date"])
        assert_meeting_equals_truth(meeting, truth)
    answers, cases = register_links()
    # The demo's chain links of the two matters are made ...
    demo_matter_answers = {
        (a, b)
        for a, b in answers_wanted
        if any(a[:3] in items or b[:3] in items for items in matters_wanted.values())
    }
    assert demo_matter_answers <= answers
    for items in matters_wanted.values():
        assert items in cases
    # ... and nothing is linked that the demo does not hold.
    assert answers <= answers_wanted
    for case in cases:
        assert any(case <= held for held in demo_cases), case


def test_a_meeting_saved_later_completes_the_referral_of_one_saved_earlier(
    client, administrator, immediate_tasks
):
    """Reviewed latest first, the earlier meetings come into the register after the later
    ones that answer them: the proposals run in that direction too."""
    answers_wanted, matters_wanted, _cases = demo_links()
    client.force_login(administrator)
    upload_files(
        immediate_tasks,
        client,
        [(f"{n}.txt", (SEEDS / f"{n}.txt").read_bytes()) for n in SEED_NAMES],
    )
    batch = ImportBatch.objects.get()

    review_all(client, batch, latest_first=True)

    answers, cases = register_links()
    assert answers == {
        (a, b)
        for a, b in answers_wanted
        if any(a[:3] in items for items in matters_wanted.values())
    }
    for items in matters_wanted.values():
        assert items in cases


def test_links_are_made_only_when_ticked(client, administrator, immediate_tasks):
    client.force_login(administrator)
    upload_files(
        immediate_tasks,
        client,
        [(f"{n}.txt", (SEEDS / f"{n}.txt").read_bytes()) for n in SEED_NAMES[:2]],
    )
    batch = ImportBatch.objects.get()
    first, second = batch.documents.reviewable().in_review_order()
    url = reverse("import_document", args=[first.pk])
    response = client.post(url, review_data(client.get(url), "save_next"))
    # "Save and next" goes to the next minutes in date order.
    assert response.url == reverse("import_document", args=[second.pk])

    response = client.get(response.url)
    page = response.content.decode()
    assert "Föreslagna länkar" in page
    assert "Minnesanteckningar 2 av 2 i omgången" in page and "1 är klar." in page
    proposals = [p for entry in response.context["items"] for p, _checked in entry["proposals"]]
    answer = next(p for p in proposals if p.kind == "answer")
    assert answer.reason in page
    data = review_data(response, "save_next")
    data["link"] = [answer.key]

    response = client.post(reverse("import_document", args=[second.pk]), data)

    assert response.url == reverse("import_batch", args=[batch.pk])
    answered = Decision.objects.get(answers__isnull=False)
    assert (answered.item.meeting.forum.code, answered.item.number) == ("LCHNV", "8")
    assert answered.answers.item.meeting.forum.code == "VFR"
    # The case was not ticked, so none was made.
    assert not Case.objects.exists()
    history = answered.history.latest()
    assert history.history_user == administrator


def test_previous_and_next_follow_the_date_order(client, administrator, immediate_tasks):
    client.force_login(administrator)
    upload_files(
        immediate_tasks,
        client,
        [(f"{n}.txt", (SEEDS / f"{n}.txt").read_bytes()) for n in reversed(SEED_NAMES)],
    )
    batch = ImportBatch.objects.get()
    queue = list(batch.documents.reviewable().in_review_order())
    assert [d.name for d in queue] == [f"{n}.txt" for n in SEED_NAMES]

    page = client.get(reverse("import_document", args=[queue[1].pk])).content.decode()

    assert "Minnesanteckningar 2 av 4 i omgången" in page
    assert f'href="{reverse("import_document", args=[queue[0].pk])}" rel="prev"' in page
    assert f'href="{reverse("import_document", args=[queue[2].pk])}" rel="next"' in page
    batch_page = client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert f'href="{reverse("import_document", args=[queue[0].pk])}"' in batch_page
    assert "Granska minnesanteckningarna, de tidigaste först" in batch_page


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def mixed_zip() -> bytes:
    vfr_text = seed_text("vfr-2020-03-11")
    return zip_of(
        {
            "2020/vfr-2020-03-11.txt": vfr_text.encode(),
            "2020/kopia/vfr-2020-03-11.docx": as_docx(vfr_text),
            "2020/lchnv-2020-05-08.txt": seed_text("chnv-2020-05-08").encode(),
            "2022/schnv-2022-09-23.txt": seed_text("schnv-2022-09-23").encode(),
            "../utanfor.txt": b"Valfardsradet",
            "inre.zip": zip_of({"a.txt": b"x"}),
            "bild.png": b"\x89PNG",
            "trasig.pdf": b"%PDF-1.4 trasig",
            "__MACOSX/._vfr-2020-03-11.txt": b"\x00\x05",
        }
    )


def test_each_problem_of_a_zip_is_reported_and_the_rest_saved(
    client, vfr_secretary, lchnv, immediate_tasks, mixed_zip
):
    from council.models import Membership, Role

    # The secretary keeps the minutes of VFR and LCHNV, not of SCHNV.
    Membership.objects.create(
        forum=lchnv, person=vfr_secretary.person, role=Role.SECRETARY, principal=None
    )
    client.force_login(vfr_secretary)
    response = upload_files(immediate_tasks, client, [("arkiv.zip", mixed_zip)])
    batch = ImportBatch.objects.get()
    assert response.url == reverse("import_batch", args=[batch.pk])
    by_name = {d.name: d for d in batch.documents.all()}

    assert "__MACOSX/._vfr-2020-03-11.txt" not in by_name
    assert {name: d.status for name, d in by_name.items()} == {
        "2020/vfr-2020-03-11.txt": "parsed",
        "2020/kopia/vfr-2020-03-11.docx": "duplicate",
        "2020/lchnv-2020-05-08.txt": "parsed",
        "2022/schnv-2022-09-23.txt": "refused",
        "../utanfor.txt": "refused",
        "inre.zip": "refused",
        "bild.png": "refused",
        "trasig.pdf": "refused",
    }
    messages = {name: d.message for name, d in by_name.items()}
    assert messages["2020/kopia/vfr-2020-03-11.docx"] == (
        "Samma minnesanteckningar finns i den här uppladdningen som 2020/vfr-2020-03-11.txt."
    )
    assert (
        "Socialchefsnätverket, som du inte för minnesanteckningar för"
        in messages["2022/schnv-2022-09-23.txt"]
    )
    assert messages["../utanfor.txt"] == "Namnet pekar ut ur arkivet."
    assert messages["inre.zip"] == "Ett arkiv inuti arkivet läses inte."
    assert messages["bild.png"].startswith("Bara textfiler (.txt), Word-dokument")
    assert messages["trasig.pdf"] == "Filen är ingen PDF som går att läsa."
    page = client.get(response.url).content.decode()
    for message in messages.values():
        assert message.replace("å", "&aring;") in page or message in page

    assert review_all(client, batch, button="save_next") == 2

    assert sorted(Meeting.objects.values_list("forum__code", flat=True)) == ["LCHNV", "VFR"]


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        (b"PK\x03\x04 inte ett arkiv", "Filen är inget zip-arkiv som går att läsa."),
        (zip_of({f"{n}.txt": b"x" for n in range(1001)}), "högst 1000 läses"),
        (zip_of({"bomb.txt": b"0" * (30 * 1024 * 1024)}), "packas upp till långt mer data"),
    ],
    ids=["not-a-zip", "too-many-entries", "zip-bomb"],
)
def test_a_zip_that_cannot_be_read_is_refused_whole(
    client, vfr_secretary, immediate_tasks, archive, message
):
    client.force_login(vfr_secretary)
    response = upload_files(immediate_tasks, client, [("arkiv.zip", archive)])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not ImportDocument.objects.exists()


def test_saving_the_clean_minutes_of_a_batch(client, administrator, immediate_tasks):
    client.force_login(administrator)
    upload_files(
        immediate_tasks,
        client,
        [(f"{n}.txt", (SEEDS / f"{n}.txt").read_bytes()) for n in SEED_NAMES],
    )
    batch = ImportBatch.objects.get()
    clean = list(batch.documents.reviewable().filter(warnings=0))
    assert clean, "the seeds read without a warning"
    page = client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert "Spara dem som lästes utan varning" in page
    assert f'<span data-count="clean">{len(clean)}</span>' in page

    response = immediate_tasks(client, reverse("import_save_clean", args=[batch.pk]), {})

    assert response.url == reverse("import_batch", args=[batch.pk])
    assert Meeting.objects.count() == len(clean)
    assert batch.documents.filter(status="saved").count() == len(clean)
    batch.refresh_from_db()
    assert batch.saving_since is None
    # Without the box ticked, nothing is linked.
    assert not Decision.objects.filter(answers__isnull=False).exists()


def test_the_review_of_minutes_read_before_a_change_of_the_reading(
    client, administrator, immediate_tasks
):
    client.force_login(administrator)
    upload_files(immediate_tasks, client, [("vfr.txt", seed_text("vfr-2020-03-11").encode())])
    document = ImportDocument.objects.get()
    ImportDocument.objects.filter(pk=document.pk).update(state={"version": 1})

    response = client.get(reverse("import_document", args=[document.pk]))

    assert response.url == reverse("import_batch", args=[document.batch_id])


def test_an_unknown_document_or_batch_is_not_found(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("import_document", args=[999])).status_code == 404
    assert client.get(reverse("import_batch", args=[999])).status_code == 404
    assert client.get(reverse("import_batch", args=[999]), {"format": "json"}).status_code == 404
