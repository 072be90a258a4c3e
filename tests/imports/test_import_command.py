"""manage.py import_minutes: the seeds' JSON, a draft meeting, and no second import."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from council.models import Forum
from imports.models import ImportBatch
from meetings.models import AgendaItemPresenter, Assignment, Decision, Meeting
from tests.conftest import FIXTURES, SEED_NAMES, seed_truth
from tests.imports.conftest import seed_text
from tools.benchdata import as_docx

SEEDS = FIXTURES / "seeds"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_minutes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", SEED_NAMES)
def test_json_prints_exactly_the_seeds_schema_and_stores_nothing(reference, name):
    out, _ = run(str(SEEDS / f"{name}.txt"), "--json", "--dry-run")

    assert json.loads(out) == seed_truth(name)
    assert not Meeting.objects.exists()


def test_json_from_a_word_document(reference, tmp_path):
    path = tmp_path / "lchnv.docx"
    path.write_bytes(as_docx(seed_text("lchnv-2021-04-16")))

    out, _ = run(str(path), "--json", "--dry-run")

    assert json.loads(out) == seed_truth("lchnv-2021-04-16")


def test_import_creates_a_draft_meeting_signed_by_the_user(reference, administrator):
    out, err = run(str(SEEDS / "chnv-2020-05-08.txt"), "--user", "ada")

    meeting = Meeting.objects.get()
    assert "Länschefsnätverket 2020-05-08: 12 items, 15 decisions" in out
    assert f"Created draft meeting {meeting.pk}" in err
    assert meeting.status == Meeting.Status.MINUTES_DRAFT
    assert meeting.forum.code == "LCHNV"
    assert (meeting.place, f"{meeting.start_time:%H:%M}", f"{meeting.end_time:%H:%M}") == (
        "Skype",
        "09:30",
        "12:00",
    )
    assert len(meeting.import_checksum) == 64
    assert meeting.attendances.count() == 22
    assert meeting.attendance_note == "samt föredragande enligt nedan."
    truth = seed_truth("chnv-2020-05-08")
    items = list(meeting.items.order_by("position"))
    assert [(i.number, i.title) for i in items] == [
        (i["number"], i["title"]) for i in truth["items"]
    ]
    assert items[5].attachment_refs == "Bilaga 4, 5"
    assert items[6].presenters.order_by("position").first().title == (
        "Bitr. avdelningschef Dalarnas hjälpmedelscenter"
    )
    assert [p.name for p in items[6].presenters.order_by("position")] == truth["items"][6][
        "presenters"
    ]
    decisions = Decision.objects.filter(item__meeting=meeting).order_by(
        "item__position", "position"
    )
    assert [(d.text, d.kind) for d in decisions] == [
        (d["text"], d["kind"]) for i in truth["items"] for d in i["decisions"]
    ]
    referrals = decisions.filter(kind=Decision.Kind.REFERRED)
    assert {d.referred_to.code for d in referrals} == {"VFR"}
    assert meeting.history.earliest().history_user == administrator
    assert decisions.first().history.earliest().history_user == administrator


def test_groups_present_and_clear_assignments_are_created(reference):
    run(str(SEEDS / "lchnv-2021-04-16.txt"))

    meeting = Meeting.objects.get()
    steering = Forum.objects.get(code="SG-LCHNV")
    presenters = AgendaItemPresenter.objects.filter(item__meeting=meeting, item__number="12")
    assert [p.name for p in presenters.order_by("position")] == [
        "Styrgrupp LCHNV",
        "Tanja Mårtensson",
        "Kristina Kumlin Bergenstråle",
    ]
    assert presenters.order_by("position").first().forum == steering
    assignments = Assignment.objects.filter(decision__item__meeting=meeting)
    by_item = {a.decision.item.number: a for a in assignments}
    assert by_item["5"].assignee_principal.name == "Region Dalarna"
    assert by_item["11"].assignee_forum == steering
    assert all(a.report_to_forum == meeting.forum for a in assignments)
    # Changes made by a command without --user are signed by the system account.
    assert meeting.history.earliest().history_user.username == "system"


def test_a_second_import_of_the_same_minutes_is_refused(reference):
    path = str(SEEDS / "schnv-2022-09-23.txt")
    run(path)

    with pytest.raises(CommandError, match="redan importerats som mötet Socialchefsnätverket"):
        run(path)
    assert Meeting.objects.count() == 1


def test_minutes_of_a_meeting_already_in_the_register_are_refused(reference, tmp_path):
    run(str(SEEDS / "schnv-2022-09-23.txt"))
    other_file = tmp_path / "schnv.docx"
    other_file.write_bytes(as_docx(seed_text("schnv-2022-09-23").replace("Tanja", "T.")))

    with pytest.raises(CommandError, match="har redan ett möte 2022-09-23"):
        run(str(other_file))
    assert Meeting.objects.count() == 1


def test_a_bad_file_is_reported_and_nothing_is_stored(reference, tmp_path):
    path = tmp_path / "skräp.pdf"
    path.write_bytes(b"inte en pdf" * 50)

    with pytest.raises(CommandError, match="Filen är ingen PDF som går att läsa."):
        run(str(path))
    assert not Meeting.objects.exists()


def test_an_unknown_user_is_refused(reference):
    with pytest.raises(CommandError, match="No such user"):
        run(str(SEEDS / "vfr-2020-03-11.txt"), "--user", "nobody")
    assert not Meeting.objects.exists()
    assert not get_user_model().objects.filter(username="nobody").exists()


def test_the_service_refuses_what_the_register_cannot_hold(reference, administrator):
    from imports.forums import forum_resolver
    from imports.parser import parse_minutes
    from imports.services import ImportRefused, create_draft_meeting

    def parsed():
        return parse_minutes(seed_text("vfr-2020-03-11"), resolve_forum=forum_resolver())

    unknown = parsed()
    unknown.forum = "Okänt nätverk"
    no_target = parsed()
    no_target.items[2].decisions[1].kind = "referred"
    long_title = parsed()
    long_title.items[0].title = "Ö" * 501
    cases = [
        (unknown, "Välj det forum vars möte minnesanteckningarna gäller."),
        (no_target, "Punkt 3, att-sats 2: ange vilket forum ärendet skickas vidare till."),
        (long_title, "Rubriken på punkt 1 är längre än 500 tecken."),
    ]
    for minutes, message in cases:
        with pytest.raises(ImportRefused) as refused:
            create_draft_meeting(parsed=minutes, user=administrator, checksum="x" * 64)
        assert refused.value.message == message
    assert not Meeting.objects.exists()


# --- many files: folders and zip archives, as one batch --------------------------------


def seed_folder(tmp_path, names=SEED_NAMES):
    folder = tmp_path / "minnesanteckningar"
    (folder / "2020").mkdir(parents=True)
    for name in names:
        (folder / "2020" / f"{name}.txt").write_text(seed_text(name), encoding="utf-8")
    (folder / "2020" / "Thumbs.db").write_bytes(b"\x00")
    return folder


def test_a_folder_is_loaded_earliest_first_with_the_links_made(reference, tmp_path):
    out, _ = run(str(seed_folder(tmp_path)), "--link", "--json")

    report = json.loads(out)
    assert sorted(r["file"] for r in report) == sorted(f"2020/{n}.txt" for n in SEED_NAMES)
    assert {r["status"] for r in report} == {"saved"}
    for row in report:
        name = row["file"].removeprefix("2020/").removesuffix(".txt")
        assert row["meeting"] == seed_truth(name)
    made = [link for r in report for link in r["links"] if link["kind"] == "answer"]
    assert made and all(link["made"] for link in made)
    assert Meeting.objects.count() == 4
    answers = {
        (d.item.meeting.forum.code, d.item.number, d.answers.item.meeting.forum.code)
        for d in Decision.objects.filter(answers__isnull=False)
    }
    assert answers == {("LCHNV", "8", "VFR"), ("LCHNV", "10", "VFR")}
    assert Meeting.objects.first().history.earliest().history_user.username == "system"


def test_without_link_the_proposals_are_only_printed(reference, tmp_path):
    out, _ = run(str(seed_folder(tmp_path, SEED_NAMES[:2])))

    assert "2020/chnv-2020-05-08.txt: saved Länschefsnätverket 2020-05-08" in out
    assert "föreslagen: Att-sats 1 i Länschefsnätverket 2020-05-08 p. 8 besvarar" in out
    assert "länkad:" not in out
    assert Meeting.objects.count() == 2
    assert not Decision.objects.filter(answers__isnull=False).exists()


def test_a_zip_and_a_file_together_with_a_bad_entry_and_a_twin(reference, tmp_path):
    import zipfile

    archive = tmp_path / "arkiv.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("vfr.txt", seed_text("vfr-2020-03-11"))
        z.writestr("vfr-kopia.docx", as_docx(seed_text("vfr-2020-03-11")))
        z.writestr("trasig.pdf", b"%PDF trasig")
    single = tmp_path / "schnv.txt"
    single.write_text(seed_text("schnv-2022-09-23"), encoding="utf-8")

    out, _ = run(str(archive), str(single), "--json")

    status = {r["file"]: (r["status"], r["message"]) for r in json.loads(out)}
    assert status == {
        "vfr.txt": ("saved", ""),
        "vfr-kopia.docx": (
            "duplicate",
            "Samma minnesanteckningar finns i den här uppladdningen som vfr.txt.",
        ),
        "trasig.pdf": ("refused", "Filen är ingen PDF som går att läsa."),
        "schnv.txt": ("saved", ""),
    }
    assert Meeting.objects.count() == 2


def test_a_dry_run_of_a_folder_stores_nothing(reference, tmp_path):
    out, _ = run(str(seed_folder(tmp_path)), "--link", "--dry-run")

    assert out.count(": saved ") == 4
    assert not Meeting.objects.exists()
    assert not ImportBatch.objects.exists()
    assert not get_user_model().objects.exists()


def test_a_missing_path_is_refused(reference, tmp_path):
    with pytest.raises(CommandError, match="No such file or folder"):
        run(str(tmp_path / "saknas"), str(SEEDS / "vfr-2020-03-11.txt"))
    assert not Meeting.objects.exists()
