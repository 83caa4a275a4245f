"""Domain errors. Each carries a Persian sentence that can be shown to the person who caused it."""

from __future__ import annotations


class JaheshError(Exception):
    """Base of every domain error; ``message`` is Persian and safe to show to the user."""

    default_message = "درخواست انجام نشد."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class PermissionDeniedError(JaheshError):
    default_message = "شما اجازه این کار را ندارید."


class NotFoundError(JaheshError):
    default_message = "موردی که خواستید پیدا نشد."


class ValidationError(JaheshError):
    """Input that breaks a rule; ``field`` names the field when there is one."""

    default_message = "داده واردشده درست نیست."

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


def require(condition: bool, error: JaheshError) -> None:
    """Raise ``error`` unless ``condition`` holds; reads like the rule it enforces."""
    if not condition:
        raise error
