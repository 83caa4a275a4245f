"""Cursor pagination in a stable order: every list is ordered by one sort key and then by the
row's id, and the cursor carries the last row's key and id (keyset), so a page never repeats or
skips a row when rows are added before it, and deep pages cost what the first one does.

The cursor is opaque to clients (URL-safe base64 of a small JSON array); it names the sort it was
made for, so a cursor of one order is refused under another instead of giving a wrong page.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from django.db.models import Model, Q, QuerySet

from jahesh.opendata.api.problems import ApiInputError

M = TypeVar("M", bound=Model)
KeyKind = Literal["int", "str", "date", "datetime", "float"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
BAD_CURSOR = (
    "پارامتر «cursor» خراب است یا برای ترتیب دیگری ساخته شده است؛ "
    "نشانی صفحه بعد را همان‌گونه که در «next» آمده به کار ببرید."
)


@dataclass(frozen=True, slots=True)
class SortKey:
    """One order a list offers: ``name`` as clients write it (``-credit_rial``), the model
    field it orders by (never null), and the kind of value the cursor carries."""

    name: str
    field: str
    kind: KeyKind

    @property
    def descending(self) -> bool:
        return self.name.startswith("-")


def sort_keys(*fields: tuple[str, str, KeyKind]) -> dict[str, SortKey]:
    """Offer each (name, field, kind) ascending and descending."""
    found: dict[str, SortKey] = {}
    for name, field, kind in fields:
        found[name] = SortKey(name, field, kind)
        found[f"-{name}"] = SortKey(f"-{name}", field, kind)
    return found


def _to_json(value: Any, kind: KeyKind) -> Any:
    if kind in ("date", "datetime"):
        return value.isoformat()
    return value


def _from_json(value: Any, kind: KeyKind) -> Any:
    """Read a key from a cursor, refusing anything of the wrong type: a forged cursor must not
    reach the database as a value it cannot compare."""
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        if abs(value) < 2**63:
            return value
    elif kind == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value):
            return float(value)
    elif kind == "str" and isinstance(value, str) and "\x00" not in value:
        return value
    elif kind == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    elif kind == "datetime" and isinstance(value, str):
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            return moment
    raise ValueError(value)


def encode_cursor(sort: SortKey, row: Model) -> str:
    payload = [sort.name, _to_json(getattr(row, sort.field), sort.kind), row.pk]
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(sort: SortKey, cursor: str) -> tuple[Any, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, value, pk = json.loads(raw)
        if name != sort.name or not isinstance(pk, int) or not 0 < pk < 2**63:
            raise ValueError(name)
        return _from_json(value, sort.kind), pk
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ApiInputError(BAD_CURSOR, field="cursor") from None


def keyset_page(
    rows: QuerySet[M], *, sort: SortKey, cursor: str | None, limit: int
) -> tuple[list[M], str | None]:
    """Return up to ``limit`` rows after the cursor in the sort's order, and the next cursor
    (None on the last page)."""
    direction = "-" if sort.descending else ""
    ordered = rows.order_by(f"{direction}{sort.field}", f"{direction}pk")
    if cursor:
        value, pk = decode_cursor(sort, cursor)
        beyond = "lt" if sort.descending else "gt"
        ordered = ordered.filter(
            Q(**{f"{sort.field}__{beyond}": value}) | Q(**{sort.field: value, f"pk__{beyond}": pk})
        )
    found = list(ordered[: limit + 1])
    if len(found) <= limit:
        return found, None
    page = found[:limit]
    return page, encode_cursor(sort, page[-1])
