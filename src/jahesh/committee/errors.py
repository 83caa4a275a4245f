"""The committee's domain errors, sessions then drafts; each sentence names its field."""

from __future__ import annotations

import datetime as dt

from jahesh import persian
from jahesh.core.errors import NotFoundError, PermissionDeniedError, ValidationError

COMMITTEE_NOT_FOUND = "این کمیته پیدا نشد."


class CommitteeNotFoundError(NotFoundError):
    """Also what a stranger gets, so internal pages do not tell which committees exist."""

    default_message = COMMITTEE_NOT_FOUND


class CommitteeActionDeniedError(PermissionDeniedError):
    default_message = "این کار تنها از دبیر یا رئیس کمیته برمی‌آید."


class SessionNumberTakenError(ValidationError):
    def __init__(self, number: int) -> None:
        shown = persian.to_persian_digits(str(number))
        super().__init__(
            f"شماره نشست: نشست شماره {shown} در این کمیته پیش‌تر ثبت شده است؛ "
            "شماره هیچ نشستی، حتی نشست لغوشده، دوباره به کار نمی‌رود.",
            field="number",
        )


class HostNotMemberError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "شهر میزبان: میزبان باید یکی از شهرهای عضو کنونی همین کمیته باشد.", field="host"
        )


class SessionEndsBeforeStartError(ValidationError):
    def __init__(self) -> None:
        super().__init__("ساعت پایان: پایان نشست باید پس از آغاز آن باشد.", field="ends_at")


class MeetingLinkError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "پیوند نشست برخط: تنها نشانی‌هایی که با http:// یا https:// آغاز می‌شوند پذیرفته است.",
            field="meeting_link",
        )


class AnswerForOtherCityError(PermissionDeniedError):
    """A city's representative acting in another city's name."""

    def __init__(self) -> None:
        super().__init__("شهر: نماینده هر شهر تنها از سوی شهر خود پاسخ می‌دهد.")
        self.field = "member"


class MinutesFrozenError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "صورت‌جلسه: صورت‌جلسه تصویب شده و دیگر ویرایش نمی‌شود؛ تغییر را به صورت اصلاحیه ثبت کنید.",
            field="minutes",
        )


class SessionStatusError(ValidationError):
    def __init__(self, message: str) -> None:
        super().__init__(f"وضعیت نشست: {message}", field="status")


class ReasonRequiredError(ValidationError):
    def __init__(self) -> None:
        super().__init__("دلیل: دلیل تعویق یا لغو نشست را بنویسید.", field="reason")


# ---- drafts ----------------------------------------------------------------------------------


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


class AdoptedTextError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "این متن تصویب‌شده است و تغییر نمی‌کند؛ برای تغییر آن، نخست بازنگری را آغاز کنید.",
            field="status",
        )


class SourceFileError(ValidationError):
    def __init__(self, problem: str) -> None:
        super().__init__(f"پرونده: {problem}", field="file")
