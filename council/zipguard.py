"""Reading zip archives that people upload, without letting one cost more than it should.

A .docx is a zip, and a batch of minutes may come as one: a small file can unpack to
gigabytes (a zip bomb), hold thousands of entries, name entries outside any folder
("../../etc/passwd") or hold other archives. Everything is judged from the archive's
directory before anything is unpacked, and each entry is read no further than the size
its directory gives, so an archive that lies about its sizes is caught too.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

NESTED_SUFFIXES = {".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".jar", ".cab"}


class ArchiveRefused(Exception):
    """The archive is not read; the message says why, in Swedish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    members: int
    unpacked_bytes: int
    ratio: int


def open_checked(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """The archive, once its directory shows it unpacks to no more than the limits allow."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise ArchiveRefused(_("The file is not a zip archive that can be read.")) from error
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if len(members) > limits.members:
        archive.close()
        raise ArchiveRefused(
            _("The archive holds %(count)d files; at most %(limit)d are read.")
            % {"count": len(members), "limit": limits.members}
        )
    if unpacked > limits.unpacked_bytes or unpacked / packed > limits.ratio:
        archive.close()
        raise ArchiveRefused(
            _("The archive unpacks to far more data than it holds documents for and is not read.")
        )
    return archive


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """An entry's bytes, read no further than its directory says it holds."""
    with archive.open(member) as stream:
        data = stream.read(member.file_size + 1)
    if len(data) > member.file_size:
        raise ArchiveRefused(_("The archive says less about its files than they hold."))
    return data


def unsafe_name(name: str) -> bool:
    """A name that points outside the archive's own folders."""
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def is_nested_archive(name: str) -> bool:
    return PurePosixPath(name.casefold()).suffix in NESTED_SUFFIXES


def ignored(name: str) -> bool:
    """Folders and what operating systems leave in archives (__MACOSX, .DS_Store)."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    hidden = (p for p in parts if p not in {".", ".."})
    return name.endswith("/") or any(p.startswith(("__MACOSX", ".")) for p in hidden)
