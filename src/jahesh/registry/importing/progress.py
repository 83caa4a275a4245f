"""Import progress updates of a city's projects: `jahesh import progress FILE --municipality SLUG`.

One row per update: «کد پروژه», «تاریخ گزارش», «پیشرفت فیزیکی (درصد)» and an optional
«یادداشت». The rules are ``registry.progress``'s (0–100, no date after today, less than the
update before only with a note), checked for the whole file against what is stored and what the
file itself says before anything is written; then every row goes through
``progress_update_record`` in one transaction. A row for a project and day that already has an
update changes that update, so importing the same file twice writes it once. Photos are not
imported: they need their alt text, given on the staff page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from jahesh import persian
from jahesh.core.errors import PermissionDeniedError, ValidationError, require
from jahesh.registry import permissions as perms
from jahesh.registry import progress
from jahesh.registry.importing.cells import (
    CellError,
    cell_text_problem,
    read_date,
    read_whole_number,
    text_of,
)
from jahesh.registry.importing.reading import UnreadableFileError, read_table
from jahesh.registry.importing.results import ImportProblem, ImportRejectedError
from jahesh.registry.importing.subjects import ImportSubject
from jahesh.registry.importing.template import header_key
from jahesh.registry.models import Municipality, ProgressUpdate, Project

MAX_PROGRESS_ROWS = 20_000

_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("کد پروژه", "کد"),
    "reported_on": ("تاریخ گزارش", "تاریخ"),
    "pct": ("پیشرفت فیزیکی (درصد)", "پیشرفت فیزیکی", "درصد پیشرفت", "پیشرفت"),
    "note": ("یادداشت", "توضیح"),
}
_LABELS = {key: names[0] for key, names in _COLUMNS.items()}
_REQUIRED = ("code", "reported_on", "pct")


class ProgressImportRejectedError(ImportRejectedError):
    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(problems)
        self.message = self.message.replace("هیچ پروژه‌ای", "هیچ گزارش پیشرفتی")
        self.args = (self.message,)


@dataclass(frozen=True, slots=True)
class _Row:
    row: int
    project: Project
    reported_on: dt.date
    pct: int
    note: str


@dataclass(frozen=True, slots=True)
class ProgressImportResult:
    dry_run: bool
    created: int
    updated: int

    def summary(self) -> str:
        verb = "ثبت می‌شود" if self.dry_run else "ثبت شد"
        fa = persian.to_persian_digits
        text = (
            f"{fa(str(self.created))} گزارش پیشرفت تازه و {fa(str(self.updated))} "
            f"به‌روزرسانی {verb}."
        )
        return text + (" (آزمایشی: چیزی ذخیره نشد.)" if self.dry_run else "")


def _header(header: list[str]) -> tuple[dict[str, int], list[ImportProblem]]:
    lookup = {header_key(name): key for key, names in _COLUMNS.items() for name in names}
    found: dict[str, int] = {}
    problems = []
    for index, text in enumerate(header):
        if not text:
            continue
        key = lookup.get(header_key(text))
        if key is None:
            problems.append(ImportProblem("این ستون در قالب گزارش پیشرفت نیست.", column=text))
        elif key in found:
            problems.append(ImportProblem("این ستون دو بار آمده است.", column=text))
        else:
            found[key] = index
    for key in _REQUIRED:
        if key not in found:
            problems.append(ImportProblem(f"ستون «{_LABELS[key]}» نیست؛ این ستون لازم است."))
    return found, problems


def progress_import(
    *, by: Any, municipality: Municipality, data: bytes, dry_run: bool = False
) -> ProgressImportResult:
    """Check every row, then record them all in one transaction, or refuse the whole file."""
    require(perms.can_create_project(by, municipality), PermissionDeniedError())
    try:
        table = read_table(data, max_rows=MAX_PROGRESS_ROWS)
    except UnreadableFileError as exc:
        raise ProgressImportRejectedError([ImportProblem(exc.message)]) from exc
    columns, problems = _header(table.header)
    if problems:
        raise ProgressImportRejectedError(problems)
    projects = {p.code: p for p in Project.objects.filter(municipality=municipality)}
    rows: list[_Row] = []
    for number, cells in table.rows:
        row = _read_row(number, cells, columns, projects, problems)
        if row is not None:
            rows.append(row)
    existing = {
        (u.project_id, u.reported_on): u
        for u in ProgressUpdate.objects.filter(project__municipality=municipality)
    }
    _check_sequences(rows, existing, problems)
    if problems:
        raise ProgressImportRejectedError(problems)
    updated = sum(1 for r in rows if (r.project.pk, r.reported_on) in existing)
    result = ProgressImportResult(dry_run, len(rows) - updated, updated)
    if not dry_run:
        _write(by, rows, existing)
    return result


def _read_row(
    number: int,
    cells: list[Any],
    columns: dict[str, int],
    projects: dict[str, Project],
    problems: list[ImportProblem],
) -> _Row | None:
    values: dict[str, Any] = {}
    bad = False
    for key, index in columns.items():
        cell = cells[index] if index < len(cells) else None
        problem = cell_text_problem(cell)
        try:
            if problem:
                raise CellError(problem)
            if key == "reported_on":
                values[key] = read_date(cell)
            elif key == "pct":
                values[key] = read_whole_number(cell, percent=True)
            elif key == "code":
                values[key] = persian.to_latin_digits(text_of(cell))
            else:
                values[key] = persian.normalize_name(text_of(cell))
        except CellError as exc:
            problems.append(ImportProblem(exc.detail, number, _LABELS[key]))
            bad = True
    for key in _REQUIRED:
        if not bad and values.get(key) in (None, ""):
            problems.append(ImportProblem("این خانه لازم است.", number, _LABELS[key]))
            bad = True
    if bad:
        return None
    project = projects.get(values["code"])
    if project is None:
        problems.append(
            ImportProblem(
                f"پروژه‌ای با کد «{values['code']}» در این شهر نیست.", number, _LABELS["code"]
            )
        )
        return None
    day: dt.date = values["reported_on"]
    pct: int = values["pct"]
    if pct > 100:
        problems.append(ImportProblem("درصد پیشرفت باید از ۰ تا ۱۰۰ باشد.", number, _LABELS["pct"]))
        return None
    if day > timezone.localdate():
        problems.append(
            ImportProblem(
                f"تاریخ {persian.format_jalali(day)} در آینده است.", number, _LABELS["reported_on"]
            )
        )
        return None
    return _Row(number, project, day, pct, values.get("note", ""))


def _check_sequences(
    rows: list[_Row],
    existing: dict[tuple[int, dt.date], ProgressUpdate],
    problems: list[ImportProblem],
) -> None:
    """Each project's updates, stored and in the file, in date order: a drop needs a note."""
    seen: dict[tuple[int, dt.date], int] = {}
    timeline: dict[int, dict[dt.date, tuple[int, int | None, str]]] = {}
    for (project_id, day), update in existing.items():
        timeline.setdefault(project_id, {})[day] = (update.physical_progress_pct, None, update.note)
    for row in rows:
        key = (row.project.pk, row.reported_on)
        if key in seen:
            problems.append(
                ImportProblem(
                    f"گزارش همین پروژه در همین تاریخ در ردیف "
                    f"{persian.to_persian_digits(str(seen[key]))} هم آمده است.",
                    row.row,
                )
            )
            continue
        seen[key] = row.row
        timeline.setdefault(row.project.pk, {})[row.reported_on] = (row.pct, row.row, row.note)
    for days in timeline.values():
        previous: int | None = None
        for day in sorted(days):
            pct, row_number, note = days[day]
            if row_number is not None and previous is not None and pct < previous and not note:
                problems.append(
                    ImportProblem(
                        f"پیشرفت از {persian.to_persian_digits(str(previous))}٪ به "
                        f"{persian.to_persian_digits(str(pct))}٪ کم شده است؛ دلیل آن را در "
                        "یادداشت بنویسید.",
                        row_number,
                        _LABELS["note"],
                    )
                )
            previous = pct


@transaction.atomic
def _write(by: Any, rows: list[_Row], existing: dict[tuple[int, dt.date], ProgressUpdate]) -> None:
    for row in sorted(rows, key=lambda r: (r.project.pk, r.reported_on)):
        stored = existing.get((row.project.pk, row.reported_on))
        try:
            if stored is None:
                progress.progress_update_record(
                    by=by,
                    project=row.project,
                    reported_on=row.reported_on,
                    physical_progress_pct=row.pct,
                    note=row.note,
                )
            elif (stored.physical_progress_pct, stored.note) != (row.pct, row.note):
                # Corrected in place: the update's photos stay with it.
                progress.progress_update_correct(
                    by=by, update=stored, physical_progress_pct=row.pct, note=row.note
                )
        except ValidationError as exc:
            # The checks above mirror the service's; a refusal here means they drifted apart.
            raise ProgressImportRejectedError([ImportProblem(exc.message, row.row)]) from exc


def _run_from_command(
    by: Any, municipality: Municipality, data: bytes, dry_run: bool, options: Mapping[str, Any]
) -> str:
    del options
    return progress_import(by=by, municipality=municipality, data=data, dry_run=dry_run).summary()


PROGRESS_SUBJECT = ImportSubject("progress", _run_from_command)
