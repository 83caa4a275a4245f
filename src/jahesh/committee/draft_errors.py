"""The drafts' domain errors; each sentence names the field it is about."""

from __future__ import annotations

import datetime as dt

from jahesh import persian
from jahesh.core.errors import NotFoundError, PermissionDeniedError, ValidationError


class DraftNotFoundError(NotFoundError):
    """Also what a member gets for a draft of another committee, by direct address."""

    default_message = "این پیش‌نویس پیدا نشد."


class DraftEditDeniedError(PermissionDeniedError):
    default_message = "پیش‌نویس: متن کاری و نسخه‌ها را تنها دبیرخانه کمیته تغییر می‌دهد."


class OpinionForOtherCityError(PermissionDeniedError):
    def __init__(self) -> None:
        super().__init__("شهر: نماینده هر شهر تنها نظر شهر خود را می‌نویسد.")
        self.field = "member"


class DeadlinePassedError(ValidationError):
    def __init__(self, deadline: dt.date) -> None:
        shown = persian.format_jalali(deadline)
        super().__init__(
            f"مهلت اظهارنظر: مهلت این دوره ({shown}) گذشته است و نظر دیگر ثبت یا ویرایش نمی‌شود.",
            field="deadline",
        )


class NotLatestVersionError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "نسخه: نظر تنها درباره بخش‌های واپسین نسخه در گردش نوشته می‌شود.", field="section"
        )


class TermTwiceError(ValidationError):
    def __init__(self, term: str) -> None:
        super().__init__(f"واژه: «{term}» پیش‌تر در این واژه‌نامه آمده است.", field="title")


class UnitCycleError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "واحد بالادست: واحدی نمی‌تواند زیرمجموعه خود یا زیرمجموعه‌های خود باشد.",
            field="parent",
        )


class SectionKindError(ValidationError):
    def __init__(self, kind: str, draft_kind: str) -> None:
        super().__init__(
            f"نوع بخش: پیش‌نویس «{draft_kind}» بخشی از نوع «{kind}» نمی‌پذیرد.", field="kind"
        )


class NotSettledError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "نسخه: تنها نسخه‌ای که در گردش بوده و مهلت اظهارنظرش به پایان رسیده "
            "برای تصویب فرستاده می‌شود؛ متن کاری را نخست به صورت نسخه بفرستید.",
            field="version",
        )


class SourceFileError(ValidationError):
    def __init__(self, problem: str) -> None:
        super().__init__(f"پرونده: {problem}", field="file")
