"""Check an XLSX archive before a spreadsheet library loads any of it.

An XLSX file is a ZIP of XML parts, and the reader (calamine) builds a sheet as one rectangle
from its first to its last cell: a 2 KB file with one cell at ``XFD1048576`` asked for about
550 GB, and a huge shared string or cell for gigabytes. So before loading, every part is
inflated here as a stream (never held whole) to count its real size — the sizes the archive
declares can lie — and every worksheet is parsed as a stream for the cells and rows it places,
the ``<dimension>`` it declares and the shared text its cells refer to. A file past any
limit is refused with a Persian sentence; one within them costs a bounded amount of memory to
load (``benchmarks/import.py`` measures it).
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from jahesh import persian
from jahesh.core.errors import JaheshError

# A sheet may place cells in this many rows and columns (the template has 20 columns; the
# importer reads at most MAX_ROWS data rows, and a little room is left for a title above).
MAX_SHEET_ROWS = 50_100
MAX_SHEET_COLUMNS = 64
MAX_PARTS = 1_000
# Real sizes once inflated: of any one part, and of all of them together.
MAX_PART_BYTES = 160 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024

# What the cells of one sheet may hold in shared strings all together (calamine copies a shared
# string into every cell that refers to it: one long string in many cells is a bomb too).
MAX_SHARED_TEXT_CHARS = 64 * 1024 * 1024
MAX_SHARED_STRINGS = MAX_SHEET_ROWS * MAX_SHEET_COLUMNS

_CHUNK = 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_WORKSHEET_TYPE = "/relationships/worksheet"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_SHARED_STRINGS = "xl/sharedStrings.xml"
_CELL_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")


class ArchiveRefusedError(JaheshError):
    """The XLSX archive is past a limit or malformed; the message says which, in Persian."""


def _fa(number: int) -> str:
    return persian.to_persian_digits(f"{number:,}".replace(",", "٬"))


def _column_name(number: int) -> str:
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


_TOO_BIG = (
    "فایل اکسل بزرگ‌تر از آن است که خوانده شود: {what}. "
    "فایل را در چند بخش کوچک‌تر یا به شکل CSV بفرستید."
)
_BROKEN = "فایل اکسل خوانده نشد: یا آسیب دیده است یا XLSX نیست (یا گذرواژه دارد)."


def _too_big(what: str) -> ArchiveRefusedError:
    return ArchiveRefusedError(_TOO_BIG.format(what=what))


def _local(name: str) -> str:
    """An element's name without its namespace (the parser joins them with a space)."""
    return name.rpartition(" ")[2]


def _attribute(attributes: dict[str, str], name: str) -> str | None:
    """An attribute by its local name: a reader that ignores prefixes would take ``x:r`` too."""
    value = attributes.get(name)
    if value is None and attributes:
        for key, found in attributes.items():
            if _local(key) == name:
                return found
    return value


def _parser(
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None],
) -> Any:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text

    def refuse_dtd(*args: Any) -> None:
        # XLSX parts never have one; entities defined in one could expand without end.
        raise ArchiveRefusedError(_BROKEN)

    parser.StartDoctypeDeclHandler = refuse_dtd
    return parser


class _StringsScan:
    """Measures each shared string (in characters) as calamine will hold it."""

    def __init__(self) -> None:
        self.sizes = array("Q")
        self._depth = 0
        self._size = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if _local(name) == "si":
            self._depth += 1
            self._size = 0

    def end(self, name: str) -> None:
        if _local(name) == "si" and self._depth:
            self._depth -= 1
            self.sizes.append(self._size)
            if len(self.sizes) > MAX_SHARED_STRINGS:
                raise _too_big(f"بیش از {_fa(MAX_SHARED_STRINGS)} متن مشترک دارد")

    def text(self, data: str) -> None:
        if self._depth:
            self._size += len(data)


class _SheetScan:
    """Follows a worksheet's rows and cells as calamine places them (a row or cell without an
    ``r`` attribute comes right after the one before it), and adds up the shared text its
    cells refer to."""

    def __init__(self, name: str, string_sizes: array[int]) -> None:
        self.name = name
        self.string_sizes = string_sizes
        self.row = 0
        self.column = 0
        self.shared_chars = 0
        self._shared_cell = False
        self._value: list[str] | None = None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = _local(name)
        if local == "c":
            ref = _attribute(attributes, "r")
            if ref is None:
                self.column += 1
            else:
                column, row = _cell(ref)
                self.column = column
                if row != self.row:
                    self.row = row
                    self._check_row(row)
            self._check_column(self.column)
            self._shared_cell = _attribute(attributes, "t") == "s"
        elif local == "v" and self._shared_cell:
            self._value = []
        elif local == "row":
            ref = _attribute(attributes, "r")
            if ref is not None and not (ref.isdigit() and len(ref) <= 7):
                raise ArchiveRefusedError(_BROKEN)
            self.row = int(ref) if ref is not None else self.row + 1
            self.column = 0
            self._check_row(self.row)
        elif local == "dimension":
            last = (_attribute(attributes, "ref") or "A1").split(":")[-1]
            column, row = _cell(last)
            self._check_row(row)
            self._check_column(column)

    def end(self, name: str) -> None:
        if self._value is not None and _local(name) == "v":
            index = "".join(self._value).strip()
            self._value = None
            if index.isdigit() and int(index) < len(self.string_sizes):
                self.shared_chars += self.string_sizes[int(index)]
                if self.shared_chars > MAX_SHARED_TEXT_CHARS:
                    raise _too_big(
                        f"خانه‌های برگه «{self.name}» روی هم بیش از "
                        f"{_fa(MAX_SHARED_TEXT_CHARS)} نویسه متن دارند"
                    )
        elif _local(name) == "c":
            self._shared_cell = False

    def text(self, data: str) -> None:
        if self._value is not None:
            self._value.append(data)

    def _check_row(self, row: int) -> None:
        if row > MAX_SHEET_ROWS:
            raise _too_big(
                f"برگه «{self.name}» ردیف {_fa(row)} دارد و بیش از {_fa(MAX_SHEET_ROWS)} ردیف "
                "پذیرفته نیست"
            )

    def _check_column(self, column: int) -> None:
        if column > MAX_SHEET_COLUMNS:
            raise _too_big(
                f"برگه «{self.name}» ستون {_column_name(column)} دارد و بیش از "
                f"{_fa(MAX_SHEET_COLUMNS)} ستون (تا {_column_name(MAX_SHEET_COLUMNS)}) "
                "پذیرفته نیست"
            )


def _cell(ref: str) -> tuple[int, int]:
    match = _CELL_REF.fullmatch(ref.strip())
    if match is None:
        raise ArchiveRefusedError(_BROKEN)
    return _column_number(match.group(1)), int(match.group(2))


def check_xlsx(data: bytes) -> None:
    """Refuse (``ArchiveRefusedError``) an XLSX whose parts or sheets are past the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ArchiveRefusedError(_BROKEN) from exc
    if len(members) > MAX_PARTS:
        raise _too_big(f"بیش از {_fa(MAX_PARTS)} بخش دارد")
    sheets = {m.filename for m in members if m.filename.startswith("xl/worksheets/")}
    sheets |= _worksheets_named_in_rels(data, archive)
    strings = _StringsScan()
    # Shared strings first: the sheets' cells are measured by the strings they refer to.
    members.sort(key=lambda m: m.filename != _SHARED_STRINGS)
    total = 0
    for member in members:
        scan: _StringsScan | _SheetScan | None = None
        if member.filename == _SHARED_STRINGS:
            scan = strings
        elif member.filename in sheets:
            scan = _SheetScan(posixpath.basename(member.filename), strings.sizes)
        total += _inflated_size(data, member, scan=scan)
        if total > MAX_TOTAL_BYTES:
            raise _too_big(
                f"بخش‌های آن باز‌شده بیش از {_fa(MAX_TOTAL_BYTES // (1024 * 1024))} مگابایت است"
            )


def _worksheets_named_in_rels(data: bytes, archive: zipfile.ZipFile) -> set[str]:
    """The parts the workbook names as worksheets (they need not live in xl/worksheets/)."""
    try:
        member = archive.getinfo(_WORKBOOK_RELS)
    except KeyError:
        return set()
    text = b"".join(_inflate(data, member, limit=1024 * 1024))
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise ArchiveRefusedError(_BROKEN) from exc
    found = set()
    for relation in root:
        if relation.get("Type", "").endswith(_WORKSHEET_TYPE):
            target = relation.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            found.add(posixpath.normpath(path))
    return found


def _inflated_size(
    data: bytes, member: zipfile.ZipInfo, *, scan: _StringsScan | _SheetScan | None
) -> int:
    size = 0
    parser = _parser(scan.start, scan.end, scan.text) if scan is not None else None
    try:
        for chunk in _inflate(data, member, limit=MAX_PART_BYTES):
            size += len(chunk)
            if parser is not None:
                parser.Parse(chunk, False)
        if parser is not None:
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise ArchiveRefusedError(_BROKEN) from exc
    return size


def _inflate(data: bytes, member: zipfile.ZipInfo, *, limit: int) -> Iterator[bytes]:
    """Yield the part's bytes as the whole stored stream inflates, refusing past ``limit``.

    Python's zipfile stops at the declared size; other readers inflate the whole stream, so
    the stream itself is inflated here, from the local header the readers follow.
    """
    start = member.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        raise ArchiveRefusedError(_BROKEN)
    magic, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if magic != b"PK\x03\x04" or member.flag_bits & 0x1:
        raise ArchiveRefusedError(_BROKEN)
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    stored = memoryview(data)[begin : begin + member.compress_size]
    what = f"بخش «{member.filename[:80]}» باز‌شده بیش از {_fa(limit // (1024 * 1024))} مگابایت است"
    if member.compress_type == zipfile.ZIP_STORED:
        if len(stored) > limit:
            raise _too_big(what)
        for offset in range(0, len(stored), _CHUNK):
            yield bytes(stored[offset : offset + _CHUNK])
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise ArchiveRefusedError(_BROKEN)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    try:
        for offset in range(0, len(stored), _CHUNK):
            pending = bytes(stored[offset : offset + _CHUNK])
            while pending:
                chunk = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                size += len(chunk)
                if size > limit:
                    raise _too_big(what)
                yield chunk
            if inflater.eof:
                break
        rest = inflater.flush()
    except zlib.error as exc:
        raise ArchiveRefusedError(_BROKEN) from exc
    if size + len(rest) > limit:
        raise _too_big(what)
    yield rest
