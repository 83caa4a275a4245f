"""Persian letters: the character classes and folding tables the other modules share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

ZWNJ = "\u200c"

# Letters of the Arabic script that occur in Persian text (after folding), as a regex class body.
LETTER_CLASS = (
    "\u0621-\u063a\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
)
# Marks kept by the publishing fold: fathatan (حتماً) and hamza above (the ezafe in خانهٔ).
KEPT_MARK_CLASS = "\u064b\u0654"

# Dual-joining letters: only after one of these does a non-joiner change how a word looks.
JOINING = frozenset("بپتثجچحخسشصضطظعغفقکگلمنهیئيكڪھہ")

# Bidirectional controls and other invisible format characters.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

_ARABIC_TO_PERSIAN = {
    "ي": "ی",
    "ى": "ی",
    "ك": "ک",
    "ڪ": "ک",
    "ە": "ه",
    "ہ": "ه",
    "ھ": "ه",
    "ۂ": "ۀ",
    "ۓ": "ئ",
}

# Harakat, Quranic annotation marks and other combining marks a published Persian text drops.
_DROPPED_MARKS = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064C, 0x0654)]
    + [chr(c) for c in range(0x0655, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + [chr(c) for c in range(0x06E7, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)


def _fold_letters(text: str) -> str:
    return "".join(_ARABIC_TO_PERSIAN.get(c, c) for c in text)


def _presentation_forms() -> dict[str, str]:
    """Map Arabic presentation forms (text copied out of PDFs) to plain letters."""
    table: dict[str, str] = {}
    dropped = set(_DROPPED_MARKS) | {"\u064b", "\u0654", "\u0640"}
    for code in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFD)]:
        char = chr(code)
        plain = unicodedata.normalize("NFKC", char)
        if plain == char:
            continue
        plain = "".join(c for c in _fold_letters(plain) if c not in dropped).strip()
        table[char] = plain
    return table


def _build_publish_table() -> dict[str, str]:
    table = dict.fromkeys(_DROPPED_MARKS, "")
    table.update(_presentation_forms())
    table.update(_ARABIC_TO_PERSIAN)
    table["\u0640"] = ""  # tatweel
    table["\ufeff"] = ""  # byte-order mark
    for digit in range(10):
        table[chr(0x0660 + digit)] = chr(0x06F0 + digit)
    return table


PUBLISH_TABLE = _build_publish_table()


def _build_search_table() -> dict[str, str]:
    table = dict(PUBLISH_TABLE)
    for char in "\u064b\u0654\u0640" + ZWNJ + "\u200d\u200b\u00ad\ufeff" + BIDI_CONTROLS:
        table[char] = ""
    table.update(
        {
            "أ": "ا",
            "إ": "ا",
            "ٱ": "ا",
            "آ": "ا",
            "ؤ": "و",
            "ئ": "ی",
            "ة": "ه",
            "ۀ": "ه",
        }
    )
    for digit in range(10):
        table[chr(0x06F0 + digit)] = str(digit)
        table[chr(0x0660 + digit)] = str(digit)
    # Punctuation and symbols separate words in a key. Group separators between digits are
    # removed before this fold (search.py), so 13,410 and ۱۳٬۴۱۰ both give 13410.
    for char in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»،؛؟٪٫٬…–—‘’“”•·×÷":
        table[char] = " "
    # Presentation forms may decompose into letters the search fold changes further.
    for key, value in list(table.items()):
        table[key] = "".join(table.get(c, c) for c in value)
    return table


SEARCH_TABLE = _build_search_table()


# Decomposed letters (a seat and a combining maddah or hamza), composed before marks are dropped.
_COMPOSE = {
    "\u0627\u0653": "آ",
    "\u0627\u0654": "أ",
    "\u0627\u0655": "إ",
    "\u0648\u0654": "ؤ",
    "\u064a\u0654": "ئ",
    "\u06cc\u0654": "ئ",
    "\u0649\u0654": "ئ",
}
_COMPOSE_PATTERN = re.compile("|".join(_COMPOSE))


def _compose(match: re.Match[str]) -> str:
    return _COMPOSE[match.group()]


def _compose_all(text: str) -> str:
    if "\u0653" in text or "\u0654" in text or "\u0655" in text:
        return _COMPOSE_PATTERN.sub(_compose, text)
    return text


def _compile_folder(table: dict[str, str]) -> Callable[[str], str]:
    """Return a fold over ``table`` that costs one regex scan when nothing needs folding.

    ``str.translate`` looks every character up in a dict; on Persian text that is slower than
    finding the few characters that need a change with a compiled class and replacing those.
    """
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(table)) + "]+")
    get = table.get

    def replace(match: re.Match[str]) -> str:
        run = match.group()
        if len(run) == 1:
            return get(run, run)
        return "".join([get(c, c) for c in run])

    def fold(text: str) -> str:
        text = pattern.sub(replace, _compose_all(text))
        # Dropping a mark can bring a seat and a hamza together; compose once more so the fold
        # stays idempotent.
        again = _compose_all(text)
        return text if again == text else pattern.sub(replace, again)

    return fold


fold_publish = _compile_folder(PUBLISH_TABLE)
fold_search = _compile_folder(SEARCH_TABLE)
