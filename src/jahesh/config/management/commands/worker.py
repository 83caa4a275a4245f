"""Run the background-job consumer (Huey): SQLite queue by default, Redis with REDIS_URL."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "پردازشگر کارهای پس‌زمینه (انتشار زمان‌بندی‌شده، برنامه‌ریزی، خروجی‌ها) را اجرا می‌کند."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        queue = "Redis" if settings.REDIS_URL else f"SQLite ({settings.HUEY.get('filename')})"
        self.stdout.write(f"صف کارها: {queue}")
        extra: dict[str, Any] = {}
        if options["workers"]:
            extra["workers"] = options["workers"]
        call_command("run_huey", **extra)
