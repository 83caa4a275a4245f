"""Import 10,000 project rows (XLSX and CSV) into a fresh SQLite database; check issue 2's goal.

    python benchmarks/import.py              # prints figures, exits 1 when a goal is missed
    python benchmarks/import.py --rows 2000

The database lives in a temporary JAHESH_DATA_DIR and is migrated first (not timed). Rows are
generated deterministically with the variety of real files: Persian and Latin digits, Jalali and
Gregorian dates, tomans with separators, two sectors per row, a district, a unit and a ceremony.
Each file is imported into its own empty city (every row creates a project, a ceremony and history
rows), then imported again (every row unchanged), then once more with every row changed. The goal
applies to each line: under 10 s for 10,000 rows. File generation is not timed; reading it is.

Then memory (issue 10, item 2): each of the largest files the importer accepts is imported in a
child process, which reports how far its peak resident memory rose during the import:
the template at the row limit (50,000 rows, a dry run) and the widest sheet the archive checks
let through (every row and column the limits allow, with the most shared text they allow, read
to the end). The bound is MEMORY_BOUND_MIB; a child past it makes the run exit 1.

    python benchmarks/import.py --memory-only    # only the memory part
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from typing import Any

GOAL_S = 10.0
# How far an import may raise a process's peak resident memory, for any file it accepts.
MEMORY_BOUND_MIB = 768
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


def widest_xlsx(path: str) -> None:
    """Every row and column the archive checks allow, every cell a shared string, with as much
    shared text in the cells as they allow; written as a stream, never whole in memory."""
    from jahesh.registry.importing import MAX_ROWS, archive

    # The header and the most data rows a table takes (the archive allows a few more rows, for
    # a title above the header, but the table refuses more data rows after loading them).
    rows, columns = MAX_ROWS + 1, archive.MAX_SHEET_COLUMNS
    # A million distinct strings (a large shared-strings part), of a three-byte character, sized
    # so the cells refer to just under the shared text limit.
    string_count = 1_000_000
    chars = archive.MAX_SHARED_TEXT_CHARS // (rows * columns) - 1
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    template = zipfile.ZipFile(io.BytesIO(as_xlsx([["P-1", "x"]])))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in template.infolist():
            if info.filename not in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
                target.writestr(info, template.read(info))
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
            stream.write(f'<?xml version="1.0"?><sst {ns}>'.encode())
            for n in range(string_count):
                stream.write(f"<si><t>{str(n).rjust(chars, '€')}</t></si>".encode())
            stream.write(b"</sst>")
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            stream.write(f'<?xml version="1.0"?><worksheet {ns}><sheetData>'.encode())
            for row in range(1, rows + 1):
                cells = "".join(
                    f'<c t="s"><v>{(row * columns + column) % string_count}</v></c>'
                    for column in range(columns)
                )
                stream.write(f"<row>{cells}</row>".encode())
            stream.write(b"</sheetData></worksheet>")


def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _resident_kib(*, reset_peak: bool) -> int:
    """The memory resident now; with ``reset_peak``, the peak is restarted from here (Linux), so
    that the peak after the import is its own and not that of the setup before it."""
    if reset_peak:
        try:
            with open("/proc/self/clear_refs", "w") as refs:
                refs.write("5")
        except OSError:
            pass
    now = _status_kib("VmRSS")
    return now if now is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak_kib() -> int:
    peak = _status_kib("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def memory_child(kind: str, path: str) -> int:
    """Import one file in this process and print how far the import raised peak memory."""
    with tempfile.TemporaryDirectory(prefix="jahesh-import-mem-") as data_dir:
        setup_django(data_dir)
        from jahesh.registry import services
        from jahesh.registry.importing import projects_import
        from jahesh.registry.importing.reading import read_table

        system = services.system_actor_ensure()
        city = make_city("bench-memory")
        with open(path, "rb") as stream:
            data = stream.read()
        before = _resident_kib(reset_peak=True)
        if kind == "template":
            result = projects_import(by=system, municipality=city, data=data, dry_run=True)
            read = len(result.rows)
        else:
            table = read_table(data)
            read = sum(1 for _ in table.rows)
        after = _peak_kib()
        print(f"{read} {(after - before) / 1024:.0f} {after / 1024:.0f}")
    return 0


def memory_checks() -> bool:
    """Run each of the largest accepted files in a child; True when every one stays in bound."""
    from jahesh.registry.importing import MAX_ROWS

    within = True
    with tempfile.TemporaryDirectory(prefix="jahesh-import-files-") as folder:
        template_path = os.path.join(folder, "template.xlsx")
        with open(template_path, "wb") as stream:
            stream.write(as_xlsx(generate_rows(MAX_ROWS, seed=7)))
        widest_path = os.path.join(folder, "widest.xlsx")
        widest_xlsx(widest_path)
        for kind, path, label in (
            ("template", template_path, f"template, {MAX_ROWS:,} rows, dry run"),
            ("widest", widest_path, "widest sheet the limits allow, read"),
        ):
            size_mib = os.path.getsize(path) / 2**20
            began = time.perf_counter()
            child = subprocess.run(
                [sys.executable, __file__, "--memory-child", kind, path],
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.perf_counter() - began
            if child.returncode != 0:
                print(f"{label}: the child failed\n{child.stderr[-3000:]}")
                within = False
                continue
            rows, rise_mib, peak_mib = child.stdout.split()[-3:]
            status = "ok" if float(rise_mib) <= MEMORY_BOUND_MIB else "MISSED"
            within = within and status == "ok"
            print(
                f"{label:<40} file {size_mib:5.1f} MiB, {int(rows):,} rows read in "
                f"{seconds:5.1f} s: peak rose {rise_mib} MiB (process peak {peak_mib} MiB); "
                f"bound {MEMORY_BOUND_MIB} MiB: {status}"
            )
    return within


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--memory-only", action="store_true")
    parser.add_argument("--memory-child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        return memory_child(*args.memory_child)
    if args.memory_only:
        with tempfile.TemporaryDirectory(prefix="jahesh-import-bench-") as data_dir:
            os.environ["JAHESH_DATA_DIR"] = data_dir
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.config.settings")
            import django

            django.setup()
            return 0 if memory_checks() else 1
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
    memory_within = memory_checks()
    if missed:
        print("MISSED: " + "; ".join(missed))
        return 1
    if not memory_within:
        print(f"MISSED: an accepted file raised memory past {MEMORY_BOUND_MIB} MiB")
        return 1
    print("all goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
