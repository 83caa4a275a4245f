"""Read one spreadsheet cell as a value of the type a project field needs.

Each reader returns the value, ``None`` for an empty cell, or raises ``CellError`` with a Persian
sentence about the cell alone; the caller adds the row number and the column name.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from jahesh import persian
from jahesh.registry.importing.reading import Cell
from jahesh.registry.models import CeremonyKind, ProjectStatus

MAX_BIGINT = 2**63 - 1
_EARLIEST_YEAR, _LATEST_YEAR = 1921, 2121  # 1300–1500 in the solar calendar
_DATE_EXAMPLE = "مثلاً ۱۴۰۲/۰۴/۰۳ یا 2023-06-24"
_THOUSANDS = re.compile(r"[,٬،\s_'’]")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
_PERCENT = re.compile(r"[%٪]")


# Files repeat dates, amounts and labels across thousands of rows; the readers are pure, so each
# distinct cell is read once. ``typed`` keeps 1 and True (equal in Python) apart.
_memo = lru_cache(maxsize=16_384, typed=True)


class CellError(ValueError):
    """A cell's value cannot be read; ``detail`` is the Persian sentence."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


def fa(value: object) -> str:
    return persian.to_persian_digits(str(value))


def text_of(cell: Cell) -> str:
    """The cell as trimmed text; whole numbers from XLSX lose their «.0»."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "بله" if cell else "خیر"
    if isinstance(cell, float):
        if math.isfinite(cell) and cell.is_integer():
            return str(int(cell))
        return repr(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(" ")
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell).strip()


# C0 control characters and DEL, except tab and line breaks: PostgreSQL refuses NUL in text,
# and none of them means anything in a name, a code or a date.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# Excel's own limit on one cell; a longer text comes from a made, not a saved, file.
MAX_CELL_CHARS = 32_767


def cell_text_problem(cell: Cell) -> str | None:
    """The Persian sentence for a text cell that is too long or holds a control character
    (NUL …), or None."""
    if not isinstance(cell, str):
        return None
    if len(cell) > MAX_CELL_CHARS:
        return (
            f"متن این خانه {fa(len(cell))} نویسه است و بیش از "
            f"{fa(MAX_CELL_CHARS)} نویسه پذیرفته نیست."
        )
    found = _CONTROL_CHARACTER.search(cell)
    if found is None:
        return None
    code = ord(found.group())
    name = "NUL" if code == 0 else f"U+{code:04X}"
    return f"نویسه کنترلی نادیدنی ({name}) دارد که در هیچ ستونی پذیرفته نیست؛ آن را پاک کنید."


def is_blank(cell: Cell) -> bool:
    return text_of(cell) == ""


@_memo
def read_date(cell: Cell) -> dt.date | None:
    """A date cell of XLSX, or Jalali or Gregorian text with Persian or Latin digits."""
    if is_blank(cell):
        return None
    if isinstance(cell, dt.datetime):
        value = cell.date()
    elif isinstance(cell, dt.date):
        value = cell
    elif isinstance(cell, int | float):
        raise CellError(f"تاریخ باید به شکل تاریخ نوشته شود ({_DATE_EXAMPLE}).")
    else:
        text = text_of(cell)
        try:
            value = persian.parse_date(text)
        except (ValueError, ArithmeticError, TypeError) as exc:
            raise CellError(f"«{text}» تاریخ درستی نیست ({_DATE_EXAMPLE}).") from exc
    if not _EARLIEST_YEAR <= value.year <= _LATEST_YEAR:
        raise CellError(f"تاریخ «{text_of(cell)}» بیرون از بازه پذیرفتنی است ({_DATE_EXAMPLE}).")
    return value


def _number(cell: Cell) -> Decimal:
    """A number from a numeric cell or from text with Persian or Latin digits and separators."""
    if isinstance(cell, bool):
        raise CellError(f"«{text_of(cell)}» عدد نیست.")
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        if not math.isfinite(cell):
            raise CellError("عدد درستی نیست.")
        return Decimal(repr(cell))
    text = text_of(cell)
    try:
        return Decimal(persian.parse_amount(text))
    except (ValueError, ArithmeticError, TypeError):
        pass
    # parse_amount reads whole numbers; a credit in millions or billions may have a fraction.
    latin = _THOUSANDS.sub("", persian.to_latin_digits(text).replace("٫", "."))
    if not _DECIMAL.fullmatch(latin):
        raise CellError(f"«{text}» عدد نیست.")
    try:
        return Decimal(latin)
    except InvalidOperation as exc:
        raise CellError(f"«{text}» عدد نیست.") from exc


@_memo
def read_credit_rial(cell: Cell, rial_multiplier: int) -> int | None:
    """A credit in the column's unit (rial, toman, million tomans …) as whole rials."""
    if is_blank(cell):
        return None
    number = _number(cell)
    if number < 0:
        raise CellError("اعتبار نمی‌تواند منفی باشد.")
    rial = number * rial_multiplier
    if rial != rial.to_integral_value():
        raise CellError(f"«{text_of(cell)}» به ریال عدد درستی نمی‌شود (کسری از ریال دارد).")
    if rial > MAX_BIGINT:
        raise CellError(f"«{text_of(cell)}» بیش از اندازه بزرگ است.")
    return int(rial)


@_memo
def read_whole_number(cell: Cell, *, percent: bool = False) -> int | None:
    """A whole number ≥ 0 (for a percentage the «%» sign may follow it)."""
    if is_blank(cell):
        return None
    if percent and isinstance(cell, str):
        cell = _PERCENT.sub("", cell)
    number = _number(cell)
    if number != number.to_integral_value():
        example = "مثلاً ۸۵ برای ۸۵ درصد" if percent else "بدون ممیز"
        raise CellError(f"«{text_of(cell)}» باید عدد صحیح باشد ({example}).")
    if number < 0:
        raise CellError(f"«{text_of(cell)}» نمی‌تواند منفی باشد.")
    if number > MAX_BIGINT:
        raise CellError(f"«{text_of(cell)}» بیش از اندازه بزرگ است.")
    return int(number)


def read_coordinate(cell: Cell) -> str | None:
    """A latitude or longitude as Latin-digit text; the registry's rules check its range."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        raise CellError(f"«{text_of(cell)}» عدد نیست.")
    text = persian.to_latin_digits(text_of(cell)).replace("٫", ".").replace(" ", "")
    if not _DECIMAL.fullmatch(text):
        raise CellError(f"«{text_of(cell)}» عدد نیست (مثلاً 29.6103).")
    return text


_YES = ("بله", "آری", "اری", "هست", "دارد", "شاخص", "1", "yes", "y", "true", "x", "✓", "✔", "*")
_NO = ("خیر", "نه", "نیست", "ندارد", "0", "no", "n", "false", "-")


@lru_cache(maxsize=1)
def _boolean_words() -> dict[str, bool]:
    # On first use, not at import: search keys load the Persian lexicon (about 40 MB).
    return {persian.search_key(w): True for w in _YES} | {persian.search_key(w): False for w in _NO}


@_memo
def read_yes_no(cell: Cell) -> bool | None:
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        return cell
    answer = _boolean_words().get(persian.search_key(text_of(cell)))
    if answer is None:
        raise CellError(f"«{text_of(cell)}» را نمی‌شناسیم؛ «بله» یا «خیر» بنویسید.")
    return answer


def _choice_lookup(
    choices: type[ProjectStatus] | type[CeremonyKind], extra: dict[str, str]
) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        lookup[persian.search_key(str(value))] = str(value)
        lookup[persian.search_key(str(label))] = str(value)
    for word, value in extra.items():
        lookup[persian.search_key(word)] = value
    return lookup


@lru_cache(maxsize=1)
def _statuses() -> dict[str, str]:
    # On first use, as the other lookups here: search keys load the Persian lexicon.
    return _choice_lookup(
        ProjectStatus,
        {
            "در دست اجرا": ProjectStatus.IMPLEMENTATION,
            "اجرا": ProjectStatus.IMPLEMENTATION,
            "در دست مطالعه": ProjectStatus.PREPARATION,
            "مطالعه": ProjectStatus.PREPARATION,
            "تکمیل‌شده": ProjectStatus.COMPLETION,
            "پایان‌یافته": ProjectStatus.COMPLETION,
            "بهره‌برداری": ProjectStatus.MAINTENANCE,
            "بهره‌برداری‌شده": ProjectStatus.MAINTENANCE,
            "لغو": ProjectStatus.CANCELLED,
        },
    )


@lru_cache(maxsize=1)
def _ceremony_kinds() -> dict[str, str]:
    return _choice_lookup(
        CeremonyKind,
        {
            "کلنگ‌زنی": CeremonyKind.GROUNDBREAKING,
            "کلنگ زنی": CeremonyKind.GROUNDBREAKING,
            "آغاز عملیات": CeremonyKind.GROUNDBREAKING,
            "شروع عملیات اجرایی": CeremonyKind.GROUNDBREAKING,
            "افتتاحیه": CeremonyKind.INAUGURATION,
        },
    )


@_memo
def read_status(cell: Cell) -> str | None:
    """A project status by its Persian label or its OC4IDS code."""
    if is_blank(cell):
        return None
    value = _statuses().get(persian.search_key(text_of(cell)))
    if value is None:
        labels = "، ".join(f"«{label}»" for label in ProjectStatus.labels)
        raise CellError(f"وضعیت «{text_of(cell)}» شناخته نیست؛ یکی از این‌ها بنویسید: {labels}.")
    return value


@_memo
def read_ceremony_kind(cell: Cell) -> str | None:
    if is_blank(cell):
        return None
    value = _ceremony_kinds().get(persian.search_key(text_of(cell)))
    if value is None:
        labels = "، ".join(f"«{label}»" for label in CeremonyKind.labels)
        raise CellError(f"نوع آیین «{text_of(cell)}» شناخته نیست؛ یکی از این‌ها بنویسید: {labels}.")
    return value
