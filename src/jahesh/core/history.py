"""The one way to say who made a change recorded by django-simple-history, and why."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models

# django-simple-history's column for the reason holds this many characters.
REASON_MAX_LENGTH = 100


def history_author(by: Any) -> Any:
    """Return the user a history row names for ``by``: nobody for anonymous or unsaved actors."""
    return by if getattr(by, "pk", None) and by.is_authenticated else None


@contextmanager
def acting_user(row: models.Model, by: Any, reason: str = "") -> Iterator[models.Model]:
    """Credit the saves and deletes of ``row`` inside the block to ``by``, with ``reason``.

    django-simple-history reads the author from attributes on the instance, and an attribute
    left behind would credit a later save of the same object, by someone else, to ``by``: they
    are removed on the way out, whether the block succeeded or not.
    """
    row._history_user = history_author(by)  # type: ignore[attr-defined]
    row._change_reason = reason[:REASON_MAX_LENGTH]  # type: ignore[attr-defined]
    try:
        yield row
    finally:
        del row._history_user  # type: ignore[attr-defined]
        del row._change_reason  # type: ignore[attr-defined]
