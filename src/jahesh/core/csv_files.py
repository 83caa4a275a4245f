"""The one CSV writer of the project: every text field is made inert for spreadsheets.

A spreadsheet runs a cell that starts with «=», «+», «-», «@», a tab or a carriage return as a
formula (CSV injection: ``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``). Every CSV the project
writes goes through :class:`CsvWriter`, which prefixes such text with an apostrophe, so the
cell shows as text. Numbers stay numbers: an ``int``, ``float`` or ``Decimal`` is written as it
is, and so is text that is nothing but a plain decimal number («-12.5»).
:func:`text_restored` undoes the prefix for a reader of our own files (the import template).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
INERT_PREFIX = "'"
# Text that is only a number cannot run as a formula, and readers should see it as that number.
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def inert(value: Any) -> Any:
    """Return ``value``, with an apostrophe before text a spreadsheet would run as a formula."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return INERT_PREFIX + value
    return value


def text_restored(text: str) -> str:
    """Undo :func:`inert` on one cell of a file we wrote (only where it would have added it)."""
    if text.startswith(INERT_PREFIX) and text[1:].startswith(FORMULA_STARTS):
        candidate = text[1:]
        if inert(candidate) == text:
            return candidate
    return text


class CsvWriter:
    """``csv.writer`` with CRLF lines whose every text field passes through :func:`inert`."""

    def __init__(self, stream: _Writable) -> None:
        self._writer = csv.writer(stream, lineterminator="\r\n")

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow(["" if value is None else inert(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
