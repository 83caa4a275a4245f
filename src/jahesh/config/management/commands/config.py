"""Print every environment variable Jahesh reads, with the value in force (secrets masked)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from jahesh.config.variables import VARIABLES


def masked(value: str) -> str:
    if len(value) <= 4:
        return "****"
    return value[:2] + "…" + value[-2:]


class Command(BaseCommand):
    help = "متغیرهای محیطی جهش و مقدار کنونی هر یک را نشان می‌دهد."

    def handle(self, *args: Any, **options: Any) -> None:
        width = max(len(v.name) for v in VARIABLES)
        for variable in VARIABLES:
            raw = os.environ.get(variable.name)
            if raw is None and os.environ.get(f"{variable.name}_FILE"):
                raw = f"(from {os.environ[variable.name + '_FILE']})"
            shown = "(default: " + variable.default + ")" if raw is None else raw
            if variable.secret and raw is not None:
                shown = masked(raw)
            self.stdout.write(f"{variable.name:<{width}}  {shown}\n    {variable.meaning}")
        self.stdout.write(f"\ndata folder: {settings.DATA_DIR}")
        self.stdout.write(f"database: {settings.DATABASES['default']['ENGINE']}")
        self.stdout.write(f"queue: {'Redis' if settings.REDIS_URL else 'SQLite'}")
