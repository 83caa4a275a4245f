"""Search keys: one spelling for every way a Persian word is written."""

from __future__ import annotations

import re

from jahesh.persian.letters import LETTER_CLASS, fold_search
from jahesh.persian.lexicon import PLURAL_SUFFIXES

# Spellings whose hamza sits on different seats, or is dropped, and would otherwise fold apart
# (مسئول -> مسیول but مسؤول -> مسوول): each is rewritten to one spelling before folding.
_SEAT_VARIANTS = (
    ("ؤو", "ئو"),
    ("مسوول", "مسئول"),
    ("هیأت", "هیئت"),
    ("مسأل", "مسئل"),
    ("سئوال", "سؤال"),
)
# Patterns start with a literal or a small class so that the engine scans fast.
_GROUP_SEPARATOR = re.compile(r"[,٬،](?<=\d.)(?=\d{3}(?!\d))")
# A plural suffix written as a word of its own (بخش ها) joins its noun, as in بخش‌ها.
_DETACHED_SUFFIX = re.compile(
    r" (" + "|".join(sorted(PLURAL_SUFFIXES, key=len, reverse=True)) + r")(?= |$)"
)
# The verb prefixes می and نمی written apart (می رسد) join their verb, as in می‌رسد.
_DETACHED_MI = re.compile(f"می (?<![^ ]می )(?=[{LETTER_CLASS}])")
_DETACHED_NAMI = re.compile(f"نمی (?<![^ ]نمی )(?=[{LETTER_CLASS}])")


def search_key(text: str) -> str:
    """Return the key that ``text`` is indexed and searched by.

    Every spelling of a word gets the same key: with or without zero-width non-joiners,
    Arabic or Persian letters, Persian, Arabic-Indic or Latin digits, with or without
    diacritics, and with the hamza on any seat (مسئول، مسؤول). Different words keep different
    keys (شهردار، شهرداری): nothing is stemmed. Punctuation becomes space; Latin is lower-cased.
    """
    for variant, spelling in _SEAT_VARIANTS:
        if variant in text:
            text = text.replace(variant, spelling)
    text = _GROUP_SEPARATOR.sub("", text)
    text = " ".join(fold_search(text).lower().split())
    text = _DETACHED_SUFFIX.sub(r"\1", text)
    if "می " in text:
        text = _DETACHED_MI.sub("می", text)
        text = _DETACHED_NAMI.sub("نمی", text)
    return text
