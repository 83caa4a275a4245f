"""Errors of the newsroom; each carries a Persian sentence for the person who caused it."""

from __future__ import annotations

from jahesh.core.errors import JaheshError, PermissionDeniedError, ValidationError


class ArticleStateError(JaheshError):
    """The article is not in a state that allows this step."""

    default_message = "این کار در وضعیت کنونی مطلب ممکن نیست."


class SelfApprovalForbiddenError(PermissionDeniedError):
    default_message = (
        "تأیید مطلب به دست نویسنده آن در این شهرداری مجاز نیست؛ "
        "ویراستار دیگری باید آن را تأیید کند."
    )


class ScheduleInPastError(ValidationError):
    default_message = "زمان انتشار گذشته است؛ زمانی در آینده برگزینید."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message, field="at")


class AnnouncementAfterTheWaveError(ValidationError):
    """A pre-announcement would say in the future tense that a wave already over will be held."""

    default_message = "این مرحله برگزار شده است؛ به جای پیش‌خبر، گزارش آن را بنویسید."


class NothingToPublishError(JaheshError):
    default_message = "هیچ مطلب تأییدشده‌ای برای انتشار نیست."


class NoChannelError(JaheshError):
    default_message = "هیچ مجرای فعالی برای انتشار برگزیده نشده است."


class PhotoRejectedError(ValidationError):
    default_message = "پرونده عکس پذیرفته نشد؛ فقط JPEG، PNG، WebP و GIF تا ۱۰ مگابایت."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message, field="photo")


class FigureOnHiddenRowsError(ValidationError):
    """A composed figure counts a row a citizen may not see, so it could not be shown behind it."""

    default_message = (
        "این رقم بر پروژه یا آیینی تکیه دارد که منتشر نشده است؛ "
        "آن را عمومی کنید یا از مرحله بیرون بگذارید و دوباره بنویسید."
    )
