"""Reading zip archives that people upload, without letting one cost more than it should.

A .docx is a zip, and a batch of minutes may come as one: a small file can unpack to
gigabytes (a zip bomb), hold thousands of entries, name entries outside any folder
("../../etc/passwd") or hold other archives. Everything is judged from the archive's
directory before anything is unpacked, and each entry is read no further than the size
its directory gives, so an archive that lies about its sizes is caught too.

The import of minutes and the attachments of minutes both open archives here, each with
limits of its own.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.utils.translation import gettext as _

from council.errors import DomainError

NESTED_SUFFIXES = {".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".jar", ".cab"}

# The smallest local file header: every entry's data starts at least this far after its
# header's offset.
_LOCAL_HEADER_BYTES = 30


class ArchiveRefused(DomainError):
    """The archive is not read; the message says why, in Swedish.

    ``reason`` tells callers with messages of their own what was wrong: ``unreadable``
    (not a zip, or damaged), ``members`` (too many entries) or ``size`` (it would unpack
    to too much, or its entries share their data as zip bombs do).
    """

    def __init__(self, message: str, reason: str = "unreadable") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    members: int
    unpacked_bytes: int
    ratio: int


def _unreadable() -> ArchiveRefused:
    return ArchiveRefused(_("The file is not a zip archive that can be read."), "unreadable")


def _too_much() -> ArchiveRefused:
    return ArchiveRefused(
        _("The archive unpacks to far more data than it holds documents for and is not read."),
        "size",
    )


def open_checked(data: bytes | IO[bytes], limits: Limits) -> zipfile.ZipFile:
    """The archive, once its directory shows it unpacks to no more than the limits allow.

    ``data`` is the archive's bytes or a seekable binary file (an uploaded file); a file
    is not closed when the archive is.
    """
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    try:
        archive = zipfile.ZipFile(source)
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise _unreadable() from error
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if len(members) > limits.members:
        archive.close()
        raise ArchiveRefused(
            _("The archive holds %(count)d files; at most %(limit)d are read.")
            % {"count": len(members), "limit": limits.members},
            "members",
        )
    if unpacked > limits.unpacked_bytes or unpacked / packed > limits.ratio:
        archive.close()
        raise _too_much()
    if _overlapping(members, getattr(archive, "start_dir", None)):
        archive.close()
        raise _too_much()
    return archive


def _overlapping(members: list[zipfile.ZipInfo], directory_start: int | None) -> bool:
    """Whether entries share their compressed data, or run into the directory.

    Written archives lay their entries one after the other; a zip bomb may point many
    entries at the same data so that a small file unpacks to a great deal while the sizes
    its directory gives look modest.
    """
    ordered = sorted(members, key=lambda m: m.header_offset)
    ends = [m.header_offset for m in ordered[1:]]
    if directory_start is not None:
        ends.append(directory_start)
    return any(
        member.header_offset + _LOCAL_HEADER_BYTES + member.compress_size > end
        for member, end in zip(ordered, ends, strict=False)
    )


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """An entry's bytes, read no further than its directory says it holds."""
    try:
        with archive.open(member) as stream:
            data = stream.read(member.file_size + 1)
    except (
        zipfile.BadZipFile,
        zlib.error,
        NotImplementedError,  # a compression method zipfile does not know
        RuntimeError,  # an encrypted entry
        ValueError,
        OSError,
        EOFError,
    ) as error:
        raise _unreadable() from error
    if len(data) > member.file_size:
        raise ArchiveRefused(_("The archive says less about its files than they hold."), "size")
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


def holds_archive(data: bytes | IO[bytes]) -> bool:
    """Whether a file opens as a zip archive with entries, whatever its first bytes are.

    Zip readers find an archive from its end (the directory and the record that points to
    it), so an archive put after an image or a PDF opens as one: the file is both. Only
    the directory is read, nothing is unpacked.
    """
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    try:
        with zipfile.ZipFile(source) as archive:
            return bool(archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return False
