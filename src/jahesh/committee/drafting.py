"""The typed data of each kind of draft section, validated before anything is written.

Sections keep kind-specific fields in one JSON column; this module is the one place that says what
each kind holds, cleans it and turns it back into typed values for pages and exports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jahesh import persian
from jahesh.core.errors import ValidationError

MAX_TITLE = 300
MAX_BODY = 20_000
MAX_FIELD = 500
MAX_RELATED = 30


@dataclass(frozen=True, slots=True)
class PostData:
    count: int = 1
    grade: str = ""
    qualifications: str = ""


@dataclass(frozen=True, slots=True)
class TermData:
    english: str = ""
    related: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""


def clean_text(value: Any, label: str, field_name: str, *, limit: int, required: bool) -> str:
    """Normalise Persian text on the way in; refuse bidi overrides rather than hide them."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{label}: متن درست نیست.", field=field_name)
    cleaned = persian.remove_bidi_overrides(value)
    if cleaned != value:
        raise ValidationError(
            f"{label}: نویسه‌های جهت‌دهی پنهان (مانند U+202E) پذیرفته نیست؛ متن را دوباره بنویسید.",
            field=field_name,
        )
    cleaned = persian.normalize_for_publish(cleaned.strip())
    if required and not cleaned:
        raise ValidationError(f"{label}: این بخش را خالی نگذارید.", field=field_name)
    if len(cleaned) > limit:
        shown = persian.to_persian_digits(str(limit))
        raise ValidationError(f"{label}: بیش از {shown} نویسه است.", field=field_name)
    return cleaned


def _int(value: Any, label: str, field_name: str) -> int:
    if isinstance(value, bool):
        raise ValidationError(f"{label}: عدد بنویسید.", field=field_name)
    if isinstance(value, int):
        number = value
    else:
        text = persian.to_latin_digits(str(value or "").strip())
        if not text.isdigit():
            raise ValidationError(f"{label}: عدد درستی بنویسید.", field=field_name)
        number = int(text)
    if not 1 <= number <= 10_000:
        raise ValidationError(f"{label}: عددی از ۱ تا ۱۰٬۰۰۰ بنویسید.", field=field_name)
    return number


def clean_data(kind: str, data: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return the JSON the section kind holds, or refuse it naming the field."""
    data = dict(data or {})
    if kind == "post":
        post = PostData(
            count=_int(data.get("count", 1), "تعداد پست", "count"),
            grade=clean_text(data.get("grade"), "رده", "grade", limit=MAX_FIELD, required=False),
            qualifications=clean_text(
                data.get("qualifications"),
                "شرایط احراز",
                "qualifications",
                limit=MAX_BODY,
                required=False,
            ),
        )
        return {"count": post.count, "grade": post.grade, "qualifications": post.qualifications}
    if kind == "term":
        related_raw = data.get("related") or []
        if isinstance(related_raw, str):
            related_raw = related_raw.replace("،", ",").split(",")
        if not isinstance(related_raw, list | tuple):
            raise ValidationError("واژه‌های مرتبط: فهرستی از واژه‌ها بنویسید.", field="related")
        related = [
            clean_text(item, "واژه مرتبط", "related", limit=MAX_TITLE, required=False)
            for item in related_raw
        ]
        related = [item for item in related if item]
        if len(related) > MAX_RELATED:
            raise ValidationError("واژه‌های مرتبط: بیش از ۳۰ واژه است.", field="related")
        term = TermData(
            english=clean_text(
                data.get("english"), "معادل انگلیسی", "english", limit=MAX_TITLE, required=False
            ),
            related=tuple(related),
            source=clean_text(
                data.get("source"), "منبع", "source", limit=MAX_FIELD, required=False
            ),
        )
        return {"english": term.english, "related": list(term.related), "source": term.source}
    if data:
        raise ValidationError("داده‌های ویژه: این نوع بخش داده ویژه‌ای ندارد.", field="data")
    return {}


def post_data(data: Mapping[str, Any]) -> PostData:
    return PostData(
        count=int(data.get("count", 1)),
        grade=str(data.get("grade", "")),
        qualifications=str(data.get("qualifications", "")),
    )


def term_data(data: Mapping[str, Any]) -> TermData:
    return TermData(
        english=str(data.get("english", "")),
        related=tuple(str(item) for item in data.get("related", [])),
        source=str(data.get("source", "")),
    )
