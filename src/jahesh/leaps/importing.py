"""Load a programme's past waves with only what the press reported (docs/import-format.md).

One table: a row without a project code is a wave (number, date, occasion, projects count, total
credit, ceremony kinds, a source link); a row with one attaches an existing project of the city
to the wave of its number. Such waves carry "reported figures": the programme report and the
portal count their press figures, and rows attached to them (now or later) only detail those
figures, so nothing is counted twice. The same rules as the projects import: every problem
named by row and column in Persian, all or nothing, and a second import of the same file
updates what the first wrote.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from jahesh import persian
from jahesh.core.errors import JaheshError, NotFoundError, PermissionDeniedError, require
from jahesh.leaps.models import (
    Occasion,
    Plan,
    PlanAssignment,
    PlanSource,
    PlanStatus,
    Programme,
    Wave,
    WaveStatus,
)
from jahesh.leaps.permissions import can_change_programme
from jahesh.registry import services as registry_services
from jahesh.registry.importing import ImportProblem, ImportRejectedError
from jahesh.registry.importing.cells import (
    CellError,
    cell_text_problem,
    is_blank,
    read_ceremony_kind,
    read_credit_rial,
    read_date,
    read_whole_number,
    text_of,
)
from jahesh.registry.importing.reading import Cell, UnreadableFileError, read_table
from jahesh.registry.importing.subjects import ImportSubject
from jahesh.registry.importing.template import CREDIT_SCALES, header_key
from jahesh.registry.models import Ceremony, CeremonyStatus, Municipality, Project, Readiness

MAX_WAVE_ROWS = 5_000
HELD_AT_LOCAL = dt.time(10, 0)
_URL = re.compile(r"https?://[^\s]+", re.IGNORECASE)
_KIND_SEPARATORS = re.compile(r"[،,؛;/]+| و ")


def _fa(value: object) -> str:
    if isinstance(value, int):
        return persian.to_persian_digits(f"{value:,}".replace(",", "٬"))
    return persian.to_persian_digits(str(value))


@dataclass(frozen=True, slots=True)
class _Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    rial_multiplier: int = 0
    unit: str = ""


def _columns(noun: str) -> list[_Column]:
    columns = [
        _Column("number", f"شماره {noun}", ("شماره مرحله", "مرحله", "شماره", noun)),
        _Column("start_date", "تاریخ", ("تاریخ برگزاری", "روز نخست", "تاریخ آغاز")),
        _Column("end_date", "تاریخ پایان", ("روز پایانی",)),
        _Column("occasion", "مناسبت"),
        _Column(
            "project_count",
            "شمار پروژه‌ها",
            ("تعداد پروژه‌ها", "تعداد پروژه", "شمار پروژه"),
        ),
        # Header keys fold plurals: «نوع آیین‌ها» would be «نوع آیین», the project row's column.
        _Column("kinds", f"آیین‌های {noun}", (f"گونه آیین‌های {noun}", "آیین‌ها")),
        _Column("source", "منبع", ("نشانی منبع", "پیوند منبع", "پیوند خبر")),
        _Column("project_code", "کد پروژه", ("کد",)),
        _Column("ceremony_kind", "نوع آیین", ("نوع آیین پروژه",)),
    ]
    for unit, multiplier in CREDIT_SCALES:
        columns.append(
            _Column(
                "credit",
                f"اعتبار کل ({unit})",
                (f"اعتبار ({unit})", f"اعتبار کل {unit}", f"مجموع اعتبار ({unit})"),
                rial_multiplier=multiplier,
                unit=unit,
            )
        )
    return columns


REQUIRED_KEYS = ("number", "start_date", "project_count", "credit", "source")


@dataclass(slots=True)
class _WaveRow:
    row: int
    number: int
    start_date: dt.date
    end_date: dt.date
    occasion: Occasion | None
    theme: str
    project_count: int
    credit_rial: int
    kinds: list[str]
    source_url: str


@dataclass(slots=True)
class _AttachRow:
    row: int
    number: int
    project: Project
    kind: str


@dataclass(frozen=True, slots=True)
class WavesImportResult:
    dry_run: bool
    created: int
    updated: int
    attached: int
    waves: tuple[int, ...] = field(default=())

    def summary(self) -> str:
        verb = "وارد می‌شود" if self.dry_run else "وارد شد"
        text = (
            f"{_fa(self.created + self.updated)} مرحلهٔ گزارش‌شده: {_fa(self.created)} تازه، "
            f"{_fa(self.updated)} به‌روزرسانی؛ {_fa(self.attached)} پروژهٔ پیوست‌شده {verb}."
        )
        return text + (" (آزمایشی: چیزی ذخیره نشد.)" if self.dry_run else "")


class WavesImportRejectedError(ImportRejectedError):
    """The history file was refused and nothing was written (no wave, no attachment)."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(problems)
        bad_rows = {p.row for p in self.problems if p.row is not None}
        if bad_rows:
            self.message = f"{_fa(len(bad_rows))} ردیف فایل خطا دارد؛ هیچ مرحله‌ای ذخیره نشد."
        else:
            self.message = f"{self.problems[0].message} هیچ مرحله‌ای ذخیره نشد."
        self.args = (self.message,)


class _Problems:
    def __init__(self) -> None:
        self.items: list[ImportProblem] = []

    def add(self, detail: str, row: int | None = None, column: str | None = None) -> None:
        self.items.append(ImportProblem(detail, row=row, column=column))


def _map_header(header: list[str], columns: list[_Column], problems: _Problems) -> dict[str, Any]:
    lookup: dict[str, _Column] = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            lookup.setdefault(header_key(name), column)
    found: dict[str, tuple[int, _Column, str]] = {}
    for index, text in enumerate(header):
        if not text:
            continue
        matched = lookup.get(header_key(text))
        if matched is None:
            if header_key(text) in {header_key("اعتبار"), header_key("اعتبار کل")}:
                problems.add(
                    "واحد اعتبار روشن نیست؛ عنوان ستون را «اعتبار کل (تومان)» یا "
                    "«اعتبار کل (ریال)» بنویسید.",
                    column=text,
                )
            else:
                problems.add("این ستون در قالب تاریخچهٔ مراحل نیست.", column=text)
            continue
        if matched.key in found:
            problems.add(f"همان ستون «{found[matched.key][2]}» است و دو بار آمده.", column=text)
            continue
        found[matched.key] = (index, matched, text)
    for key in REQUIRED_KEYS:
        if key not in found:
            header_text = next(c.header for c in columns if c.key == key)
            if key == "credit":
                header_text = "اعتبار کل (تومان)"
            problems.add(f"ستون «{header_text}» نیست؛ این ستون لازم است.")
    return found


def _currency(unit: str) -> str:
    return "تومان" if unit.endswith("تومان") else "ریال"


def _read_credit(cell: Cell, column: _Column) -> int | None:
    """A credit in the column's unit; a cell may name its own unit («۱۸۱ میلیارد تومان»), but
    never the other currency than its column's (rials written where tomans are expected)."""
    if is_blank(cell):
        return None
    multiplier = column.rial_multiplier
    text = text_of(cell)
    if isinstance(cell, str):
        for unit, scale in sorted(CREDIT_SCALES, key=lambda s: -len(s[0])):
            if persian.search_key(text).endswith(persian.search_key(unit)):
                if _currency(unit) != _currency(column.unit):
                    raise CellError(
                        f"ستون به {_currency(column.unit)} است اما در این خانه «{text}» به "
                        f"{_currency(unit)} آمده؛ رقم را به {_currency(column.unit)} بنویسید "
                        "یا عنوان ستون را عوض کنید."
                    )
                multiplier = scale
                cell = text[: len(text) - len(unit)].strip()
                break
    return read_credit_rial(cell, multiplier)


def _read_kinds(cell: Cell) -> list[str]:
    kinds: list[str] = []
    for part in _KIND_SEPARATORS.split(text_of(cell)):
        if part.strip():
            kind = read_ceremony_kind(part.strip())
            if kind and kind not in kinds:
                kinds.append(kind)
    return kinds


def _occasions(programme: Programme) -> dict[str, Occasion]:
    rows = Occasion.objects.filter(municipality__isnull=True) | Occasion.objects.filter(
        municipality=programme.municipality
    )
    found: dict[str, Occasion] = {}
    # The city's own row wins over the shipped one of the same name.
    for occasion in rows.order_by("municipality_id"):
        for name in (occasion.name, occasion.code):
            found[persian.search_key(name)] = occasion
    return found


def waves_import(
    *,
    by: Any,
    programme: Programme,
    data: bytes,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> WavesImportResult:
    """Check the whole file, then write all of it in one transaction or nothing.

    Raises ``ImportRejectedError`` with every problem found, ``PermissionDeniedError`` for a
    user who may not change the programme.
    """
    require(can_change_programme(by, programme), PermissionDeniedError())
    today = today or timezone.localdate()
    problems = _Problems()
    try:
        table = read_table(data, max_rows=MAX_WAVE_ROWS)
    except UnreadableFileError as exc:
        raise WavesImportRejectedError([ImportProblem(exc.message)]) from exc
    columns = _map_header(table.header, _columns(programme.wave_noun), problems)
    if problems.items:
        raise WavesImportRejectedError(problems.items)
    waves, attachments = _read_rows(table.rows, columns, programme, today, problems)
    existing = {w.number: w for w in Wave.objects.filter(programme=programme)}
    _check_waves(waves, existing, programme, problems)
    _check_attachments(waves, attachments, existing, programme, problems)
    if problems.items:
        raise WavesImportRejectedError(problems.items)
    created = sum(1 for w in waves if w.number not in existing)
    result = WavesImportResult(
        dry_run=dry_run,
        created=created,
        updated=len(waves) - created,
        attached=len(attachments),
        waves=tuple(sorted(w.number for w in waves)),
    )
    if not dry_run:
        _write(by, programme, waves, attachments, existing)
    return result


def _read_rows(
    rows: Any,
    columns: dict[str, tuple[int, _Column, str]],
    programme: Programme,
    today: dt.date,
    problems: _Problems,
) -> tuple[list[_WaveRow], list[_AttachRow]]:
    occasions = _occasions(programme)
    codes = dict(
        Project.objects.filter(municipality=programme.municipality).values_list("code", "pk")
    )
    wanted: dict[int, tuple[int, str]] = {}
    waves: list[_WaveRow] = []
    attach_raw: list[tuple[int, int, str, str | None]] = []
    for number, cells in rows:
        values: dict[str, Any] = {}
        bad = False
        for key, (index, column, header) in columns.items():
            cell = cells[index] if index < len(cells) else None
            problem = cell_text_problem(cell)
            if problem:
                problems.add(problem, number, header)
                bad = True
                continue
            try:
                values[key] = _read_cell(key, cell, column, occasions)
            except CellError as exc:
                problems.add(exc.detail, number, header)
                bad = True
        if bad:
            continue
        wave_number = values.get("number")
        if not wave_number:
            problems.add(
                f"شمارهٔ {programme.wave_noun} را بنویسید (عدد درست از ۱).",
                number,
                columns["number"][2],
            )
            continue
        code = values.get("project_code") or ""
        if code:
            if code not in codes:
                problems.add(f"پروژه‌ای با کد «{code}» در این شهر نیست.", number, "کد پروژه")
                continue
            attach_raw.append((number, wave_number, code, values.get("ceremony_kind")))
            wanted[codes[code]] = (number, code)
            continue
        wave = _wave_row(
            row=number,
            number=wave_number,
            values=values,
            columns=columns,
            today=today,
            problems=problems,
        )
        if wave is not None:
            waves.append(wave)
    projects = Project.objects.in_bulk(list(wanted))
    waves_by_number = {w.number: w for w in waves}
    attachments: list[_AttachRow] = []
    for row, wave_number, code, kind in attach_raw:
        wave = waves_by_number.get(wave_number)
        chosen = kind or (wave.kinds[0] if wave and len(wave.kinds) == 1 else None)
        if chosen is None:
            problems.add(
                "نوع آیین این پروژه را بنویسید (گونه‌های آیین مرحله بیش از یکی یا نانوشته است).",
                row,
                "نوع آیین",
            )
            continue
        attachments.append(_AttachRow(row, wave_number, projects[codes[code]], chosen))
    return waves, attachments


def _read_cell(key: str, cell: Cell, column: _Column, occasions: dict[str, Occasion]) -> Any:
    if key in ("start_date", "end_date"):
        return read_date(cell)
    if key in ("number", "project_count"):
        return read_whole_number(cell)
    if key == "credit":
        return _read_credit(cell, column)
    if key == "kinds":
        return _read_kinds(cell)
    if key == "ceremony_kind":
        return read_ceremony_kind(cell)
    if key == "project_code":
        return persian.to_latin_digits(text_of(cell))
    if key == "source":
        text = text_of(cell)
        if text and not _URL.fullmatch(text):
            raise CellError(f"«{text}» نشانی وب نیست؛ نشانی خبر را با https:// بنویسید.")
        return text
    if key == "occasion":
        text = persian.normalize_name(text_of(cell))
        return (occasions.get(persian.search_key(text)), text) if text else (None, "")
    return text_of(cell)


def _wave_row(
    *,
    row: int,
    number: int,
    values: dict[str, Any],
    columns: dict[str, tuple[int, _Column, str]],
    today: dt.date,
    problems: _Problems,
) -> _WaveRow | None:
    missing = [
        columns[key][2]
        for key in ("start_date", "project_count", "credit", "source")
        if values.get(key) in (None, "")
    ]
    for header in missing:
        problems.add("این خانه برای ردیف مرحله لازم است.", row, header)
    if missing:
        return None
    start: dt.date = values["start_date"]
    end: dt.date = values.get("end_date") or start
    ok = True
    for key, day in (("start_date", start), ("end_date", end)):
        if day > today and key in columns:
            problems.add(
                f"تاریخ {persian.format_jalali(day)} در آینده است؛ این فایل برای مراحل "
                "برگزارشده است.",
                row,
                columns[key][2],
            )
            ok = False
    if end < start:
        problems.add("تاریخ پایان پیش از تاریخ آغاز است.", row, columns["end_date"][2])
        ok = False
    if not ok:
        return None
    occasion, occasion_text = values.get("occasion") or (None, "")
    return _WaveRow(
        row=row,
        number=number,
        start_date=start,
        end_date=end,
        occasion=occasion,
        theme="" if occasion else occasion_text[:200],
        project_count=values["project_count"],
        credit_rial=values["credit"],
        kinds=values.get("kinds") or [],
        source_url=values["source"],
    )


def _check_waves(
    waves: list[_WaveRow], existing: dict[int, Wave], programme: Programme, problems: _Problems
) -> None:
    first_row: dict[int, int] = {}
    noun = programme.wave_noun
    for wave in waves:
        if wave.number in first_row:
            problems.add(
                f"{noun} {_fa(wave.number)} در ردیف {_fa(first_row[wave.number])} هم آمده است؛ "
                f"هر {noun} یک ردیف دارد.",
                wave.row,
            )
            continue
        first_row[wave.number] = wave.row
        found = existing.get(wave.number)
        if found is not None and not found.has_reported_figures:
            problems.add(
                f"{noun} {_fa(wave.number)} در جهش برنامه‌ریزی شده و ارقامش از ردیف‌های "
                "خودش است؛ این فایل آن را عوض نمی‌کند.",
                wave.row,
            )


def _check_attachments(
    waves: list[_WaveRow],
    attachments: list[_AttachRow],
    existing: dict[int, Wave],
    programme: Programme,
    problems: _Problems,
) -> None:
    """Rows attached to a wave (already or by this file) must fit inside its press figures."""
    noun = programme.wave_noun
    in_file = {w.number: w for w in waves}
    by_wave: dict[int, list[_AttachRow]] = defaultdict(list)
    for attachment in attachments:
        by_wave[attachment.number].append(attachment)
    for number, rows in by_wave.items():
        wave = in_file.get(number)
        stored = existing.get(number)
        if wave is None and (stored is None or not stored.has_reported_figures):
            for row in rows:
                problems.add(
                    f"{noun} {_fa(number)} نه در این فایل آمده و نه پیش‌تر گزارش‌شده وارد شده است.",
                    row.row,
                    "کد پروژه",
                )
            continue
        seen: dict[int, int] = {}
        for row in rows:
            if row.project.pk in seen:
                problems.add(
                    f"پروژهٔ «{row.project.code}» در ردیف {_fa(seen[row.project.pk])} هم به "
                    f"همین {noun} پیوست شده است.",
                    row.row,
                    "کد پروژه",
                )
            seen[row.project.pk] = row.row
        already = _attached_elsewhere(stored, set(seen)) if stored else []
        count = len(seen) + len(already)
        credit = sum(r.project.credit_rial for r in rows if seen.get(r.project.pk) == r.row)
        credit += sum(p.credit_rial for p in already)
        reported_count: int | None
        reported_credit: int | None
        if wave is not None:
            reported_count, reported_credit = wave.project_count, wave.credit_rial
        else:
            assert stored is not None
            reported_count = stored.reported_project_count
            reported_credit = stored.reported_credit_rial
        where = rows[0].row
        unit = programme.municipality.credit_display_unit
        if reported_count is not None and count > reported_count:
            problems.add(
                f"به {noun} {_fa(number)} {_fa(count)} پروژه پیوست می‌شود اما رسانه‌ها "
                f"{_fa(reported_count)} پروژه گزارش کرده‌اند.",
                wave.row if wave else where,
            )
        if reported_credit is not None and credit > reported_credit:
            problems.add(
                f"اعتبار پروژه‌های پیوست‌شده به {noun} {_fa(number)} "
                f"({persian.credit_phrase(credit, unit)}) از اعتبار کل گزارش‌شده "
                f"({persian.credit_phrase(reported_credit, unit)}) "
                "بیشتر است.",
                wave.row if wave else where,
            )


def _attached_elsewhere(wave: Wave, in_file: set[int]) -> list[Project]:
    """Projects already attached to the stored wave that this file does not list again."""
    ids = PlanAssignment.objects.filter(plan__status=PlanStatus.CURRENT, wave=wave).values_list(
        "ceremony__project_id", flat=True
    )
    return list(Project.objects.filter(pk__in=ids).exclude(pk__in=in_file).distinct())


@transaction.atomic
def _write(
    by: Any,
    programme: Programme,
    waves: list[_WaveRow],
    attachments: list[_AttachRow],
    existing: dict[int, Wave],
) -> None:
    stored = dict(existing)
    for row in waves:
        wave = stored.get(row.number) or Wave(programme=programme, number=row.number)
        wave.start_date = row.start_date
        wave.end_date = row.end_date
        wave.occasion = row.occasion
        wave.theme = row.theme
        wave.status = WaveStatus.HELD
        wave.reported_project_count = row.project_count
        wave.reported_credit_rial = row.credit_rial
        wave.reported_kinds = row.kinds
        wave.source_url = row.source_url
        if wave.announced_at is None:
            wave.announced_at = timezone.make_aware(
                dt.datetime.combine(row.start_date, HELD_AT_LOCAL)
            )
        wave.save()
        stored[row.number] = wave
    if not attachments:
        return
    plan = Plan.objects.select_for_update().current().filter(programme=programme).first()
    if plan is None:
        plan = Plan.objects.create(
            municipality=programme.municipality,
            programme=programme,
            status=PlanStatus.CURRENT,
            source=PlanSource.MANUAL,
            created_by=by if getattr(by, "is_authenticated", False) else None,
            adopted_at=timezone.now(),
        )
    for attachment in attachments:
        wave = stored[attachment.number]
        held_at = timezone.make_aware(dt.datetime.combine(wave.start_date, HELD_AT_LOCAL))
        ceremony = (
            Ceremony.objects.filter(project=attachment.project, kind=attachment.kind)
            .order_by("pk")
            .first()
        )
        if ceremony is None:
            ceremony = registry_services.ceremony_create(
                by=by,
                project=attachment.project,
                kind=attachment.kind,
                ready_from=wave.start_date,
                status=CeremonyStatus.HELD,
                readiness=Readiness.READY,
                held_at=held_at,
            )
        PlanAssignment.objects.update_or_create(
            plan=plan,
            ceremony=ceremony,
            defaults={"wave": wave, "day": wave.start_date, "slot": 0, "locked": True},
        )


def _run_from_command(
    by: Any, municipality: Municipality, data: bytes, dry_run: bool, options: Mapping[str, Any]
) -> str:
    slug = options.get("programme")
    if not slug:
        raise JaheshError("نامک برنامه را با --programme بدهید.")
    programme = Programme.objects.filter(municipality=municipality, slug=slug).first()
    if programme is None:
        raise NotFoundError(f"برنامه‌ای با نامک «{slug}» در {municipality.name} نیست.")
    return waves_import(by=by, programme=programme, data=data, dry_run=dry_run).summary()


WAVES_SUBJECT = ImportSubject("waves", _run_from_command)
