"""Backups: what `backup` writes, `restore` gives back row for row and byte for byte, on
whichever database the suite runs on; an archive that does not match its manifest, or a
database that already holds data, is refused before anything changes."""

import copy
import datetime
import hashlib
import io
import json
import re
import sqlite3
import tarfile
from collections.abc import Callable
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from council.backup import BackupError, create_backup, restore_backup
from meetings.models import Attachment, Meeting
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date

pytestmark = pytest.mark.django_db(transaction=True)

# Every installed model's table, the history tables among them.
MODEL_TABLES = sorted(
    {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
)
STRAY_FILE = "kept-uploads/Bilaga å ä ö.pdf"


@pytest.fixture
def register(vfr, settings, tmp_path) -> Meeting:
    """A meeting with a changed decision (two history rows), two attachments and a file
    under MEDIA_ROOT that no attachment names, in a folder and with Swedish letters."""
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = make_meeting(vfr, D(2026, 3, 11))
    item = make_item(meeting, "4", "Handlingsplan för äldreomsorgen")
    decision = make_decision(item, "att godkänna handlingsplanen.")
    decision.text = "att godkänna den reviderade handlingsplanen."
    decision.save()
    Attachment.objects.create(
        meeting=meeting,
        item=item,
        number="1",
        title="Handlingsplan",
        file=ContentFile(b"%PDF-1.4 handlingsplan", name="handlingsplan.pdf"),
    )
    Attachment.objects.create(
        meeting=meeting,
        number="2",
        title="Budget",
        file=ContentFile(bytes(range(256)) * 64, name="budget.xlsx"),
    )
    stray = settings.MEDIA_ROOT / STRAY_FILE
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"%PDF-1.4 kvar sedan ett misslyckat sparande")
    return meeting


@pytest.fixture
def empty_database(tmp_path):
    """Django settings of an empty database of the suite's kind, dropped after the test:
    a new file on SQLite; on PostgreSQL a database named after the test database."""
    target = copy.deepcopy(connection.settings_dict)
    target.pop("TEST", None)
    if connection.vendor == "sqlite":
        target["NAME"] = str(tmp_path / "restored.sqlite3")
        yield target
        return
    target["NAME"] = f"{connection.settings_dict['NAME']}_restore"
    name = connection.ops.quote_name(target["NAME"])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name} TEMPLATE template0")
    yield target
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def raw_connection(database: dict):
    """A DB-API connection of the test's own, apart from what the backup code uses."""
    if database["ENGINE"].endswith("sqlite3"):
        db = sqlite3.connect(database["NAME"])
    else:
        import psycopg

        db = psycopg.connect(
            dbname=database["NAME"],
            host=database["HOST"] or None,
            port=database["PORT"] or None,
            user=database["USER"] or None,
            password=database["PASSWORD"] or None,
        )
    try:
        yield db
    finally:
        db.close()


def contents(database: dict) -> dict:
    """The rows of every model table, and the decisions and attachments themselves."""
    with raw_connection(database) as db:
        cursor = db.cursor()
        counts = {}
        for table in MODEL_TABLES:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        cursor.execute("SELECT id, text FROM meetings_decision ORDER BY id")
        decisions = [tuple(row) for row in cursor.fetchall()]
        cursor.execute("SELECT id, number, file FROM meetings_attachment ORDER BY id")
        attachments = [tuple(row) for row in cursor.fetchall()]
    return {"counts": counts, "decisions": decisions, "attachments": attachments}


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def live_database() -> dict:
    return connection.settings_dict


def test_backup_then_restore_into_an_empty_database_gives_every_row_and_file_back(
    register, empty_database, tmp_path
):
    before = contents(live_database())
    files = checksums(settings.MEDIA_ROOT)
    assert before["counts"]["meetings_historicaldecision"] == 2
    assert before["counts"]["meetings_attachment"] == 2
    assert len(files) == 3

    backup = create_backup(output=tmp_path / "backups")

    assert re.fullmatch(r"beslutsregistret-\d{4}-\d\d-\d\d-\d{6}\.tar\.gz", backup.path.name)
    with tarfile.open(backup.path) as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        names = set(archive.getnames())
    assert {table: manifest["tables"][table] for table in MODEL_TABLES} == before["counts"]
    assert manifest["tables"]["django_migrations"] > 0
    assert {name: entry["sha256"] for name, entry in manifest["media"].items()} == files
    assert names == {"manifest.json", manifest["database"]["file"]} | {
        f"media/{name}" for name in files
    }
    assert manifest["database"]["engine"] == connection.settings_dict["ENGINE"]

    restored_media = tmp_path / "restored-media"
    restored = restore_backup(backup.path, database=empty_database, media_root=restored_media)

    assert contents(empty_database) == before
    assert checksums(restored_media) == files
    assert restored.tables == backup.tables

    # Now the target holds the register, and is not restored into again without --force.
    with pytest.raises(BackupError) as refused:
        restore_backup(backup.path, database=empty_database, media_root=restored_media)
    assert empty_database["NAME"] in refused.value.message


def test_the_commands_back_up_and_with_force_restore_over_what_the_database_holds(
    register, tmp_path
):
    before = contents(live_database())
    files = checksums(settings.MEDIA_ROOT)
    archive = tmp_path / "backups" / "nightly.tar.gz"
    out = StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert archive.is_file()
    assert str(archive) in out.getvalue()

    # Later: a new meeting, an attachment changed and another lost.
    make_meeting(register.forum, D(2026, 5, 20))
    media = Path(settings.MEDIA_ROOT)
    (media / Attachment.objects.get(number="1").file.name).write_bytes(b"%PDF-1.4 ny")
    (media / Attachment.objects.get(number="2").file.name).unlink()

    out = StringIO()
    call_command("restore", str(archive), "--force", stdout=out)

    assert contents(live_database()) == before
    assert checksums(media) == files
    assert Meeting.objects.get().items.get().decisions.get().text == (
        "att godkänna den reviderade handlingsplanen."
    )
    with tarfile.open(archive) as backup:
        manifest = json.loads(backup.extractfile("manifest.json").read())
    assert f" {sum(manifest['tables'].values())} " in out.getvalue()


def _flip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


def _attachment_member() -> str:
    return f"media/{Attachment.objects.get(number='1').file.name}"


def changed_file(member: str) -> Callable[[str, bytes], bytes | None]:
    return lambda name, data: _flip(data) if name == member else data


def changed_checksum(member: str) -> Callable[[str, bytes], bytes | None]:
    def change(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        entry = manifest["media"][member.removeprefix("media/")]
        entry["sha256"] = hashlib.sha256(b"something else").hexdigest()
        return json.dumps(manifest).encode()

    return change


def missing_file(member: str) -> Callable[[str, bytes], bytes | None]:
    return lambda name, data: None if name == member else data


def changed_dump(member: str) -> Callable[[str, bytes], bytes | None]:
    return lambda name, data: _flip(data) if name.startswith("database.") else data


def rewrite(archive: Path, out: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    with tarfile.open(archive, "r:gz") as source, tarfile.open(out, "w:gz") as target:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
    return out


TAMPERINGS = [changed_file, changed_checksum, missing_file, changed_dump]


def test_restore_refuses_a_tampered_archive_or_a_database_with_data_before_anything_changes(
    register, tmp_path, monkeypatch
):
    """One test for all the refusals, as each transactional test costs a flush."""
    backup = create_backup(output=tmp_path / "backups")
    member = _attachment_member()
    tampered = {
        change: rewrite(backup.path, tmp_path / f"{change.__name__}.tar.gz", change(member))
        for change in TAMPERINGS
    }
    # What the database and the files hold now differs from the archive, so that a
    # restore, had it begun, would show.
    later = make_meeting(register.forum, D(2026, 5, 20))
    (Path(settings.MEDIA_ROOT) / member.removeprefix("media/")).write_bytes(b"%PDF-1.4 ny")
    before = contents(live_database())
    files = checksums(settings.MEDIA_ROOT)

    for change, archive in tampered.items():
        # Not even --force lets an archive that does not match its manifest through.
        with pytest.raises(BackupError) as refused:
            restore_backup(
                archive, database=live_database(), media_root=settings.MEDIA_ROOT, force=True
            )
        expected = "database." if change is changed_dump else member
        assert expected in refused.value.message, change.__name__
        assert contents(live_database()) == before, change.__name__
        assert checksums(settings.MEDIA_ROOT) == files, change.__name__

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup.path), stdout=StringIO())
    assert str(live_database()["NAME"]) in str(refused.value)
    assert contents(live_database()) == before
    assert checksums(settings.MEDIA_ROOT) == files
    assert Meeting.objects.filter(pk=later.pk).exists()

    # And the check after the restore sees what went wrong: here the files are left as
    # they are, so the changed attachment does not match its checksum.
    monkeypatch.setattr("council.backup._restore_media", lambda *args: None)
    with pytest.raises(CommandError) as mismatch:
        call_command("restore", str(backup.path), "--force", stdout=StringIO())
    assert member.removeprefix("media/") in str(mismatch.value)
    assert not Meeting.objects.filter(pk=later.pk).exists()
