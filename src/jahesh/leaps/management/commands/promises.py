"""`jahesh promises backfill [--municipality SLUG]`: write down the promises of waves announced
before promises were stored, from the registry's history (docs/accountability.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jahesh import persian
from jahesh.leaps import services
from jahesh.registry.models import Municipality


class Command(BaseCommand):
    help = "ثبت وعده‌های مرحله‌هایی که پیش از نگه‌داری وعده‌ها اعلام شده‌اند، از تاریخچه."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        backfill = commands.add_parser("backfill", help="ثبت وعده‌های مرحله‌های اعلام‌شدهٔ پیشین")
        backfill.add_argument("--municipality", default=None, help="نامک شهرداری (همه اگر نباشد)")

    def handle(self, *args: Any, **options: Any) -> None:
        city = None
        if options["municipality"]:
            city = Municipality.objects.filter(slug=options["municipality"]).first()
            if city is None:
                raise CommandError(f"شهرداری با نامک «{options['municipality']}» پیدا نشد.")
        written = services.promises_backfill(municipality=city)
        self.stdout.write(persian.to_persian_digits(f"{written} وعده ثبت شد."))
