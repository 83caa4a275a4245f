"""The words of a locked sign-in, in one place: what a person locked out is told (after wrong
passwords, django-axes in config/signin.py; after wrong codes, core/twofactor/devices.py), and
what the admin calls the lock and its removal (registry/admin/axes.py).

One vocabulary throughout: the sign-in is «قفل» (locked), the person gives a «نام کاربری» and a
«گذرواژه» as the sign-in page asks for them, the lock lasts until a clock time in Persian digits,
and «مدیر سامانه» «قفل را برمی‌دارد» in the admin's «قفل ورود» section.
"""

from __future__ import annotations

import datetime as dt

from jahesh import persian

SECTION = "قفل ورود"
TITLE = "ورود شما قفل شده است"
STATUS_LOCKED = "ورود قفل است"
UNLOCK_ACTION = "برداشتن قفل ورود (پاک کردن تلاش‌های انتخاب‌شده)"
ASK_AN_ADMIN = (
    f"اگر زودتر باید وارد شوید، از مدیر سامانه بخواهید در بخش «{SECTION}» قفل شما را بردارد."
)


def until_sentence(until: dt.datetime, minutes: int) -> str:
    """When the lock ends: the Jalali day and Tehran clock time, and the length of the wait."""
    return (
        f"تا {persian.format_jalali(until, 'datetime')} "
        f"({persian.to_persian_digits(str(minutes))} دقیقه) قفل می‌ماند"
    )


def password_locked(*, until: dt.datetime, minutes: int) -> list[str]:
    """The paragraphs of the page shown after too many wrong passwords."""
    return [
        "برای این نام کاربری یا از این نشانی IP، گذرواژه چند بار پشت سر هم نادرست وارد شده است. "
        f"برای نگهداری از حساب‌ها، ورود {until_sentence(until, minutes)}؛ "
        "هر تلاش تازه در این مدت، قفل را از همان لحظه از نو می‌شمارد.",
        ASK_AN_ADMIN,
    ]


def codes_locked(*, until: dt.datetime, minutes: int) -> str:
    """The refusal of the second step after too many wrong codes."""
    return (
        "کد نادرست چند بار پشت سر هم وارد شده است؛ برای نگهداری از حساب، "
        f"مرحله دوم ورود {until_sentence(until, minutes)}. "
        "اگر زودتر باید وارد شوید، از مدیر سامانه بخواهید ورود دومرحله‌ای شما را بازنشانی کند."
    )
