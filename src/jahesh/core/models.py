"""Abstract bases shared by every app's rows."""

from __future__ import annotations

from django.db import models


class TimeStampedModel(models.Model):
    """A row that knows when it was created and last changed (aware UTC datetimes)."""

    created_at = models.DateTimeField("زمان ایجاد", auto_now_add=True, editable=False)
    updated_at = models.DateTimeField("زمان آخرین تغییر", auto_now=True, editable=False)

    class Meta:
        abstract = True
