"""`jahesh backup DIR`: the database and the uploads, with a manifest of checksums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jahesh.config.backups import BackupError, backup_create
from jahesh.persian import to_persian_digits


class Command(BaseCommand):
    help = "از پایگاه داده و پرونده‌های بارگذاری‌شده در پوشه‌ای تازه پشتیبان می‌گیرد."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="a new or empty folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(folder=options["folder"])
        except BackupError as error:
            raise CommandError(error.message) from error
        megabytes = to_persian_digits(f"{summary.bytes / 1_000_000:.1f}")
        self.stdout.write(
            f"پشتیبان در {summary.folder} نوشته شد: پایگاه داده‌ی {summary.engine} و "
            f"{to_persian_digits(str(summary.files))} پرونده، {megabytes} مگابایت."
        )
