"""Start a draft from a DOCX or Markdown file: headings become sections, the text under a heading
becomes its body.

A DOCX is a zip: before python-docx opens it, the archive is checked for what a secretariat
should never be sent — a zip bomb (declared sizes over the bound or a wild compression ratio),
an encrypted document (an OLE container, not a zip), and macros (a VBA project inside).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import docx
from django.db import transaction

from jahesh.committee import services
from jahesh.committee.errors import SourceFileError
from jahesh.committee.models import Committee, Draft, DraftKind, SectionKind

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_SECTIONS = 3000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass
class Heading:
    level: int
    title: str
    paragraphs: list[str] = field(default_factory=list)


def _check_docx_archive(content: bytes) -> None:
    if content.startswith(OLE_SIGNATURE):
        raise SourceFileError(
            "این پرونده رمزگذاری‌شده یا از قالب قدیمی DOC است؛ DOCX بی‌رمز بفرستید."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        raise SourceFileError("این پرونده DOCX درستی نیست.") from exc
    with archive:
        total = 0
        for info in archive.infolist():
            name = info.filename.lower()
            if name.endswith("vbaproject.bin") or "vbadata" in name:
                raise SourceFileError("پرونده ماکرو دارد؛ پرونده بی‌ماکرو (DOCX) بفرستید.")
            total += info.file_size
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                raise SourceFileError("پرونده بیش از اندازه فشرده شده و پذیرفته نیست.")
        if total > MAX_UNPACKED_BYTES:
            raise SourceFileError("محتوای پرونده از ۵۰ مگابایت بیشتر است.")
        if "word/document.xml" not in archive.namelist():
            raise SourceFileError("این پرونده DOCX درستی نیست.")


def _heading_level(style_name: str) -> int | None:
    """Word's built-in heading styles, in English or as a Persian Word names them."""
    name = style_name.lower().strip()
    if name == "title":
        return 1
    match = re.match(r"(?:heading|عنوان)\s*(\d)$", name)
    return int(match.group(1)) if match else None


def headings_from_docx(content: bytes) -> list[Heading]:
    _check_docx_archive(content)
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise SourceFileError("این پرونده DOCX خوانا نیست.") from exc
    headings: list[Heading] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        level = _heading_level(paragraph.style.name if paragraph.style is not None else "")
        if level is not None:
            headings.append(Heading(level, text))
        elif headings:
            headings[-1].paragraphs.append(text)
    return headings


def headings_from_markdown(content: bytes) -> list[Heading]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceFileError("پرونده Markdown باید با کدگذاری UTF-8 باشد.") from exc
    headings: list[Heading] = []
    for line in text.splitlines():
        match = _MD_HEADING.match(line)
        if match:
            headings.append(Heading(len(match.group(1)), match.group(2)))
        elif line.strip() and headings:
            stripped = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line).strip()
            headings[-1].paragraphs.append(stripped)
    return headings


def _plan(kind: str, heading: Heading, paragraph_count: int) -> Sequence[tuple[str, str, str]]:
    """(section kind, title, body) rows for one heading, by the kind of draft."""
    body = "\n".join(heading.paragraphs)
    if kind == DraftKind.STRUCTURE:
        return [(SectionKind.UNIT, heading.title, body)]
    if kind == DraftKind.GLOSSARY:
        return [(SectionKind.TERM, heading.title, body)]
    if kind == DraftKind.JOB_DESCRIPTIONS:
        # Each paragraph under a heading is one numbered duty.
        return [(SectionKind.HEADING, heading.title, "")] + [
            (SectionKind.DUTY, "", p) for p in heading.paragraphs
        ]
    return [(SectionKind.HEADING, heading.title, "")] + [
        (SectionKind.PARAGRAPH, f"بند {n}", p)
        for n, p in enumerate(heading.paragraphs, start=paragraph_count + 1)
    ]


@transaction.atomic
def draft_from_file(
    *, committee: Committee, by: Any, kind: str, title: str, name: str, content: bytes
) -> Draft:
    """Create a draft whose sections are the file's headings; a file without headings is refused."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise SourceFileError("پرونده از ۵ مگابایت بزرگ‌تر است.")
    lowered = name.lower()
    if lowered.endswith(".docx"):
        headings = headings_from_docx(content)
    elif lowered.endswith((".md", ".markdown", ".txt")):
        headings = headings_from_markdown(content)
    else:
        raise SourceFileError("تنها پرونده DOCX یا Markdown (.md) پذیرفته است.")
    if not headings:
        raise SourceFileError("پرونده هیچ سرفصلی (Heading) ندارد؛ بخش‌ها از سرفصل‌ها ساخته می‌شوند.")
    draft = services.draft_create(committee=committee, by=by, kind=kind, title=title)
    # A structure nests units by heading level: each heading hangs under the last shallower one.
    open_units: list[tuple[int, Any]] = []
    paragraphs = 0
    made = 0
    for heading in headings:
        for section_kind, section_title, body in _plan(kind, heading, paragraphs):
            made += 1
            if made > MAX_SECTIONS:
                raise SourceFileError("پرونده بیش از ۳٬۰۰۰ بخش دارد.")
            parent = None
            if kind == DraftKind.STRUCTURE:
                while open_units and open_units[-1][0] >= heading.level:
                    open_units.pop()
                parent = open_units[-1][1] if open_units else None
            section = services.section_add(
                draft=draft,
                by=by,
                kind=section_kind,
                title=section_title,
                body=body,
                parent=parent,
            )
            if kind == DraftKind.STRUCTURE:
                open_units.append((heading.level, section))
            if section_kind == SectionKind.PARAGRAPH:
                paragraphs += 1
    return draft
