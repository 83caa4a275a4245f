"""Small Persian wording helpers for explanations: digits, names and solar Hijri dates.

Digits and Jalali dates come from ``jahesh.persian`` (the other pure package), so the planner's
messages read exactly like the rest of the site. Digits in every planner message are Persian.
"""

from __future__ import annotations

import datetime as dt

from jahesh.planner.problem import Ceremony, Official, Wave

# jahesh.persian is imported on first use, not here: the solver child process imports this
# package on every solve and never words a message, and importing jahesh.persian there cost
# about 30 ms of CPU per solve (measured; a fifth of a whole solve at N=300).


def fa(value: object) -> str:
    """Return ``value`` as text with Persian digits."""
    from jahesh.persian import to_persian_digits

    return to_persian_digits(str(value))


def solar_date(day: dt.date) -> str:
    """Return a date as «۲۲ بهمن ۱۴۰۴»."""
    from jahesh.persian import format_jalali

    try:
        return format_jalali(day)
    except ValueError:
        # A day outside the Jalali calendar (before 622 AD) cannot be shown; an explanation must
        # still be written, so it names the Gregorian day rather than failing the whole plan.
        return fa(day.isoformat())


def ceremony_name(c: Ceremony) -> str:
    return f"آیین «{c.title or c.id}»"


def wave_name(w: Wave) -> str:
    return f"مرحلهٔ «{w.title or w.id}»"


def official_name(o: Official | None, official_id: str) -> str:
    title = o.title if o is not None and o.title else official_id
    return f"«{title}»"
