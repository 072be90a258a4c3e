"""Backups of the register: the database and every file under MEDIA_ROOT in one archive,
with a manifest that lets a restore prove it got back what was saved.

An archive (``beslutsregistret-YYYY-MM-DD-HHMMSS.tar.gz``) holds

- ``database.dump``, made by ``pg_dump --format=custom`` on PostgreSQL, or
  ``database.sqlite3``, a copy made with SQLite's online backup API (never a copy of the
  live file, which may be half-way through a write);
- ``media/<path>``: every file under MEDIA_ROOT, by its path below it;
- ``manifest.json``, last: the format, when and from what the archive was made, the rows
  of every table, and the size and SHA-256 of the dump and of every file.

The row counts are taken from the very state that was dumped: on PostgreSQL pg_dump
reads the snapshot of the transaction that counted, on SQLite the counts are read from
the copy. A restore reads the whole archive and checks it against the manifest before it
touches anything, refuses a database that already holds data unless forced, and after
restoring counts every table and hashes every file again.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import ConnectionHandler
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from council.errors import DomainError

FORMAT = "beslutsregistret-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
# What `manage.py migrate` writes into a new database by itself: a database with rows in
# these tables only is as empty as a fresh installation's.
FILLED_BY_MIGRATE = frozenset({"django_migrations", "django_content_type", "auth_permission"})
# Connection settings that libpq programs read from the environment, so that none of
# them (above all the password) shows on a command line.
LIBPQ_ENVIRONMENT = {
    "HOST": "PGHOST",
    "PORT": "PGPORT",
    "USER": "PGUSER",
    "PASSWORD": "PGPASSWORD",
}
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024
# A problem list in a message names this many and counts the rest.
LISTED_PROBLEMS = 10

Progress = Callable[[str], None]
DATABASE_ERRORS = (DatabaseError, InterfaceError)


class BackupError(DomainError):
    """The backup or restore stopped; the message says why, in the user's language."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    tables: dict[str, int]
    database_size: int
    media_files: int
    media_size: int
    seconds: float


@dataclass(frozen=True)
class CheckedArchive:
    """An archive whose every member matched its manifest; the dump is unpacked."""

    manifest: dict[str, Any]
    vendor: str
    dump: Path
    media: dict[str, dict[str, Any]]

    @property
    def media_size(self) -> int:
        return sum(entry["size"] for entry in self.media.values())


@dataclass(frozen=True)
class RestoreResult:
    tables: dict[str, int]
    database_size: int
    media_files: int
    media_size: int
    left_in_place: int
    seconds: float


# --- backup ---------------------------------------------------------------------------


def archive_name(moment: datetime.datetime | None = None) -> str:
    return f"beslutsregistret-{timezone.localtime(moment):%Y-%m-%d-%H%M%S}.tar.gz"


def default_directory() -> Path:
    return Path(getattr(settings, "BACKUP_DIR", None) or Path(settings.BASE_DIR) / "backups")


def create_backup(
    *,
    output: Path | None = None,
    database: dict[str, Any] | None = None,
    media_root: Path | None = None,
    progress: Progress | None = None,
) -> BackupResult:
    """Write one archive of ``database`` (default: Django's) and every file under
    ``media_root`` (default: MEDIA_ROOT). ``output`` is a directory for an archive named
    by the time, or the archive's own path; without it, BACKUP_DIR."""
    started = time.monotonic()
    report = progress or (lambda message: None)
    database = database or connections[DEFAULT_DB_ALIAS].settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    vendor = _vendor(database)
    target = _archive_path(Path(output) if output else default_directory())
    if target.parent.resolve().is_relative_to(media_root.resolve()):
        raise BackupError(
            _(
                "Write the backup outside MEDIA_ROOT (%(path)s): there each backup would hold the "
                "ones before it."
            )
            % {"path": media_root}
        )
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise _unwritable(target, error) from error

    with tempfile.TemporaryDirectory(prefix=".backup-", dir=target.parent) as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        if vendor == "postgresql":
            tables = _dump_postgresql(database, dump)
        else:
            tables = _dump_sqlite(database, dump)
        report(
            _("Database saved: %(tables)d tables, %(rows)d rows, %(size)s.")
            % {
                "tables": len(tables),
                "rows": sum(tables.values()),
                "size": filesizeformat(dump.stat().st_size),
            }
        )
        # Written beside the target under another name and renamed once complete, so
        # that a backup that fails half-way never leaves an archive that looks whole.
        partial = target.with_name(f".{target.name}.partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw:
                with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                    database_entry = _add_file(tar, dump, dump.name)
                    media = {
                        relative: _add_file(tar, path, f"{MEDIA_DIR}/{relative}")
                        for relative, path in _media_files(media_root)
                    }
                    manifest = _manifest(database, vendor, database_entry, tables, media)
                    _add_bytes(tar, MANIFEST, _dumps(manifest))
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, target)
        except BaseException as error:
            partial.unlink(missing_ok=True)
            if isinstance(error, OSError):
                raise _unwritable(target, error) from error
            raise

    media_size = sum(entry["size"] for entry in media.values())
    report(
        _("Files saved: %(files)d (%(size)s) from %(path)s.")
        % {"files": len(media), "size": filesizeformat(media_size), "path": media_root}
    )
    return BackupResult(
        path=target,
        size=target.stat().st_size,
        tables=tables,
        database_size=database_entry["size"],
        media_files=len(media),
        media_size=media_size,
        seconds=time.monotonic() - started,
    )


def _unwritable(target: Path, error: OSError) -> BackupError:
    return BackupError(
        _("The backup could not be written to “%(path)s”: %(error)s")
        % {"path": target, "error": error}
    )


def _archive_path(output: Path) -> Path:
    if output.name.endswith((".tar.gz", ".tgz")) and not output.is_dir():
        return output
    return output / archive_name()


def _manifest(
    database: dict[str, Any],
    vendor: str,
    database_entry: dict[str, Any],
    tables: dict[str, int],
    media: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    try:
        app_version = metadata.version("beslutsregistret")
    except metadata.PackageNotFoundError:
        app_version = None
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": timezone.now().isoformat(timespec="seconds"),
        "app_version": app_version,
        "django_version": django.get_version(),
        "database": {
            "engine": database["ENGINE"],
            "vendor": vendor,
            "file": DUMP_NAMES[vendor],
            **database_entry,
        },
        "tables": tables,
        "media": media,
    }


def _dump_sqlite(database: dict[str, Any], dump: Path) -> dict[str, int]:
    name = str(database["NAME"])
    if not Path(name).is_file():
        raise BackupError(_("There is no SQLite database file at “%(path)s”.") % {"path": name})
    timeout = (database.get("OPTIONS") or {}).get("timeout", 20)
    try:
        with (
            closing(sqlite3.connect(name, timeout=timeout)) as source,
            closing(sqlite3.connect(dump)) as snapshot,
        ):
            source.backup(snapshot)
            # The copy takes the live file's WAL mode with it; one file is what to keep.
            snapshot.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(
            _("The SQLite database “%(path)s” could not be copied: %(error)s")
            % {"path": name, "error": error}
        ) from error
    return row_counts({"ENGINE": database["ENGINE"], "NAME": str(dump)})


def _dump_postgresql(database: dict[str, Any], dump: Path) -> dict[str, int]:
    pg_dump = _client("pg_dump")
    with _connection(database) as connection:
        try:
            # pg_dump reads the snapshot this transaction exports, so that the counts in
            # the manifest are those of the dump even while the site keeps writing.
            connection.set_autocommit(False)
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                tables = _count_rows(connection, cursor)
        except DATABASE_ERRORS as error:
            raise _unreadable(database, error) from error
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={dump}",
                *_dbname(database),
            ],
            database,
        )
        connection.rollback()
    return tables


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    if not root.is_dir():
        return
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory, name)
            if path.is_file():
                yield path.relative_to(root).as_posix(), path


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    changed = BackupError(
        _("“%(path)s” changed while it was being saved. Make the backup again.") % {"path": path}
    )
    try:
        file = open(path, "rb")  # noqa: SIM115 (closed below, whatever happens)
    except FileNotFoundError as error:
        raise changed from error
    with file:
        info = tar.gettarinfo(arcname=name, fileobj=file)
        _anonymous(info)
        reader = _HashingReader(file)
        try:
            tar.addfile(info, reader)
        except OSError as error:
            if reader.size < info.size:  # the file was shorter than when it was looked at
                raise changed from error
            raise
    return reader.entry()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    _anonymous(info)
    tar.addfile(info, io.BytesIO(data))


def _anonymous(info: tarfile.TarInfo) -> None:
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""


def _dumps(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()


class _HashingReader:
    """A file read through, with the SHA-256 and size of what was read."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.hash = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.hash.update(data)
        self.size += len(data)
        return data

    def entry(self) -> dict[str, Any]:
        return {"sha256": self.hash.hexdigest(), "size": self.size}


def _copy_hashing(source: IO[bytes], sink: IO[bytes] | None = None) -> dict[str, Any]:
    reader = _HashingReader(source)
    while data := reader.read(CHUNK):
        if sink is not None:
            sink.write(data)
    return reader.entry()


def file_entry(path: Path) -> dict[str, Any]:
    """The size and SHA-256 of a file, as the manifest gives them."""
    with open(path, "rb") as file:
        return _copy_hashing(file)


# --- restore --------------------------------------------------------------------------


def read_archive(path: Path, workdir: Path) -> CheckedArchive:
    """The archive at ``path``, once every member matched the manifest; the database dump
    is unpacked into ``workdir``. Raises BackupError naming what does not match."""
    path = _existing(path)
    found: dict[str, dict[str, Any]] = {}
    manifest_data: bytes | None = None
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                name = member.name
                if member.isdir():  # as tar writes when an archive is packed again by hand
                    continue
                if name in found or (name == MANIFEST and manifest_data is not None):
                    raise BackupError(
                        _("The archive holds “%(name)s” more than once.") % {"name": name}
                    )
                if not member.isfile():
                    raise BackupError(
                        _("The archive holds “%(name)s”, which is not a plain file.")
                        % {"name": name}
                    )
                content = tar.extractfile(member)
                if name == MANIFEST:
                    manifest_data = content.read(MANIFEST_MAX_BYTES + 1)
                elif name in DUMP_NAMES.values():
                    with open(workdir / name, "wb") as sink:
                        found[name] = _copy_hashing(content, sink)
                elif media_path(name) is not None:
                    found[name] = _copy_hashing(content)
                else:
                    raise BackupError(
                        _(
                            "The archive holds “%(name)s”, which a backup of the register never "
                            "holds."
                        )
                        % {"name": name}
                    )
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(
            _("“%(path)s” cannot be read as a backup archive: %(error)s")
            % {"path": path, "error": error}
        ) from error

    manifest = _parse_manifest(path, manifest_data)
    database = manifest["database"]
    expected = {database["file"]: database}
    expected.update({f"{MEDIA_DIR}/{name}": entry for name, entry in manifest["media"].items()})
    problems = [
        *(_("“%(name)s” is missing") % {"name": name} for name in expected if name not in found),
        *(
            _("“%(name)s” does not match its checksum") % {"name": name}
            for name, entry in expected.items()
            if name in found and not _same(found[name], entry)
        ),
        *(
            _("“%(name)s” is not in the manifest") % {"name": name}
            for name in found
            if name not in expected
        ),
    ]
    if problems:
        raise BackupError(
            _(
                "The archive does not match its manifest, so nothing has been restored: "
                "%(problems)s."
            )
            % {"problems": _listing(problems)}
        )
    return CheckedArchive(
        manifest=manifest,
        vendor=database["vendor"],
        dump=workdir / database["file"],
        media=manifest["media"],
    )


def _existing(path: Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("There is no file “%(path)s”.") % {"path": path})
    return path


def _parse_manifest(path: Path, data: bytes | None) -> dict[str, Any]:
    if data is None:
        raise BackupError(
            _(
                "“%(path)s” holds no manifest: it is not a backup of the register, or it is "
                "incomplete."
            )
            % {"path": path}
        )
    try:
        if len(data) > MANIFEST_MAX_BYTES:
            raise ValueError("too large")
        manifest = json.loads(data)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} manifest")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise BackupError(
                _(
                    "The archive has backup format %(found)s; this version restores format "
                    "%(supported)s."
                )
                % {"found": manifest.get("format_version"), "supported": FORMAT_VERSION}
            )
        database = manifest["database"]
        if (
            database["vendor"] not in DUMP_NAMES
            or database["file"] != DUMP_NAMES[database["vendor"]]
        ):
            raise ValueError(f"unknown database {database['vendor']!r}")
        _check_entry(database)
        if not all(isinstance(n, str) and type(c) is int for n, c in manifest["tables"].items()):
            raise ValueError("bad row counts")
        for name, entry in manifest["media"].items():
            if media_path(f"{MEDIA_DIR}/{name}") is None:
                raise ValueError(f"bad file name {name!r}")
            _check_entry(entry)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BackupError(
            _("The manifest of “%(path)s” cannot be read: %(error)s")
            % {"path": path, "error": error}
        ) from error
    return manifest


def _check_entry(entry: dict[str, Any]) -> None:
    if not (isinstance(entry["sha256"], str) and type(entry["size"]) is int):
        raise ValueError("bad checksum")


def _same(found: dict[str, Any], entry: dict[str, Any]) -> bool:
    return found["size"] == entry["size"] and found["sha256"] == entry["sha256"]


def media_path(name: str) -> str | None:
    """The path below MEDIA_ROOT of an archive member under media/, if it is one that
    stays below MEDIA_ROOT: never absolute, never through "..", never empty."""
    parts = PurePosixPath(name).parts
    if len(parts) < 2 or parts[0] != MEDIA_DIR or "\\" in name or "\x00" in name:
        return None
    if any(part in {"..", "."} for part in parts) or name != "/".join(parts):
        return None
    return "/".join(parts[1:])


def restore_backup(
    archive: Path,
    *,
    database: dict[str, Any],
    media_root: Path,
    force: bool = False,
    progress: Progress | None = None,
) -> RestoreResult:
    """Restore ``archive`` into ``database`` (Django settings of the target database) and
    ``media_root``. Nothing is touched unless the whole archive matches its manifest and,
    without ``force``, the target database is empty; afterwards every table's rows and
    every file's checksum are compared with the manifest."""
    started = time.monotonic()
    report = progress or (lambda message: None)
    archive = _existing(archive)
    media_root = Path(media_root)
    vendor = _vendor(database)
    pg_restore = _client("pg_restore") if vendor == "postgresql" else ""
    if not force:
        holding = tables_holding_data(database)
        if holding:
            raise BackupError(
                _(
                    "The database “%(name)s” already holds data (in %(examples)s). Nothing has "
                    "been restored: restore into an empty database, or give --force to replace "
                    "what it holds."
                )
                % {
                    "name": database["NAME"],
                    "examples": ", ".join(list(holding)[:3]) + (", …" if len(holding) > 3 else ""),
                }
            )
    with tempfile.TemporaryDirectory(prefix="restore-") as work:
        checked = read_archive(archive, Path(work))
        manifest = checked.manifest
        report(
            ngettext(
                "The archive matches its manifest: a %(engine)s database (%(size)s) made "
                "%(created)s, and %(files)d file (%(media)s).",
                "The archive matches its manifest: a %(engine)s database (%(size)s) made "
                "%(created)s, and %(files)d files (%(media)s).",
                len(checked.media),
            )
            % {
                "engine": VENDOR_NAMES[checked.vendor],
                "size": filesizeformat(manifest["database"]["size"]),
                "created": _local_time(manifest.get("created")),
                "files": len(checked.media),
                "media": filesizeformat(checked.media_size),
            }
        )
        if checked.vendor != vendor:
            raise BackupError(
                _(
                    "The archive holds a %(archive)s database and cannot be restored into "
                    "%(target)s."
                )
                % {"archive": VENDOR_NAMES[checked.vendor], "target": VENDOR_NAMES[vendor]}
            )
        # Nothing of Django's may hold the database open while it is replaced.
        connections.close_all()
        if vendor == "postgresql":
            _run(
                [
                    pg_restore,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-acl",
                    "--single-transaction",
                    "--exit-on-error",
                    "--no-password",
                    *_dbname(database),
                    str(checked.dump),
                ],
                database,
            )
        else:
            _restore_sqlite(checked.dump, database)
    report(_("Database restored into “%(name)s”.") % {"name": database["NAME"]})

    _restore_media(archive, checked.media, media_root)
    left = sum(1 for name, _path in _media_files(media_root) if name not in checked.media)
    report(
        _("Files restored: %(files)d (%(size)s) into %(path)s.")
        % {
            "files": len(checked.media),
            "size": filesizeformat(checked.media_size),
            "path": media_root,
        }
    )
    if left:
        report(
            _(
                "Files already under %(path)s that the backup does not hold were left as they "
                "were: %(count)d."
            )
            % {"path": media_root, "count": left}
        )

    tables = _verify_restored(manifest, database, checked.media, media_root)
    seconds = time.monotonic() - started
    report(
        ngettext(
            "Checked after the restore: %(tables)d tables with %(rows)d rows and %(files)d file, "
            "all as in the manifest (%(seconds)s s).",
            "Checked after the restore: %(tables)d tables with %(rows)d rows and %(files)d files, "
            "all as in the manifest (%(seconds)s s).",
            len(checked.media),
        )
        % {
            "tables": len(tables),
            "rows": sum(tables.values()),
            "files": len(checked.media),
            "seconds": number_format(seconds, 1),
        }
    )
    return RestoreResult(
        tables=tables,
        database_size=manifest["database"]["size"],
        media_files=len(checked.media),
        media_size=checked.media_size,
        left_in_place=left,
        seconds=seconds,
    )


def tables_holding_data(database: dict[str, Any]) -> dict[str, int]:
    """The tables of ``database`` with rows, beyond those `migrate` fills by itself, and
    their rows; the most rows first."""
    if _vendor(database) == "sqlite" and not Path(str(database["NAME"])).exists():
        return {}
    counts = row_counts(database)
    holding = [table for table, rows in counts.items() if rows and table not in FILLED_BY_MIGRATE]
    return {table: counts[table] for table in sorted(holding, key=lambda t: (-counts[t], t))}


def _restore_sqlite(dump: Path, database: dict[str, Any]) -> None:
    name = str(database["NAME"])
    timeout = (database.get("OPTIONS") or {}).get("timeout", 20)
    try:
        with (
            closing(sqlite3.connect(dump)) as source,
            closing(sqlite3.connect(name, timeout=timeout)) as target,
        ):
            source.backup(target)
    except sqlite3.Error as error:
        raise BackupError(
            _("The SQLite database “%(path)s” could not be written: %(error)s")
            % {"path": name, "error": error}
        ) from error


def _restore_media(archive: Path, media: dict[str, dict[str, Any]], media_root: Path) -> None:
    """Write the files of the archive under ``media_root``, each under a temporary name
    beside its place and renamed once its checksum is right."""
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            relative = media_path(member.name)
            if relative is None or relative not in media:
                continue
            target = media_root / relative
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with tempfile.NamedTemporaryFile(
                    dir=target.parent, prefix=f".{target.name}.", delete=False
                ) as sink:
                    written = _copy_hashing(tar.extractfile(member), sink)
                if not _same(written, media[relative]):
                    os.unlink(sink.name)
                    raise BackupError(
                        _(
                            "The archive changed while it was being restored: “%(name)s” does not "
                            "match its checksum."
                        )
                        % {"name": member.name}
                    )
                os.chmod(sink.name, 0o644)
                os.replace(sink.name, target)
            except OSError as error:
                raise BackupError(
                    _("“%(path)s” could not be written: %(error)s")
                    % {"path": target, "error": error}
                ) from error


def _verify_restored(
    manifest: dict[str, Any],
    database: dict[str, Any],
    media: dict[str, dict[str, Any]],
    media_root: Path,
) -> dict[str, int]:
    counts = row_counts(database)
    problems = [
        _("“%(name)s” is missing") % {"name": table}
        if table not in counts
        else _("%(table)s: %(found)s in the database, %(expected)s in the manifest")
        % {"table": table, "found": counts[table], "expected": expected}
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    ]
    if problems:
        raise BackupError(
            _("After the restore the rows of the database differ from the manifest: %(problems)s.")
            % {"problems": _listing(problems)}
        )
    problems = []
    for name, entry in media.items():
        path = media_root / name
        if not path.is_file():
            problems.append(_("“%(name)s” is missing") % {"name": name})
        elif not _same(file_entry(path), entry):
            problems.append(_("“%(name)s” does not match its checksum") % {"name": name})
    if problems:
        raise BackupError(
            _("After the restore the files under %(path)s differ from the manifest: %(problems)s.")
            % {"path": media_root, "problems": _listing(problems)}
        )
    return {table: counts[table] for table in manifest["tables"]}


# --- databases ------------------------------------------------------------------------


def row_counts(database: dict[str, Any]) -> dict[str, int]:
    """The rows of every table of ``database`` (Django settings), by table name."""
    with _connection(database) as connection:
        try:
            with connection.cursor() as cursor:
                return _count_rows(connection, cursor)
        except DATABASE_ERRORS as error:
            raise _unreadable(database, error) from error


def _count_rows(connection: BaseDatabaseWrapper, cursor) -> dict[str, int]:
    # Every table, not only the models' own: Django's migration record and anything a
    # migration made by hand are in the dump too.
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


@contextmanager
def _connection(database: dict[str, Any]) -> Iterator[BaseDatabaseWrapper]:
    """A connection of its own to the database ``database`` describes, closed after."""
    handler = ConnectionHandler({DEFAULT_DB_ALIAS: copy.deepcopy(database)})
    connection = handler[DEFAULT_DB_ALIAS]
    try:
        yield connection
    finally:
        connection.close()


def _vendor(database: dict[str, Any]) -> str:
    with _connection(database) as connection:
        vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(
            _("Backups are made of PostgreSQL and SQLite databases; this database is %(engine)s.")
            % {"engine": database["ENGINE"]}
        )
    return vendor


def _unreadable(database: dict[str, Any], error: Exception) -> BackupError:
    return BackupError(
        _("The database “%(name)s” cannot be read: %(error)s")
        % {"name": database["NAME"], "error": str(error).strip()}
    )


def _client(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        raise BackupError(
            _(
                "%(program)s was not found. Install PostgreSQL's client programs (on Debian: "
                "postgresql-client), of the server's version or newer."
            )
            % {"program": program}
        )
    return found


def _dbname(database: dict[str, Any]) -> list[str]:
    return [f"--dbname={database['NAME']}"] if database.get("NAME") else []


def _run(command: list[str], database: dict[str, Any]) -> None:
    environment = dict(os.environ)
    options = database.get("OPTIONS") or {}
    environment.update(
        {
            variable: str(database[key])
            for key, variable in LIBPQ_ENVIRONMENT.items()
            if database.get(key)
        }
    )
    environment.update(
        {variable: str(options[key]) for key, variable in LIBPQ_OPTIONS.items() if options.get(key)}
    )
    completed = subprocess.run(command, env=environment, capture_output=True, text=True)
    if completed.returncode != 0:
        raise BackupError(
            _("%(program)s stopped with an error: %(error)s")
            % {
                "program": Path(command[0]).name,
                "error": completed.stderr.strip() or completed.returncode,
            }
        )


def _listing(problems: list[str]) -> str:
    shown = "; ".join(problems[:LISTED_PROBLEMS])
    if len(problems) > LISTED_PROBLEMS:
        shown += "; " + _("and %(count)d more") % {"count": len(problems) - LISTED_PROBLEMS}
    return shown


def _local_time(value: str | None) -> str:
    try:
        return f"{timezone.localtime(datetime.datetime.fromisoformat(value or '')):%Y-%m-%d %H:%M}"
    except ValueError:
        return value or "?"
