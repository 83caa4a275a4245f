"""Import 10,000 project rows (XLSX and CSV) into a fresh SQLite database; check issue 2's goal.

    python benchmarks/import.py              # prints figures, exits 1 when a goal is missed
    python benchmarks/import.py --rows 2000

The database lives in a temporary JAHESH_DATA_DIR and is migrated first (not timed). Rows are
generated deterministically with the variety of real files: Persian and Latin digits, Jalali and
Gregorian dates, tomans with separators, two sectors per row, a district, a unit and a ceremony.
Each file is imported into its own empty city (every row creates a project, a ceremony and history
rows), then imported again (every row unchanged), then once more with every row changed. The goal
applies to each line: under 10 s for 10,000 rows. File generation is not timed; reading it is.
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

GOAL_S = 10.0
HEADERS = [
    "کد پروژه",
    "عنوان",
    "شرح",
    "حوزه",
    "منطقه",
    "واحد اجرایی",
    "پیمانکار",
    "وضعیت",
    "پیشرفت فیزیکی",
    "اعتبار (تومان)",
    "تاریخ شروع",
    "تاریخ پایان",
    "عرض جغرافیایی",
    "طول جغرافیایی",
    "طول (متر)",
    "مساحت (مترمربع)",
    "شاخص",
    "نوع آیین",
    "آماده از",
    "آخرین موعد",
]
SECTORS = ["راه و معابر", "حمل‌ونقل شهری", "فضای سبز", "ورزشی", "فرهنگی", "آتش‌نشانی"]
UNITS = ["معاونت عمرانی", "معاونت حمل‌ونقل", "سازمان پارک‌ها", "سازمان آتش‌نشانی"]
KINDS = ["افتتاح", "بهره‌برداری", "کلنگ‌زنی"]
NOUNS = ["بوستان", "تقاطع", "پل", "سالن ورزشی", "فرهنگسرا", "ایستگاه آتش‌نشانی", "خیابان"]
PLACES = ["غدیر", "ولایت", "معالی‌آباد", "چمران", "سعدی", "حافظ", "قصردشت", "زرهی"]
FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def generate_rows(count: int, *, seed: int, version: int = 0) -> list[list[Any]]:
    rng = random.Random(seed)
    rows: list[list[Any]] = []
    for n in range(count):
        persian = n % 2 == 0
        year = rng.choice([1401, 1402])
        month, day = rng.randint(1, 12), rng.randint(1, 29)
        start = f"{year}/{month:02d}/{day:02d}"
        end = f"{2025 + rng.randint(0, 2)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        credit = f"{rng.randint(1, 900) * 1_000_000_000 + version:,}"
        row = [
            f"BM-{n:06d}",
            f"{rng.choice(NOUNS)} {rng.choice(PLACES)} {n}",
            "پروژه‌ای برای آزمون سرعت ورود با شرحی نه چندان کوتاه" if n % 3 else "",
            "، ".join(rng.sample(SECTORS, 2)),
            f"منطقه {rng.randint(1, 11)}",
            rng.choice(UNITS),
            f"شرکت پیمانکاری {rng.randint(1, 200)}",
            rng.choice(["در حال اجرا", "تکمیل", "implementation"]),
            str(rng.randint(0, 100)),
            credit,
            start,
            end,
            f"{29.5 + rng.random() / 5:.6f}",
            f"{52.4 + rng.random() / 5:.6f}",
            str(rng.randint(100, 5000)),
            "",
            rng.choice(["بله", "خیر"]),
            rng.choice(KINDS),
            f"1402/{rng.randint(1, 6):02d}/{rng.randint(1, 29):02d}",
            "1402/12/29",
        ]
        if persian:
            row = [
                cell.translate(FA) if i in (8, 9, 10, 14, 18, 19) else cell
                for i, cell in enumerate(row)
            ]
        rows.append(row)
    return rows


def as_csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def as_xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("پروژه‌ها")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def setup_django(data_dir: str) -> None:
    os.environ["JAHESH_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def make_city(slug: str) -> Any:
    from jahesh.registry import services
    from jahesh.registry.models import SectorCode, UnitKind

    system = services.system_actor_ensure()
    city = services.municipality_create(
        by=system,
        slug=slug,
        name=f"شهرداری {slug}",
        city_name=slug,
        center_latitude="29.6",
        center_longitude="52.5",
    )
    for number in range(1, 12):
        services.district_create(
            by=system, municipality=city, number=number, name=f"منطقه {number}"
        )
    for n, name in enumerate(UNITS):
        services.unit_create(
            by=system, municipality=city, code=f"U{n}", name=name, kind=UnitKind.DEPUTY
        )
    for n, name in enumerate(SECTORS):
        services.sector_create(
            by=system,
            municipality=city,
            code=f"S{n}",
            name=name,
            oc4ids_code=SectorCode.TRANSPORT_ROAD,
        )
    return city


def timed(label: str, count: int, action: Callable[[], Any]) -> tuple[str, float, Any]:
    began, began_cpu = time.perf_counter(), time.process_time()
    result = action()
    seconds, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    print(f"{label:<32} {seconds:6.2f} s (CPU {cpu:5.2f} s)  {count / seconds:7,.0f} rows/s")
    return label, seconds, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    count: int = args.rows

    with tempfile.TemporaryDirectory(prefix="jahesh-import-bench-") as data_dir:
        setup_django(data_dir)
        from jahesh.registry import services
        from jahesh.registry.importing import ImportRejectedError, projects_import
        from jahesh.registry.models import Ceremony, Project

        system = services.system_actor_ensure()
        rows = generate_rows(count, seed=2026)
        changed_rows = generate_rows(count, seed=2026, version=10)
        files = {"xlsx": as_xlsx(rows), "csv": as_csv(rows)}
        changed = {"xlsx": as_xlsx(changed_rows), "csv": as_csv(changed_rows)}
        sizes = ", ".join(f"{kind} {len(data) / 2**20:.1f} MiB" for kind, data in files.items())
        print(f"{count:,} rows; {sizes}")

        lines: list[tuple[str, float, Any]] = []
        for kind, data in files.items():
            city = make_city(f"bench-{kind}")

            def run(payload: bytes, city: Any = city) -> Any:
                try:
                    return projects_import(by=system, municipality=city, data=payload)
                except ImportRejectedError as error:
                    print("\n".join(p.message for p in error.problems[:20]))
                    raise

            for label, payload in (
                ("new city, all created", data),
                ("same file again", data),
                ("every row changed", changed[kind]),
            ):
                lines.append(timed(f"{kind}: {label}", count, functools.partial(run, payload)))
            created, unchanged, updated = (line[2] for line in lines[-3:])
            assert created.created == count, created.summary()
            assert unchanged.unchanged == count, unchanged.summary()
            assert updated.updated == count, updated.summary()
            assert Project.objects.filter(municipality=city).count() == count
            assert Ceremony.objects.filter(municipality=city).count() == count
            assert Project.history.filter(municipality_id=city.pk).count() == 2 * count

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole run: {peak_mib:.0f} MiB")
    missed = [label for label, seconds, _ in lines if seconds * 10_000 / count > GOAL_S]
    print(f"goal: under {GOAL_S:.0f} s per 10,000 rows on each line")
    if missed:
        print("MISSED: " + "; ".join(missed))
        return 1
    print("all goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
