"""Errors of leap planning; each carries a Persian sentence for the person who caused it."""

from __future__ import annotations

from jahesh.core.errors import JaheshError, ValidationError


class WaveFrozenError(JaheshError):
    default_message = (
        "این مرحله اعلام یا برگزار شده است و جای آیین‌هایش فقط پس از گشودن صریح تغییر می‌کند."
    )


class WaveNotAnnouncedError(JaheshError):
    default_message = "این مرحله هنوز اعلام نشده است."


class MoveRejectedError(ValidationError):
    """A hand-made move that breaks a hard rule; ``reasons`` lists every broken rule in Persian."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("این جابه‌جایی ممکن نیست: " + "؛ ".join(reasons))


class PlanningFailedError(JaheshError):
    default_message = "برنامه‌ریزی انجام نشد."
