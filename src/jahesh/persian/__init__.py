"""The Persian layer (pure): normalisation, search keys, digits, numbers in words, Jalali dates, slugs.

PROVISIONAL: minimal versions so the rest of the project can be written against this API; the
Persian-layer work replaces every body below with the publish-grade implementation.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo

import jdatetime
from persiantools import digits as _digits
from persiantools.jdatetime import JalaliDate

TEHRAN = ZoneInfo("Asia/Tehran")
_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
           "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")


def to_persian_digits(text: str) -> str:
    return _digits.en_to_fa(_digits.ar_to_fa(text))


def to_latin_digits(text: str) -> str:
    return _digits.fa_to_en(_digits.ar_to_en(text))


def normalize_for_publish(text: str) -> str:
    text = text.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک").replace("ـ", "")
    return re.sub(r"[ \t]+", " ", text).strip()


def normalize_name(text: str) -> str:
    """Normalise a short name or title on the way in (letters, spacing; digits kept)."""
    return normalize_for_publish(text)


def search_key(text: str) -> str:
    text = to_latin_digits(normalize_for_publish(text)).replace("\u200c", "").lower()
    text = "".join(c for c in unicodedata.normalize("NFKC", text) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip()


def format_jalali(value: dt.date | dt.datetime, pattern: str = "date") -> str:
    if isinstance(value, dt.datetime):
        local = value.astimezone(TEHRAN)
        j = jdatetime.datetime.fromgregorian(datetime=local)
        text = f"{j.day} {_MONTHS[j.month - 1]} {j.year} ساعت {j.hour:02d}:{j.minute:02d}"
    else:
        j2 = JalaliDate(value)
        text = f"{j2.day} {_MONTHS[j2.month - 1]} {j2.year}"
    return to_persian_digits(text)


def parse_jalali(text: str) -> dt.date:
    parts = re.split(r"[/\-.]", to_latin_digits(text.strip()))
    try:
        y, m, d = (int(p) for p in parts)
        return jdatetime.date(y, m, d).togregorian()
    except (ValueError, TypeError) as exc:
        raise ValueError(f"تاریخ «{text}» درست نیست.") from exc


def parse_date(text: str) -> dt.date:
    """Accept a Jalali or a Gregorian date."""
    latin = to_latin_digits(text.strip())
    if re.match(r"^(19|20)\d\d[-/]", latin):
        y, m, d = (int(p) for p in re.split(r"[/\-]", latin))
        return dt.date(y, m, d)
    return parse_jalali(text)


def parse_amount(text: str) -> int:
    latin = re.sub(r"[,٬،\s_]", "", to_latin_digits(text))
    if not re.fullmatch(r"-?\d+", latin):
        raise ValueError(f"عدد «{text}» درست نیست.")
    return int(latin)


def ordinal_word(n: int) -> str:
    return f"{n}مین"


def cardinal_word(n: int) -> str:
    return str(n)


def credit_phrase(rial: int, unit: str = "toman") -> str:
    return to_persian_digits(f"{rial // 10:,}") + " تومان"


def slugify_fa(title: str) -> str:
    return re.sub(r"[\s\u200c]+", "-", normalize_for_publish(title)).strip("-")
