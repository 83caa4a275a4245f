"""Persian dictionary order: the key a glossary is sorted by.

Unicode puts پ چ ژ گ after every Arabic letter (پ U+067E comes after و U+0648), so sorting by code
point scatters them. A Persian dictionary orders by the alphabet آ ا ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش
ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی and, at the first level, ignores spaces, zero-width non-joiners,
diacritics and punctuation; Arabic ي and ك are ی and ک. Ties are broken by where the words break,
then by the text itself, so the order is total and stable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

ALPHABET = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"

# Letters written with another form that a dictionary files under the plain letter.
_SAME_LETTER = {
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "ء": "ا",
    "ؤ": "و",
    "ئ": "ی",
    "ي": "ی",
    "ى": "ی",
    "ك": "ک",
    "ڪ": "ک",
    "ة": "ه",
    "ۀ": "ه",
    "ہ": "ه",
    "ھ": "ه",
    "ە": "ه",
}
_DIGIT_BASE = 0x100
_LETTER_BASE = 0x200
_LATIN_BASE = 0x300
_OTHER_BASE = 0x1000
_WORD_BREAK = "\u0001"
_JOIN_BREAK = "\u0002"


def _rank(char: str) -> str | None:
    """The first-level weight of one character, or None where the dictionary ignores it."""
    char = _SAME_LETTER.get(char, char)
    index = ALPHABET.find(char)
    if index >= 0:
        return chr(_LETTER_BASE + index)
    if char.isdigit():
        return chr(_DIGIT_BASE + unicodedata.digit(char, 0))
    if "a" <= char <= "z":
        return chr(_LATIN_BASE + ord(char))
    if char.isalpha():
        return chr(_OTHER_BASE + ord(char))
    return None


class _WeightTable(dict[int, str | None]):
    """A ``str.translate`` table filled on first sight of each character (the text's alphabet is
    small, so after a few lines every lookup is a dictionary hit in C)."""

    def __init__(self, weigh: Callable[[str], str | None]) -> None:
        super().__init__()
        self._weigh = weigh

    def __missing__(self, code: int) -> str | None:
        weight = self._weigh(chr(code))
        self[code] = weight
        return weight


def _secondary_rank(char: str) -> str | None:
    """The second-level weight: letters as at the first level, and where words break."""
    weight = _rank(char)
    if weight is not None:
        return weight
    if char.isspace():
        return _WORD_BREAK
    if char == "\u200c":
        return _JOIN_BREAK
    return None


_PRIMARY = _WeightTable(_rank)
_SECONDARY = _WeightTable(_secondary_rank)
_BMP_END = 0x10000
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


@cache
def _bmp_tables() -> tuple[list[str | None], list[str | None]]:
    """Both levels' weights for every character of the Basic Multilingual Plane, as lists:
    ``str.translate`` indexes a list about twice as fast as it looks a key up in a dict. Built
    on first use (about 0.1 s), not on import."""
    return (
        [_rank(chr(code)) for code in range(_BMP_END)],
        [_secondary_rank(chr(code)) for code in range(_BMP_END)],
    )


def collation_key(text: str) -> tuple[str, str, str]:
    """Return the key that puts ``text`` in Persian dictionary order among others.

    Compare keys, never the texts: ``sorted(terms, key=collation_key)``. The first element holds
    the letters only; the second adds where words break (a space before a non-joiner); the third
    is the text itself.
    """
    composed = unicodedata.normalize("NFC", text).lower()
    if _BEYOND_BMP.search(composed):
        # A list table would leave characters past its end untranslated.
        return composed.translate(_PRIMARY), composed.translate(_SECONDARY), composed
    primary, secondary = _bmp_tables()
    return composed.translate(primary), composed.translate(secondary), composed
