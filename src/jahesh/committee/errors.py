"""The committee's domain errors; each sentence names the field it is about."""

from __future__ import annotations

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
