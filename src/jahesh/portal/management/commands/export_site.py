"""`jahesh export-site DIR [--municipality SLUG]`: the public portal as static files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jahesh.core.errors import JaheshError
from jahesh.portal.exporting import default_jobs, export_site


class Command(BaseCommand):
    help = "درگاه عمومی را به صورت پرونده‌های ایستا (HTML، خوراک، نقشه سایت، نمایه جست‌وجو) می‌نویسد."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Folder to write the site into.")
        parser.add_argument("--municipality", default=None, help="Only this city (its slug).")
        parser.add_argument(
            "--jobs",
            type=int,
            default=default_jobs(),
            help="Processes rendering pages at once (default: the number of CPUs).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["directory"]
        verbose = options["verbosity"] > 0
        try:
            report = export_site(
                target,
                city_slug=options["municipality"],
                jobs=options["jobs"],
                progress=(self.stdout.write) if verbose else None,
            )
        except JaheshError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"{report.pages} صفحه و {report.files} پرونده در {report.seconds:.1f} ثانیه "
            f"({report.pages_per_second:.0f} صفحه در ثانیه، "
            f"{report.cpu_ms_per_page:.2f} میلی‌ثانیه پردازنده برای هر صفحه) در {target} نوشته شد."
        )
