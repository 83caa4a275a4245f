"""`jahesh restore DIR`: put a backup back, after checking all of it; all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jahesh.config.backups import BackupError, backup_restore, backup_verify
from jahesh.persian import format_jalali, to_persian_digits


class Command(BaseCommand):
    help = (
        "پایگاه داده و پرونده‌ها را از پشتیبان بازمی‌گرداند؛ پیش از هر تغییری همه‌ی پشتیبان "
        "را می‌سنجد. وب‌سرور و پردازشگر را پیش از آن متوقف کنید."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--check", action="store_true", help="only verify the backup, change nothing"
        )
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        try:
            manifest = backup_verify(folder=folder)
            taken = format_jalali(dt.datetime.fromisoformat(manifest["created_at"]), "datetime")
            self.stdout.write(
                f"پشتیبان درست است: جهش {to_persian_digits(manifest['app_version'])}، "
                f"گرفته‌شده در {taken}."
            )
            if options["check"]:
                return
            if not options["yes"] and input(
                "همه‌ی داده‌های کنونی جایگزین می‌شوند. ادامه می‌دهید؟ (yes/no) "
            ).strip().lower() not in ("yes", "y", "بله"):
                raise CommandError("بازگردانی انجام نشد؛ چیزی تغییر نکرد.")
            backup_restore(folder=folder)
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            "بازگردانی انجام شد. اکنون `jahesh migrate` را اجرا کنید و سرویس‌ها را راه بیندازید."
        )
