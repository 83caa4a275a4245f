"""Search keys: one spelling for every way a Persian word is written."""

from __future__ import annotations

import itertools
import re

from jahesh.persian.letters import LETTER_CLASS, ZWNJ, fold_publish, fold_search
from jahesh.persian.lexicon import (
    COMPARATIVE_SUFFIXES,
    HE_SUFFIXES,
    PLURAL_SUFFIXES,
    PREVERBS,
    VERB_PREFIXES,
    repairer,
)

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

_WORD = re.compile(f"[{LETTER_CLASS}]+")
# Letters the search fold keeps as they are, and آ (folded to ا).
_PLAIN_WORD = re.compile("[ءآابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی]+")
_LEADING_WORD = re.compile(f"[{LETTER_CLASS}]+")
# Letters the search fold keeps as they are, and آ (folded to ا).
_PLAIN_WORD = re.compile("[ءآابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی]+")
_TRAILING_WORD = re.compile(f"[{LETTER_CLASS}]+$")
# A non-joiner before an ending (شهرداری‌ها، پروژه‌ای، مهم‌تر) or after می and نمی (می‌رسد)
# joins the word in a key, as it always did; any other non-joiner parts the two words of a
# compound (بهره‌برداری، کلان‌شهر), which then match the compound written with a space.
_ENDINGS = frozenset((*PLURAL_SUFFIXES, *HE_SUFFIXES, *COMPARATIVE_SUFFIXES, "ی", "یی", "ات"))
_PREFIXES = frozenset(preverb + prefix for preverb in PREVERBS for prefix in VERB_PREFIXES)


def search_key(text: str) -> str:
    """Return the key that ``text`` is indexed and searched by.

    Every spelling of a word gets the same key: with or without zero-width non-joiners,
    Arabic or Persian letters, Persian, Arabic-Indic or Latin digits, with or without
    diacritics, and with the hamza on any seat (مسئول، مسؤول). A compound gets one key however
    it is written: with a non-joiner, joined, or with a space (بهره‌برداری، بهرهبرداری، بهره
    برداری -> «بهره برداری»); joined spellings are recognised by the non-joiner lexicon.
    Different words keep different keys (شهردار، شهرداری): nothing is stemmed. Punctuation
    becomes space; Latin is lower-cased.
    """
    for variant, spelling in _SEAT_VARIANTS:
        if variant in text:
            text = text.replace(variant, spelling)
    text = _GROUP_SEPARATOR.sub("", text)
    # Each distinct whitespace-separated token is keyed once: texts repeat their words, and
    # this is cheaper than folding the whole text and then splitting it again.
    tokens = text.split()
    keys = {token: _token_key(token) for token in set(tokens)}
    text = " ".join(filter(None, map(keys.__getitem__, tokens)))
    text = _DETACHED_SUFFIX.sub(r"\1", text)
    if "می " in text:
        text = _DETACHED_MI.sub("می", text)
        text = _DETACHED_NAMI.sub("نمی", text)
    return text


def search_phrases(key: str) -> list[tuple[str, ...]]:
    """Cut a key into phrases: the words of one compound (بهره برداری) stay together, so that
    a search can ask for them side by side; every other word is a phrase of its own.

    Two neighbouring words belong together when their joined spelling is a compound the lexicon
    knows and parts the same way (مرحله نهم stays two phrases).
    """
    words = key.split()
    phrases: list[list[str]] = []
    for index, word in enumerate(words):
        if index and _part_token(words[index - 1] + word) == words[index - 1] + " " + word:
            phrases[-1].append(word)
        else:
            phrases.append([word])
    return [tuple(phrase) for phrase in phrases]


def _token_key(token: str) -> str:
    if _PLAIN_WORD.fullmatch(token) is not None:
        # Most tokens are one word of plain Persian letters, which the search fold only changes
        # by آ -> ا: this path skips the regex folds, and costs a cached repair when seen.
        repaired = repairer().repair(token)
        if ZWNJ in repaired:
            token = _join_pieces(repaired)
        return token.replace("آ", "ا") if "آ" in token else token
    return " ".join(fold_search(_part_token(token)).lower().split())


def _part_token(token: str) -> str:
    if _WORD.search(token) is None:
        return token
    repair = repairer().repair
    folded = fold_publish(token)
    repaired = _WORD.sub(lambda m: repair(m.group()), folded)
    if ZWNJ not in repaired:
        return token
    return _join_pieces(repaired)


def _join_pieces(repaired: str) -> str:
    """Join the pieces of a word with non-joiners, by a space where they part two words."""
    pieces = [piece for piece in repaired.split(ZWNJ) if piece]
    if not pieces:
        return ""
    out = [pieces[0]]
    for before, after in itertools.pairwise(pieces):
        tail = _TRAILING_WORD.search(before)
        head = _LEADING_WORD.match(after)
        joins = (head is not None and head.group() in _ENDINGS) or (
            tail is not None and tail.group() in _PREFIXES
        )
        out.append(after if joins else " " + after)
    return "".join(out)
