"""Turn the bytes of an uploaded XLSX or CSV file into a header and numbered rows of cells.

The format is told by the content, not the file name: an XLSX file is a ZIP archive. CSV must be
UTF-8 (with or without a byte-order mark); anything else gets a Persian sentence saying how to
save it, never a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeAlias

import python_calamine

from jahesh import persian
from jahesh.core.csv_files import text_restored
from jahesh.core.errors import JaheshError
from jahesh.registry.importing.archive import ArchiveRefusedError, check_xlsx

# A cell as the readers give it: text from CSV; text, numbers, booleans or dates from XLSX.
Cell: TypeAlias = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_UTF8_BOM = b"\xef\xbb\xbf"
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r")
_PROJECTS_SHEET = "پروژه‌ها"


class UnreadableFileError(JaheshError):
    """The file as a whole cannot be read: wrong format, encoding, size or no rows."""


@dataclass(frozen=True, slots=True)
class Table:
    """The header cells and an iterator of ``(row_number, cells)`` as the spreadsheet numbers
    them (the header is row 1 when it is the first line)."""

    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[Cell]]]
    row_count: int


def _fa(number: int) -> str:
    return persian.to_persian_digits(f"{number:,}".replace(",", "٬"))


def read_table(data: bytes, *, max_rows: int = MAX_ROWS) -> Table:
    """Read the first sheet of an XLSX file or a UTF-8 CSV file.

    Raises ``UnreadableFileError`` for an empty, oversized, binary or undecodable file, and for
    one with more than ``max_rows`` data rows.
    """
    if not data.strip():
        raise UnreadableFileError("فایل خالی است.")
    if len(data) > MAX_FILE_BYTES:
        limit = _fa(MAX_FILE_BYTES // (1024 * 1024))
        raise UnreadableFileError(f"فایل بزرگ‌تر از {limit} مگابایت است؛ آن را چند بخش کنید.")
    rows: Callable[[], Iterator[list[Cell]]]
    if data.startswith(_ZIP_MAGIC):
        rows = _xlsx_rows(data)
    elif data.startswith(_OLE_MAGIC):
        raise UnreadableFileError(
            "فایل‌های قدیمی XLS پذیرفته نمی‌شوند؛ آن را در اکسل با قالب XLSX ذخیره کنید."
        )
    else:
        rows = _csv_rows(data)
    return _table(rows, max_rows=max_rows)


def _xlsx_rows(data: bytes) -> Callable[[], Iterator[list[Cell]]]:
    try:
        check_xlsx(data)
    except ArchiveRefusedError as exc:
        raise UnreadableFileError(exc.message) from exc
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        if not names:
            raise UnreadableFileError("فایل اکسل هیچ برگه‌ای ندارد.")
        name = _PROJECTS_SHEET if _PROJECTS_SHEET in names else names[0]
        sheet = workbook.get_sheet_by_name(name)
    except UnreadableFileError:
        raise
    except Exception as exc:
        # calamine raises several error types (ZIP, XML, password …); all mean the same to a user.
        raise UnreadableFileError(
            "فایل اکسل خوانده نشد: یا آسیب دیده است یا XLSX نیست (یا گذرواژه دارد)."
        ) from exc
    return lambda: (list[Cell](row) for row in sheet.iter_rows())


def _csv_rows(data: bytes) -> Callable[[], Iterator[list[Cell]]]:
    sample = data[:65536]
    # Binary junk and UTF-16 text are full of NUL and other control bytes; a stray one in a cell
    # is reported on its row and column by the planner instead.
    if len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > max(8, len(sample) // 100):
        raise UnreadableFileError(
            "فایل متن نیست (داده دودویی دارد). فایل XLSX یا CSV با کدگذاری UTF-8 بفرستید."
        )
    try:
        text = data.removeprefix(_UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            "کدگذاری فایل CSV باید UTF-8 باشد. در اکسل «CSV UTF-8» را برگزینید "
            "یا فایل را XLSX ذخیره کنید."
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)

    def rows() -> Iterator[list[Cell]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        # Our own export makes formula-like text inert with an apostrophe; a round trip removes it.
        return ([text_restored(cell) for cell in row] for row in reader)

    return rows


def _is_empty(row: list[Cell]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def _table(rows: Callable[[], Iterator[list[Cell]]], *, max_rows: int) -> Table:
    """Find the header and count the rows in a first pass that keeps nothing, so that a file
    with too many rows is refused before any is checked; the table then reads the rows again
    one by one as the planner asks for them."""
    numbered = enumerate(rows(), start=1)
    header_row, header_cells = 0, []
    try:
        for number, cells in numbered:
            if not _is_empty(cells):
                header_row, header_cells = number, cells
                break
        if not header_row:
            raise UnreadableFileError("فایل هیچ ردیفی ندارد.")
        row_count = 0
        for _number, cells in numbered:
            if _is_empty(cells):
                continue
            row_count += 1
            if row_count > max_rows:
                raise UnreadableFileError(
                    f"فایل بیش از {_fa(max_rows)} ردیف پروژه دارد؛ "
                    "آن را در چند فایل کوچک‌تر وارد کنید."
                )
    except csv.Error as exc:
        raise UnreadableFileError("ساختار فایل CSV درست نیست.") from exc
    if not row_count:
        raise UnreadableFileError("فایل جز سطر عنوان ستون‌ها ردیفی ندارد.")
    header = [_header_text(cell) for cell in header_cells]
    return Table(
        header=header,
        header_row=header_row,
        rows=_body(rows, header_row),
        row_count=row_count,
    )


def _body(
    rows: Callable[[], Iterator[list[Cell]]], header_row: int
) -> Iterator[tuple[int, list[Cell]]]:
    for number, cells in enumerate(rows(), start=1):
        if number > header_row and not _is_empty(cells):
            yield number, cells


def _header_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
