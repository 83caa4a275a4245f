"""The importer's bulk writer against Django's bulk_create and bulk_update, in the same run.

    python benchmarks/bulk_writer.py                 # SQLite in a temporary folder
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/jahesh_bench \\
        python benchmarks/bulk_writer.py
    python benchmarks/bulk_writer.py --rows 20000

Each side writes the same project rows into its own empty city: an INSERT of every row, then an
UPDATE of five columns of every row, each in one transaction. The figure is rows per second and
the ratio Django's time ÷ ours. Goals (ADR 0005): the UPDATE at least 1.5× faster than
bulk_update (the reason the hand-written writer exists), the INSERT no slower than bulk_create
beyond this machine's noise (ratio ≥ 0.8). Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

GOAL_RATIO = {"insert": 0.8, "update": 1.5}


def setup_django(data_dir: str, database_url: str) -> None:
    """Migrate a fresh database: SQLite in ``data_dir``, or the PostgreSQL one named."""
    os.environ["JAHESH_DATA_DIR"] = data_dir
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def make_city(slug: str) -> Any:
    """Create a city with districts, units and sectors, as the import benchmark does."""
    spec = importlib.util.spec_from_file_location(
        "import_benchmark", Path(__file__).with_name("import.py")
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_city(slug)


def build_rows(city: Any, count: int, prefix: str) -> list[Any]:
    from jahesh.registry.models import Project

    district = city.districts.order_by("number").first()
    return [
        Project(
            municipality=city,
            code=f"{prefix}-{n}",
            title=f"پروژهٔ نمونهٔ شمارهٔ {n}",
            slug=f"{prefix}-{n}",
            description="بازسازی پیاده‌رو و نورپردازی بوستان محله",
            district=district,
            contractor="شرکت عمران شهر",
            physical_progress_pct=n % 101,
            credit_rial=1_000_000 * (n + 1),
            latitude="29.610000",
            longitude="52.530000",
        )
        for n in range(count)
    ]


def timed(action: Callable[[], Any]) -> float:
    from django.db import transaction

    began = time.perf_counter()
    with transaction.atomic():
        action()
    return time.perf_counter() - began


def measure(count: int) -> dict[str, float]:
    from jahesh.registry.importing.bulk import insert_rows, update_rows
    from jahesh.registry.models import Project

    changed = ["title", "physical_progress_pct", "credit_rial", "contractor", "description"]

    def change(rows: list[Any]) -> None:
        for row in rows:
            row.title += " (ویرایش)"
            row.physical_progress_pct = (row.physical_progress_pct + 7) % 101
            row.credit_rial += 500_000
            row.contractor = "شرکت راه و ساختمان"
            row.description += "، مرحلهٔ دوم"

    # A run of its own on a PostgreSQL database that earlier runs left rows in.
    run = f"{time.time_ns():x}"
    ours_city, django_city = make_city(f"bulk-ours-{run}"), make_city(f"bulk-django-{run}")
    ours_rows = build_rows(ours_city, count, f"O{run}")
    django_rows = build_rows(django_city, count, f"D{run}")
    figures = {
        "insert ours": timed(lambda: insert_rows(Project, ours_rows)),
        "insert django": timed(lambda: Project.objects.bulk_create(django_rows, batch_size=500)),
    }
    # insert_rows does not read back primary keys; fetch them as the importer's plan would.
    ours_rows = list(Project.objects.filter(municipality=ours_city).order_by("id"))
    django_rows = list(Project.objects.filter(municipality=django_city).order_by("id"))
    change(ours_rows)
    change(django_rows)
    figures["update ours"] = timed(lambda: update_rows(Project, ours_rows, changed))
    figures["update django"] = timed(
        lambda: Project.objects.bulk_update(django_rows, changed, batch_size=500)
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jahesh-bulk-") as data_dir:
        setup_django(data_dir, os.environ.get("BENCH_DATABASE_URL", ""))
        from django.db import connection

        figures = measure(args.rows)
        print(f"database: {connection.vendor}, rows: {args.rows:,}, load: {os.getloadavg()[0]:.1f}")
        ok = True
        for write in ("insert", "update"):
            ours, theirs = figures[f"{write} ours"], figures[f"{write} django"]
            ratio = theirs / ours
            met = ratio >= GOAL_RATIO[write]
            ok = ok and met
            print(
                f"{write}: ours {args.rows / ours:,.0f} rows/s, Django's "
                f"{args.rows / theirs:,.0f} rows/s, ratio {ratio:.2f} "
                f"(goal ≥ {GOAL_RATIO[write]}) {'met' if met else 'MISSED'}"
            )
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
