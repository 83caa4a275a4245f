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


@register.filter
def fa_decimal(value: object, places: int = 1) -> str:
    """Show a number with at most ``places`` decimals, the Persian decimal separator and digits,
    as credits are written: ``{{ 12.50|fa_decimal:2 }}`` -> ۱۲٫۵."""
    if value is None or value == "":
        return ""
    try:
        number = float(str(value))
    except ValueError:
        return persian.to_persian_digits(str(value))
    text = f"{number:.{int(places)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return persian.to_persian_digits(text.replace(".", "٫"))


@register.filter
def fa_percent(value: object, places: int = 1) -> str:
    """Show a percentage the Persian way: ``{{ 7.25|fa_percent:2 }}`` -> ۷٫۲۵٪."""
    shown = fa_decimal(value, places)
    return f"{shown}٪" if shown else ""
