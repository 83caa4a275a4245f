"""Read the figures a person typed: counts before «پروژه», «آیین» or a wave noun, and credits.

Pure: text in, ``TypedFigure`` values out; nothing here raises on any text. Numbers may be in
Persian or Latin digits (with «٬» or «,» between thousands) or in words («بیست و یک»,
«سی‌وپنج»); credits may stack scales («۱۳ هزار و ۴۱۰ میلیارد تومان»). «بالغ‌بر» and «بیش از»
make a lower bound, «حدود» an approximate value, «۱۰ تا ۱۲» a range. ``TypedFigure.admits``
says whether a value from the data agrees with what was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jahesh import persian

PROJECTS = "projects"
CREDIT = "credit"
WAVES = "waves"

_ONES = {
    "یک": 1,
    "دو": 2,
    "سه": 3,
    "چهار": 4,
    "پنج": 5,
    "شش": 6,
    "شیش": 6,
    "هفت": 7,
    "هشت": 8,
    "نه": 9,
    "ده": 10,
    "یازده": 11,
    "دوازده": 12,
    "سیزده": 13,
    "چهارده": 14,
    "پانزده": 15,
    "پونزده": 15,
    "شانزده": 16,
    "هفده": 17,
    "هجده": 18,
    "هیجده": 18,
    "نوزده": 19,
    "بیست": 20,
    "سی": 30,
    "چهل": 40,
    "پنجاه": 50,
    "شصت": 60,
    "هفتاد": 70,
    "هشتاد": 80,
    "نود": 90,
    "صد": 100,
    "یکصد": 100,
    "دویست": 200,
    "سیصد": 300,
    "چهارصد": 400,
    "پانصد": 500,
    "ششصد": 600,
    "هفتصد": 700,
    "هشتصد": 800,
    "نهصد": 900,
}
_SCALES = {"هزار": 10**3, "میلیون": 10**6, "میلیارد": 10**9}
_UNITS = {"تومان": 10, "ریال": 1}
_COUNT_NOUNS = {"پروژه": PROJECTS, "آیین": PROJECTS}
_WAVE_NOUNS = ("مرحله", "گام", "خوان")

_WORD = "|".join(sorted(_ONES, key=len, reverse=True))
_NUMBER = rf"(?:\d+|(?:{_WORD})(?:\s+و\s+(?:{_WORD}))*)"
_SCALE = "|".join(_SCALES)
_BOUND = r"(?P<bound>بالغ\s*بر|بیش\s+از|بیشتر\s+از|حدود|نزدیک\s+به)\s+"
_AMOUNT = rf"(?:{_NUMBER}\s+)?(?:{_SCALE})(?:\s+(?:و\s+)?(?:{_NUMBER}\s+)?(?:{_SCALE}))*"
_CREDIT_RE = re.compile(
    rf"(?<!\S)(?:{_BOUND})?(?P<amount>{_AMOUNT}|{_NUMBER})\s+(?P<unit>تومان|ریال)(?!\S)"
)
_DIGIT_GROUPS = re.compile(r"(?<=\d)[٬,](?=\d{3})")
_JOINED_AND = re.compile("\u200c?و\u200c?")


@dataclass(frozen=True, slots=True)
class TypedFigure:
    """One figure as typed: what it counts, the bounds it allows, and the words themselves."""

    what: str  # projects, credit or waves
    low: int
    high: int | None  # None: no upper bound («بالغ‌بر»)
    text: str
    noun: str = ""

    def admits(self, value: int) -> bool:
        return self.low <= value and (self.high is None or value <= self.high)


def _plain(text: str) -> str:
    """Latin digits, no group separators, «سی‌وپنج» as «سی و پنج», «بالغ‌بر» as two words."""
    text = _DIGIT_GROUPS.sub("", persian.to_latin_digits(text)).replace("بالغ\u200cبر", "بالغ بر")
    words = []
    for word in text.split():
        parts = [p for p in _JOINED_AND.split(word) if p]
        joined = len(parts) > 1 and all(p in _ONES for p in parts)
        words.append(" و ".join(parts) if joined else word)
    return " ".join(words)


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    return sum(_ONES.get(w, 0) for w in text.split() if w != "و")


def _amount(tokens: list[str]) -> int:
    """«۱۳ هزار و ۴۱۰ میلیارد» → 13,410 × 10⁹: a larger scale takes all that came before."""
    total = current = 0
    for token in tokens:
        if token in _SCALES:
            scale = _SCALES[token]
            current = current or 1
            if scale > total:
                total, current = (total + current) * scale, 0
            else:
                total, current = total + current * scale, 0
        else:
            current += _number(token)
    return total + current


def _amount_tokens(text: str) -> list[str]:
    return list(re.findall(rf"{_NUMBER}|{_SCALE}", text))


def _bounds(bound: str | None, value: int, step: int) -> tuple[int, int | None]:
    """The values a typed number allows: ``step`` is the place of its last digit (a credit in
    «میلیارد» is written to the nearest billion)."""
    half = step // 2
    if bound is None:
        return max(0, value - half), value + half
    if bound.startswith(("حدود", "نزدیک")):
        spread = max(step, value // 10)
        return max(0, value - spread), value + spread
    return max(0, value - half), None


def read_figures(text: str, *, wave_noun: str = "") -> list[TypedFigure]:
    """Every count and credit typed in ``text``; ranges read «۱۰ تا ۱۲ پروژه»."""
    plain = _plain(text)
    found: list[TypedFigure] = []
    for match in _CREDIT_RE.finditer(plain):
        tokens = _amount_tokens(match.group("amount"))
        if not tokens:
            continue
        scale = _UNITS[match.group("unit")]
        value = _amount(tokens)
        numbers = [i for i, t in enumerate(tokens) if t not in _SCALES]
        step = 1
        if numbers:
            bumped = list(tokens)
            bumped[numbers[-1]] = str(_number(tokens[numbers[-1]]) + 1)
            step = max(1, _amount(bumped) - value)
        low, high = _bounds(match.group("bound"), value * scale, step * scale)
        found.append(TypedFigure(CREDIT, low, high, persian.to_persian_digits(match.group(0))))
    nouns = {**_COUNT_NOUNS, **{n: WAVES for n in (*_WAVE_NOUNS, wave_noun) if n}}
    noun_re = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    count_re = re.compile(
        rf"(?<!\S)(?:{_BOUND})?(?P<a>{_NUMBER})(?:\s+(?:تا|الی|-|–)\s+(?P<b>{_NUMBER}))?"
        rf"\s+(?P<noun>{noun_re})(?![\w\u200c])"
    )
    for match in count_re.finditer(plain):
        first = _number(match.group("a"))
        if match.group("b"):
            low, high = sorted((first, _number(match.group("b"))))
            bounds: tuple[int, int | None] = (low, high)
        else:
            bounds = _bounds(match.group("bound"), first, 1)
            if match.group("bound") is None:
                bounds = (first, first)
        noun = match.group("noun")
        said = persian.to_persian_digits(match.group(0))
        found.append(TypedFigure(nouns[noun], bounds[0], bounds[1], said, noun))
    return found
