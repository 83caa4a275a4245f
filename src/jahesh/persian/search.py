"""Search keys: one spelling for every way a Persian word is written."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

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
# Endings a key drops so that a plural, or a word with its ezafe, meets its stem (see _stem).
_HA_ENDINGS = PLURAL_SUFFIXES
# The ezafe ی is written only after a vowel (دانشجوی، صدای): after a consonant a final ی makes
# another word (شهرداری، ملی), and after ه it is mostly the adjective (گروهی), so it stays.
_EZAFE_AFTER = ("ا", "و")
# Shorter words are left whole: a stem of two letters is more often a piece of another word.
_STEM_MIN_LENGTH = 3


def search_key(text: str) -> str:
    """Return the key that ``text`` is indexed and searched by.

    Every spelling of a word gets the same key: with or without zero-width non-joiners,
    Arabic or Persian letters, Persian, Arabic-Indic or Latin digits, with or without
    diacritics, and with the hamza on any seat (مسئول، مسؤول). A compound gets one key however
    it is written: with a non-joiner, joined, or with a space (بهره‌برداری، بهرهبرداری، بهره
    برداری -> «بهره برداری»); joined spellings are recognised by the non-joiner lexicon.
    A plural or a word with its ezafe keys as its stem (بوستان‌ها، بوستان‌های، کارگران،
    دانشجویان، نمایندگان، دانشجوی -> بوستان، کارگر، دانشجو، نماینده) when the lexicon knows the
    stem as a word and not the whole form as a word of its own, so that different words keep
    different keys (باران، بار؛ مهمان، مهم؛ شهرداری، شهردار). Punctuation becomes space; Latin
    is lower-cased.
    """
    for variant, spelling in _SEAT_VARIANTS:
        if variant in text:
            text = text.replace(variant, spelling)
    text = _GROUP_SEPARATOR.sub("", text)
    # Each distinct whitespace-separated token is keyed once: texts repeat their words, and
    # this is cheaper than folding the whole text and then splitting it again.
    tokens = text.split()
    keys = {token: _stemmed_key(token) for token in set(tokens)}
    text = " ".join(filter(None, map(keys.__getitem__, tokens)))
    if " " in text:
        text = _join_detached_suffixes(text)
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


def _join_detached_suffixes(text: str) -> str:
    """Join each plural suffix written as a word (بخش ها) to the word before it, and stem the
    joined word as the key of «بخش‌ها» would be, so that a key of a key is the same key (the
    migrations that rekey stored entries rely on it)."""
    matches = list(_DETACHED_SUFFIX.finditer(text))
    if not matches:
        return text
    pieces: list[str] = []
    done = 0
    for match in matches:
        begin = match.start()
        if begin == done and pieces:
            # The word before is the one just joined (بخش ها ها).
            pieces[-1] = _stem(pieces[-1] + match.group(1))
        else:
            start = text.rfind(" ", done, begin) + 1
            pieces.append(text[done:start])
            pieces.append(_stem(text[start:begin] + match.group(1)))
        done = match.end()
    pieces.append(text[done:])
    return "".join(pieces)


def _stemmed_key(token: str) -> str:
    key = _token_key(token)
    if " " in key:
        return " ".join(map(_stem, key.split(" ")))
    return _stem(key)


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """Return the stem of a plural or of a word with its ezafe, or the word itself.

    An ending goes only when the lexicon does not hold the whole form as a word written as it is
    (its ``keep`` list) and holds what is left: for ‌ها and ‌های any known word (شهرداری‌ها ->
    شهرداری), for the other endings only a word of that list, since they end many words of
    their own (باران، مهمان، ایران، خیابان). The stem is stemmed again, so that a stem keeps its
    key.
    """
    if len(word) <= _STEM_MIN_LENGTH:
        return word
    known = _known_words()
    if word in known.keep:
        return word
    for stem, any_known in _stem_candidates(word):
        if len(stem) > 1 and (stem in known.keep or (any_known and stem in known.other)):
            return _stem(stem)
    return word


@dataclass(frozen=True, slots=True)
class _KnownWords:
    """The lexicon's words as they appear in keys (آ is folded to ا there)."""

    keep: frozenset[str]
    other: frozenset[str]


@lru_cache(maxsize=1)
def _known_words() -> _KnownWords:
    lexicon = repairer().lexicon
    keep = lexicon.keep | lexicon.compounds.keys()
    other = lexicon.words
    return _KnownWords(
        keep | {word.replace("آ", "ا") for word in keep if "آ" in word},
        other | {word.replace("آ", "ا") for word in other if "آ" in word},
    )


def _stem_candidates(word: str) -> list[tuple[str, bool]]:
    """Every reading of ``word`` as a stem and an ending, the longest ending first, each with
    whether any known word will do as its stem (see _stem)."""
    found = [(word[: -len(ending)], True) for ending in _HA_ENDINGS if word.endswith(ending)]
    if word.endswith("ان"):
        if word.endswith("گان"):
            found.append((word[:-3] + "ه", False))  # نمایندگان -> نماینده
        if word.endswith("یان") and word[-4] in _EZAFE_AFTER:
            found.append((word[:-3], False))  # دانشجویان -> دانشجو
        found.append((word[:-2], False))
    elif word.endswith("ات"):
        found.append((word[:-2], False))
    elif word.endswith("ای") and word[-3] == "ه":
        found.append((word[:-2], False))  # پروژه‌ای -> پروژه
    elif word.endswith("ی") and word[-2] in _EZAFE_AFTER:
        found.append((word[:-1], False))  # دانشجوی -> دانشجو
    return found


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
