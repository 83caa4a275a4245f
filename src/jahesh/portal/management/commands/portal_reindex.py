"""`jahesh portal-reindex [--municipality SLUG]`: rebuild the portal's search index from the rows,
after loads that bypass model signals (bulk imports, restores)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jahesh.portal import selectors, services
from jahesh.portal.selectors import PortalNotFoundError


class Command(BaseCommand):
    help = "نمایه جست‌وجوی درگاه عمومی را از نو می‌سازد."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", default=None, help="Only this city (its slug).")

    def handle(self, *args: Any, **options: Any) -> None:
        city_id = None
        if options["municipality"]:
            try:
                city_id = selectors.city_get(slug=options["municipality"]).pk
            except PortalNotFoundError as error:
                raise CommandError(error.message) from error
        count = services.search_index_rebuild(municipality_id=city_id)
        services.content_version_bump(city_slug=None)
        self.stdout.write(f"{count} مدخل جست‌وجو ساخته شد.")
