"""Persian dictionary order: the key a glossary is sorted by.

Unicode puts پ چ ژ گ after every Arabic letter (پ U+067E comes after و U+0648), so sorting by code
point scatters them. A Persian dictionary orders by the alphabet آ ا ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش
ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی and, at the first level, ignores spaces, zero-width non-joiners,
diacritics and punctuation; Arabic ي and ك are ی and ک. Ties are broken by where the words break,
then by the text itself, so the order is total and stable.
"""

from __future__ import annotations

import unicodedata

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


def collation_key(text: str) -> tuple[str, str, str]:
    """Return the key that puts ``text`` in Persian dictionary order among others.

    Compare keys, never the texts: ``sorted(terms, key=collation_key)``. The first element holds
    the letters only; the second adds where words break (a space before a non-joiner); the third
    is the text itself.
    """
    composed = unicodedata.normalize("NFC", text).lower()
    primary: list[str] = []
    secondary: list[str] = []
    for char in composed:
        weight = _rank(char)
        if weight is not None:
            primary.append(weight)
            secondary.append(weight)
        elif char.isspace():
            secondary.append(_WORD_BREAK)
        elif char == "\u200c":
            secondary.append(_JOIN_BREAK)
    return "".join(primary), "".join(secondary), composed
