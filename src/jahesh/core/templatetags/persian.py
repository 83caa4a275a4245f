"""Template filters that show stored values the Persian way, through ``jahesh.persian``."""

from __future__ import annotations

import datetime as dt

from django import template

from jahesh import persian

register = template.Library()


@register.filter
def fa_digits(value: object) -> str:
    """Show digits in Persian: ``{{ count|fa_digits }}``."""
    return persian.to_persian_digits(str(value))


@register.filter
def jalali(value: dt.date | dt.datetime | None, pattern: str = "date") -> str:
    """Show a stored Gregorian date or aware datetime in Jalali: ``{{ d|jalali }}``."""
    if value is None:
        return ""
    return persian.format_jalali(value, pattern)


@register.filter
def credit(value: int | None, unit: str = "toman") -> str:
    """Show an integer number of rials in the press style: ``{{ p.credit_rial|credit }}``."""
    if value is None:
        return ""
    return persian.credit_phrase(int(value), unit)


@register.filter
def ordinal(value: int) -> str:
    return persian.ordinal_word(int(value))
