"""`jahesh export projects --municipality SLUG [--output FILE.xlsx|FILE.csv]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jahesh.core.errors import JaheshError
from jahesh.registry import services
from jahesh.registry.exporting import FileFormat, projects_export
from jahesh.registry.models import CreditUnit, Municipality


class Command(BaseCommand):
    help = "پروژه‌های یک شهرداری را در قالب ورود پروژه‌ها (XLSX یا CSV) می‌نویسد."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subject", choices=["projects"], help="What to export.")
        parser.add_argument("--municipality", required=True, help="The city's slug.")
        parser.add_argument(
            "--output",
            type=Path,
            help="An .xlsx or .csv file; without it, CSV goes to standard output.",
        )
        parser.add_argument(
            "--credit-unit",
            choices=CreditUnit.values,
            help="Unit of the credit column (the city's display unit by default).",
        )
        parser.add_argument("--user", help="Act as this user (a member of the city).")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path | None = options["output"]
        file_format: FileFormat = "csv"
        if output is not None:
            suffix = output.suffix.lower()
            if suffix not in (".xlsx", ".csv"):
                raise CommandError("پسوند فایل خروجی باید .xlsx یا .csv باشد.")
            file_format = "xlsx" if suffix == ".xlsx" else "csv"
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"شهرداری با نامک «{options['municipality']}» نیست.")
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"کاربر «{options['user']}» نیست.")
        else:
            user = services.system_actor_ensure()
        try:
            data = projects_export(
                by=user,
                municipality=municipality,
                file_format=file_format,
                credit_unit=options["credit_unit"],
            )
        except JaheshError as exc:
            raise CommandError(exc.message) from exc
        if output is None:
            sys.stdout.buffer.write(data)
            return
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"فایل «{output}» نوشته نشد: {exc.strerror}") from exc
        self.stdout.write(f"نوشته شد: {output}")
