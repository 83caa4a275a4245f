"""What an uploaded file really is, read from its bytes; the name it came with is never trusted.

Office files are zip archives, so "PK" says little: a DOCX or XLSX is told by its
``[Content_Types].xml`` naming the main part of that format (a macro-enabled .docm/.xlsm names
another and is refused, as is any archive holding ``vbaProject.bin``), an ODT by the stored
``mimetype`` member the OpenDocument format puts first. Only the central directory and two small
members are read, so a zip bomb costs nothing here.
"""

from __future__ import annotations

import zipfile
from typing import IO

from jahesh.committee.models import AttachmentKind

_HEAD_BYTES = 16
_SMALL_MEMBER_BYTES = 64 * 1024
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

_EXECUTABLE_HEADS = (
    b"MZ",  # Windows PE (.exe, .dll)
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",  # Mach-O 64
    b"\xce\xfa\xed\xfe",  # Mach-O 32
    b"\xca\xfe\xba\xbe",  # Mach-O universal (also Java classes)
    b"#!",  # scripts
)


class Executable(Exception):
    """The bytes are a program, whatever the name says."""


def sniff(stream: IO[bytes]) -> AttachmentKind | None:
    """Return what the file is, None for a kind we do not take; raise Executable for a program.

    Leaves the stream at its start.
    """
    stream.seek(0)
    head = stream.read(_HEAD_BYTES)
    stream.seek(0)
    if head.startswith(_EXECUTABLE_HEADS):
        raise Executable
    if head.startswith(b"%PDF-"):
        return AttachmentKind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return AttachmentKind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return AttachmentKind.JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return AttachmentKind.GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return AttachmentKind.WEBP
    if head.startswith(b"PK\x03\x04"):
        try:
            return _office_kind(stream)
        finally:
            stream.seek(0)
    return None


def _small_member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _SMALL_MEMBER_BYTES:
        return None
    with archive.open(info) as member:
        return member.read(_SMALL_MEMBER_BYTES + 1)[:_SMALL_MEMBER_BYTES]


def _office_kind(stream: IO[bytes]) -> AttachmentKind | None:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with archive:
        try:
            names = archive.namelist()
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None
            if names and names[0] == "mimetype":
                found = _small_member(archive, "mimetype")
                return AttachmentKind.ODT if found == _ODT_MIMETYPE else None
            types = _small_member(archive, "[Content_Types].xml") or b""
        # zipfile raises NotImplementedError for a compression method it cannot read: a file
        # we cannot open is not one of the kinds we accept.
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            return None
    if _DOCX_MAIN in types and "word/document.xml" in names:
        return AttachmentKind.DOCX
    if _XLSX_MAIN in types and "xl/workbook.xml" in names:
        return AttachmentKind.XLSX
    return None
