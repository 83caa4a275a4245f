"""Numbers: amounts typed in any digits, numbers in words, ordinals, credits in the press style."""

from __future__ import annotations

import re
from typing import Literal

from persiantools.digits import to_word

from jahesh.persian.digits import to_latin_digits, to_persian_digits
from jahesh.persian.letters import JOINING, ZWNJ

# persiantools spells numbers only below this.
WORDS_LIMIT = 10**15
Unit = Literal["toman", "rial"]
UNIT_NAMES: dict[str, str] = {"toman": "تومان", "rial": "ریال"}
_SCALES = ((10**9, "میلیارد"), (10**6, "میلیون"), (10**3, "هزار"), (1, ""))

_AMOUNT = re.compile(r"[+\-−]?\d+(?:[,٬،' ]\d{3})*")
_AMOUNT_SPACES = re.compile(r"[\s\u200c\u200f\u200e_]+")


def parse_amount(text: str) -> int:
    """Read an integer amount typed with Persian or Latin digits and group separators.

    «۱۳٬۴۱۰»، «13,410»، «۱۳،۴۱۰» and «13 410» all give 13410. A sign is read (callers that
    need a positive amount check it). Raises ValueError with a Persian message otherwise.
    """
    compact = _AMOUNT_SPACES.sub(" ", to_latin_digits(text)).strip()
    if not _AMOUNT.fullmatch(compact):
        raise ValueError(f"«{text}» عدد درستی نیست؛ فقط رقم و جداکننده‌ی هزارگان بنویسید.")
    digits = re.sub(r"[^\d]", "", compact)
    value = int(digits)
    return -value if compact[0] in "-−" else value


def cardinal_word(n: int) -> str:
    """Spell ``n`` in Persian words (۳۰ -> «سی», ۱۰۰ -> «صد», ۱۰۰۰ -> «هزار»).

    Raises ValueError (Persian message) when |n| is 10^15 or more.
    """
    if abs(n) >= WORDS_LIMIT:
        raise ValueError("این عدد بزرگ‌تر از آن است که به حروف نوشته شود.")
    words: str = to_word(int(n))
    # persiantools writes the cheque style «یکصد» and «یک هزار»; the press writes «صد», «هزار».
    words = " ".join("صد" if w == "یکصد" else w for w in words.split(" "))
    if words.startswith("یک هزار"):
        words = words[len("یک ") :]
    return words


def _join_with_and(parts: list[str]) -> str:
    """Join number parts with «و» written close: سی‌ویک، صدوپنج."""
    text = parts[0]
    for part in parts[1:]:
        text += (ZWNJ if text[-1] in JOINING else "") + "و" + part
    return text


def ordinal_word(n: int, form: Literal["adjective", "number"] = "adjective") -> str:
    """Spell the ordinal of ``n``: «نخستین», «دومین», «نهمین», «سی‌ویکمین», «صدمین».

    ``form="number"`` gives the form that follows the noun: «اول», «دوم», «سی‌ویکم».
    Raises ValueError (Persian message) for n < 1.
    """
    if n < 1:
        raise ValueError("شماره‌ی ترتیبی باید از یک به بالا باشد.")
    if n == 1:
        return "نخستین" if form == "adjective" else "اول"
    parts = cardinal_word(n).split(" و ")
    head, _, last = parts[-1].rpartition(" ")
    if last == "یک":
        last = "یکم"
    elif last == "سه":
        last = "سوم"
    elif last.endswith("ی"):
        last = last + ZWNJ + "ام"
    else:
        last = last + "م"
    parts[-1] = f"{head} {last}" if head else last
    text = _join_with_and(parts)
    return text + "ین" if form == "adjective" else text


def _digits(value: int) -> str:
    return to_persian_digits(f"{value:,}".replace(",", "٬"))


def _count(value: int) -> str:
    """Write how many thousands: «هزار» alone for one, as the press does («هزار و ۸۱۰ میلیارد»)."""
    return "" if value == 1 else _digits(value) + " "


def _round_to(value: int, step: int) -> int:
    return (value + step // 2) // step * step


def _amount_phrase(amount: int) -> str:
    if amount < 1000:
        return _digits(amount)
    billion = _SCALES[0][0]
    if amount >= 1000 * billion:
        billions = _round_to(amount, billion) // billion
        thousands, rest = divmod(billions, 1000)
        tail = f" و {_digits(rest)}" if rest else ""
        return f"{_count(thousands)}هزار{tail} میلیارد"
    for index, (scale, name) in enumerate(_SCALES[:-1]):
        if amount < scale:
            continue
        rounded = _round_to(amount, scale // 1000)
        if rounded >= 1000 * scale or (index and rounded >= _SCALES[index - 1][0]):
            return _amount_phrase(rounded)
        top, rest = divmod(rounded, scale)
        next_scale, next_name = _SCALES[index + 1]
        phrase = f"{_count(top) if name == 'هزار' else _digits(top) + ' '}{name}"
        if rest:
            phrase += f" و {_digits(rest // next_scale)}" + (f" {next_name}" if next_name else "")
        return phrase
    return _digits(amount)  # pragma: no cover - amounts under 1000 returned above


def credit_phrase(rial: int, unit: str = "toman") -> str:
    """Write a credit given in rials the way the press does, in tomans or rials.

    Two levels are shown and the rest rounded half up: 134,100,000,000,000 rials ->
    «۱۳ هزار و ۴۱۰ میلیارد تومان»; 25,000,000,000 -> «۲ میلیارد و ۵۰۰ میلیون تومان»;
    1,812,500,000,000 -> «۱۸۱ میلیارد و ۲۵۰ میلیون تومان». Raises ValueError for an unknown unit.
    """
    name = UNIT_NAMES.get(unit)
    if name is None:
        raise ValueError(f"واحد پول «{unit}» شناخته نیست؛ toman یا rial.")
    if rial < 0:
        return "منفی " + credit_phrase(-rial, unit)
    amount = rial if unit == "rial" else _round_to(rial, 10) // 10
    return f"{_amount_phrase(amount)} {name}"
