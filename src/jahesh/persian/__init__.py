"""The Persian layer (pure): normalisation, search keys, digits, numbers, Jalali dates, slugs.

Import from here (``from jahesh.persian import normalize_for_publish``); the modules behind
these names may move. No Django and nothing else from ``jahesh`` is imported.
"""

from __future__ import annotations

from jahesh.persian.collation import collation_key
from jahesh.persian.digits import to_latin_digits, to_persian_digits
from jahesh.persian.jalali import (
    TEHRAN,
    JalaliDate,
    format_jalali,
    jalali_date,
    jalali_month_bounds,
    jalali_to_gregorian,
    jalali_year,
    jalali_year_bounds,
    parse_date,
    parse_jalali,
)
from jahesh.persian.normalize import (
    Suggestion,
    normalization_suggestions,
    normalize_for_publish,
    normalize_name,
    remove_bidi_overrides,
)
from jahesh.persian.numbers import cardinal_word, credit_phrase, ordinal_word, parse_amount
from jahesh.persian.search import search_key, search_phrases
from jahesh.persian.slugs import slugify_fa

__all__ = [
    "TEHRAN",
    "JalaliDate",
    "Suggestion",
    "cardinal_word",
    "collation_key",
    "credit_phrase",
    "format_jalali",
    "jalali_date",
    "jalali_month_bounds",
    "jalali_to_gregorian",
    "jalali_year",
    "jalali_year_bounds",
    "normalization_suggestions",
    "normalize_for_publish",
    "normalize_name",
    "ordinal_word",
    "parse_amount",
    "parse_date",
    "parse_jalali",
    "remove_bidi_overrides",
    "search_key",
    "search_phrases",
    "slugify_fa",
    "to_latin_digits",
    "to_persian_digits",
]
