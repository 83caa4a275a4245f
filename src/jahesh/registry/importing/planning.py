"""Read every row, check it against the city's rows, and decide what to write.

Nothing here writes: the plan is the same for a dry run and a real import.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from jahesh import persian
from jahesh.core.errors import ValidationError
from jahesh.registry import services
from jahesh.registry.importing import template as tpl
from jahesh.registry.importing.cells import (
    CellError,
    cell_text_problem,
    fa,
    is_blank,
    read_ceremony_kind,
    read_coordinate,
    read_credit_rial,
    read_date,
    read_status,
    read_whole_number,
    read_yes_no,
    text_of,
)
from jahesh.registry.importing.headers import FileColumns
from jahesh.registry.importing.reading import Cell, Table
from jahesh.registry.importing.results import ImportProblem, ImportRejectedError, RowOutcome
from jahesh.registry.models import (
    Ceremony,
    CeremonyStatus,
    District,
    Municipality,
    Project,
    Sector,
    Unit,
)
from jahesh.registry.progress import progress_latest_by_project, progress_typed_check
from jahesh.registry.validation import clean_project_code

_Row = TypeVar("_Row", District, Unit, Sector)
CHANGE_REASON = "ورود از فایل"
# PositiveIntegerField holds at most this on every database we run on.
MAX_POSITIVE_INT = 2_147_483_647


@dataclass(slots=True)
class Plan:
    outcomes: list[RowOutcome] = field(default_factory=list)
    new_projects: list[Project] = field(default_factory=list)
    updated_projects: list[Project] = field(default_factory=list)
    updated_fields: set[str] = field(default_factory=set)
    # Sector ids per project, for new projects and for those whose sectors change.
    sectors_of_new: list[tuple[Project, list[int]]] = field(default_factory=list)
    sectors_replaced: dict[int, list[int]] = field(default_factory=dict)
    # New ceremonies hold their project until it has a primary key.
    new_ceremonies: list[tuple[Project, dict[str, Any]]] = field(default_factory=list)
    updated_ceremonies: list[Ceremony] = field(default_factory=list)
    ceremony_fields: set[str] = field(default_factory=set)


def _key(text: str) -> str:
    return persian.search_key(text)


def _by_unique_key(rows: Iterable[_Row], attribute: str) -> dict[str, list[_Row]]:
    lookup: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        lookup[_key(str(getattr(row, attribute)))].append(row)
    return lookup


def principal_ceremony(ceremonies: Sequence[Ceremony]) -> Ceremony | None:
    """The ceremony a template row stands for: the earliest one still to come, else the latest.

    Export writes this one and import updates it, so a round trip leaves the others alone.
    """
    ahead = [
        c for c in ceremonies if c.status not in (CeremonyStatus.HELD, CeremonyStatus.CANCELLED)
    ]
    if ahead:
        return min(ahead, key=lambda c: (c.ready_from, c.pk))
    return max(ceremonies, key=lambda c: (c.ready_from, c.pk), default=None)


class Planner:
    def __init__(self, municipality: Municipality, columns: FileColumns) -> None:
        self.municipality = municipality
        self.columns = columns
        self.problems: list[ImportProblem] = []
        self.with_ceremonies = columns.has(tpl.CEREMONY_KIND.key)

        districts = list(District.objects.filter(municipality=municipality))
        self.districts_by_id = {d.pk: d for d in districts}
        self.districts_by_number = {d.number: d for d in districts}
        self.districts_by_name = _by_unique_key(districts, "name")
        units = list(Unit.objects.filter(municipality=municipality))
        self.units_by_id = {u.pk: u for u in units}
        self.units_by_code = _by_unique_key(units, "code")
        self.units_by_name = _by_unique_key(units, "name")
        sectors = list(Sector.objects.filter(municipality=municipality))
        self.sectors_by_id = {s.pk: s for s in sectors}
        self.sectors_by_code = _by_unique_key(sectors, "code")
        self.sectors_by_name = _by_unique_key(sectors, "name")

        projects = list(Project.objects.filter(municipality=municipality))
        self.projects_by_code = {p.code: p for p in projects}
        self.slugs = {p.slug for p in projects}
        # Once a project has progress updates, a row may only repeat the latest one's figure.
        self.latest_progress = progress_latest_by_project(
            Project.objects.filter(municipality=municipality).values_list("pk", flat=True)
        )
        self.sector_ids: dict[int, set[int]] = defaultdict(set)
        through = Project.sectors.through
        for project_id, sector_id in through.objects.filter(
            project__municipality=municipality
        ).values_list("project_id", "sector_id"):
            self.sector_ids[project_id].add(sector_id)
        self.ceremonies: dict[tuple[int, str], list[Ceremony]] = defaultdict(list)
        if self.with_ceremonies:
            for ceremony in Ceremony.objects.filter(municipality=municipality):
                self.ceremonies[(ceremony.project_id, ceremony.kind)].append(ceremony)
        self.codes_seen: dict[str, int] = {}
        self.resolved: dict[str, dict[str, Any]] = {"district": {}, "unit": {}, "sectors": {}}
        self.readers = [
            (c.index, c.header, c.column.key, self._reader(c.column)) for c in columns.mapped
        ]

    def plan(self, table: Table) -> Plan:
        plan = Plan()
        for number, cells in table.rows:
            self._plan_row(plan, number, cells)
        if self.problems:
            raise ImportRejectedError(self.problems)
        return plan

    def _problem(self, row: int, key: str, detail: str) -> None:
        self.problems.append(ImportProblem(detail, row=row, column=self.columns.header(key)))

    # One row

    def _plan_row(self, plan: Plan, number: int, cells: list[Cell]) -> None:
        problems_before = len(self.problems)
        values: dict[str, Any] = {}
        width = len(cells)
        for index, header, key, read in self.readers:
            cell = cells[index] if index < width else None
            cell_problem = cell_text_problem(cell)
            if cell_problem is not None:
                self.problems.append(ImportProblem(cell_problem, number, header))
                continue
            try:
                values[key] = read(cell)
            except CellError as exc:
                self.problems.append(ImportProblem(exc.detail, number, header))
        for index in self.columns.unnamed:
            if index < len(cells) and not is_blank(cells[index]):
                self.problems.append(
                    ImportProblem(
                        f"ستون {fa(index + 1)} عنوان ندارد ولی این ردیف در آن "
                        f"«{text_of(cells[index])[:40]}» نوشته است.",
                        row=number,
                    )
                )
        code = values.get(tpl.CODE.key, "")
        if code and code in self.codes_seen:
            self._problem(
                number,
                tpl.CODE.key,
                f"کد «{code}» در ردیف {fa(self.codes_seen[code])} هم آمده است.",
            )
        elif code:
            self.codes_seen[code] = number
        if len(self.problems) > problems_before:
            return
        existing = self.projects_by_code.get(code)
        fields = self._project_fields(values)
        try:
            clean = services.project_clean_fields(
                municipality=self.municipality, fields=fields, project=existing
            )
            if existing is not None and "physical_progress_pct" in clean:
                progress_typed_check(
                    typed_pct=clean["physical_progress_pct"],
                    latest=self.latest_progress.get(existing.pk),
                )
        except ValidationError as exc:
            self._problem(number, _FIELD_COLUMN.get(exc.field or "", exc.field or ""), exc.message)
            return
        sector_ids: list[int] | None = (
            [s.pk for s in clean.pop("sectors")] if "sectors" in clean else None
        )
        if existing is None:
            project = self._new_project(plan, number, code, clean, sector_ids)
        else:
            project = existing
            self._update_project(plan, number, existing, clean, sector_ids)
        if self.with_ceremonies:
            self._plan_ceremony(plan, number, project, existing is None, values)

    def _reader(self, column: tpl.Column) -> Callable[[Cell], Any]:
        """The function that reads this column's cells, chosen once per file."""
        key = column.key
        if key in ("title", "description", "contractor"):
            return text_of
        if key == "credit":
            return functools.partial(read_credit_rial, rial_multiplier=column.rial_multiplier)
        if key in ("district", "unit", "sectors"):
            return lambda cell: self._lookup(key, text_of(cell))
        readers: dict[str, Callable[[Cell], Any]] = {
            "code": _read_code,
            "physical_progress_pct": functools.partial(read_whole_number, percent=True),
            "length_m": _read_size,
            "area_m2": _read_size,
            "start_date": read_date,
            "planned_end_date": read_date,
            "ready_from": read_date,
            "latest_date": read_date,
            "latitude": read_coordinate,
            "longitude": read_coordinate,
            "is_headline": read_yes_no,
            "status": read_status,
            "ceremony_kind": read_ceremony_kind,
        }
        return readers[key]

    def _project_fields(self, values: dict[str, Any]) -> dict[str, Any]:
        """The fields the row sets; an empty cell of a field that cannot be empty sets nothing."""
        fields: dict[str, Any] = {}
        for key, value in values.items():
            if key in ("code", *tpl.CEREMONY_KEYS):
                continue
            name = "credit_rial" if key == "credit" else key
            if value is None and name in _KEPT_WHEN_EMPTY:
                continue
            fields[name] = value
        return fields

    def _new_project(
        self,
        plan: Plan,
        number: int,
        code: str,
        clean: dict[str, Any],
        sector_ids: list[int] | None,
    ) -> Project:
        project = Project(municipality=self.municipality, code=code, **clean)
        project.slug = self._slug_for(project.title, code, old=None)
        project.search_text = services.project_search_text(project, self._names(sector_ids))
        plan.new_projects.append(project)
        plan.sectors_of_new.append((project, sector_ids or []))
        plan.outcomes.append(RowOutcome(number, code, project.title, "create"))
        return project

    def _update_project(
        self,
        plan: Plan,
        number: int,
        project: Project,
        clean: dict[str, Any],
        sector_ids: list[int] | None,
    ) -> None:
        changed = [name for name, value in clean.items() if not _same(project, name, value)]
        current_sectors = self.sector_ids.get(project.pk, set())
        sectors_change = sector_ids is not None and set(sector_ids) != current_sectors
        if not changed and not sectors_change:
            plan.outcomes.append(RowOutcome(number, project.code, project.title, "unchanged"))
            return
        for name in changed:
            setattr(project, name, clean[name])
        if "title" in changed:
            project.slug = self._slug_for(project.title, project.code, old=project.slug)
            changed.append("slug")
        # Relations are attached from the lookups so that no query runs per row.
        project.district = self.districts_by_id.get(project.district_id)  # type: ignore[arg-type]
        project.unit = self.units_by_id.get(project.unit_id)  # type: ignore[arg-type]
        final_sectors = sector_ids if sectors_change else sorted(current_sectors)
        project.search_text = services.project_search_text(project, self._names(final_sectors))
        labels = [_FIELD_LABELS.get(name, name) for name in changed if name != "slug"]
        if sectors_change:
            plan.sectors_replaced[project.pk] = list(sector_ids or [])
            labels.append(tpl.SECTORS.header)
        project._change_reason = f"{CHANGE_REASON}: {'، '.join(labels)}"[:100]  # type: ignore[attr-defined]
        plan.updated_projects.append(project)
        plan.updated_fields.update(changed)
        plan.outcomes.append(
            RowOutcome(number, project.code, project.title, "update", tuple(labels))
        )

    def _plan_ceremony(
        self, plan: Plan, number: int, project: Project, is_new: bool, values: dict[str, Any]
    ) -> None:
        kind = values.get(tpl.CEREMONY_KIND.key)
        ready_from = values.get(tpl.READY_FROM.key)
        latest = values.get(tpl.LATEST_DATE.key)
        if kind is None:
            if ready_from is not None or latest is not None:
                self._problem(number, tpl.CEREMONY_KIND.key, "تاریخ آیین آمده ولی نوع آن نه.")
            return
        existing = (
            None if is_new else principal_ceremony(self.ceremonies.get((project.pk, kind), []))
        )
        fields: dict[str, Any] = {"kind": kind}
        if ready_from is not None:
            fields["ready_from"] = ready_from
        elif existing is None:
            self._problem(number, tpl.READY_FROM.key, "برای آیین تازه تاریخ «آماده از» لازم است.")
            return
        if self.columns.has(tpl.LATEST_DATE.key):
            fields["latest_date"] = latest
        try:
            clean = services.ceremony_clean_fields(
                municipality=self.municipality, fields=fields, ceremony=existing
            )
        except ValidationError as exc:
            self._problem(number, _FIELD_COLUMN.get(exc.field or "", exc.field or ""), exc.message)
            return
        if existing is None:
            plan.new_ceremonies.append((project, clean))
            return
        changed = [name for name, value in clean.items() if getattr(existing, name) != value]
        if not changed:
            return
        for name in changed:
            setattr(existing, name, clean[name])
        existing._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
        plan.updated_ceremonies.append(existing)
        plan.ceremony_fields.update(changed)
        last = plan.outcomes[-1]
        plan.outcomes[-1] = RowOutcome(
            last.row, last.code, last.title, "update", (*last.changed, "آیین")
        )

    # Lookups by name or code

    def _lookup(self, key: str, text: str) -> Any:
        """Resolve a district, unit or sectors cell; each distinct text is resolved once."""
        cache = self.resolved[key]
        if text not in cache:
            resolve = {"district": self._district, "unit": self._unit, "sectors": self._sectors}
            try:
                cache[text] = resolve[key](text)
            except CellError as exc:
                cache[text] = exc
        found = cache[text]
        if isinstance(found, CellError):
            raise CellError(found.detail)
        return found

    def _district(self, text: str) -> District | None:
        if not text or _key(text) in _no_district():
            return None
        found = self.districts_by_name.get(_key(text), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CellError(f"چند منطقه «{text}» نام دارند؛ شماره منطقه را بنویسید.")
        number = _key(text).removeprefix("منطقه").strip()
        if number.isdigit() and int(number) in self.districts_by_number:
            return self.districts_by_number[int(number)]
        raise CellError(f"منطقه «{text}» در این شهرداری نیست.")

    def _unit(self, text: str) -> Unit | None:
        if not text:
            return None
        found = self.units_by_code.get(_key(text)) or self.units_by_name.get(_key(text), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CellError(f"چند واحد «{text}» نام دارند؛ کد واحد را بنویسید.")
        raise CellError(f"واحد اجرایی «{text}» در این شهرداری نیست.")

    def _sector(self, text: str) -> Sector | None:
        found = self.sectors_by_code.get(_key(text)) or self.sectors_by_name.get(_key(text), [])
        return found[0] if len(found) == 1 else None

    def _sectors(self, text: str) -> list[Sector]:
        if not text:
            return []
        whole = self._sector(text)
        if whole is not None:
            return [whole]
        sectors: list[Sector] = []
        for piece in _SECTOR_PIECES.finditer(text):
            part = (piece["quoted"] if piece["quoted"] is not None else piece["bare"]).strip()
            if not part:
                continue
            sector = self._sector(part)
            if sector is None:
                raise CellError(f"حوزه «{part}» در این شهرداری نیست.")
            if sector not in sectors:
                sectors.append(sector)
        return sectors

    def _names(self, sector_ids: Iterable[int] | None) -> list[str]:
        return [self.sectors_by_id[pk].name for pk in sector_ids or ()]

    def _slug_for(self, title: str, code: str, *, old: str | None) -> str:
        """A slug unique in the city, built as the registry's services build it."""
        base = services.project_slug_base(title, code)
        slug, n = base, 1
        while slug in self.slugs and slug != old:
            n += 1
            slug = f"{base}-{n}"
        if old is not None and old != slug:
            self.slugs.discard(old)
        self.slugs.add(slug)
        return slug


_KEPT_WHEN_EMPTY = frozenset({"status", "physical_progress_pct", "credit_rial", "is_headline"})


@functools.cache
def _no_district() -> frozenset[str]:
    # On first use, not at import: search keys load the Persian lexicon (about 40 MB).
    return frozenset(_key(w) for w in ("فرامنطقه‌ای", "فرا منطقه‌ای", "فرامنطقه ای", "-"))


# A list of sectors: names apart by any of the separators, a name holding one written in «».
_SECTOR_PIECES = re.compile(r"«(?P<quoted>[^»]*)»|(?P<bare>[^،,؛;|«»]+)")
# Model field names (in the registry's ValidationError) that differ from template column keys.
_FIELD_COLUMN = {"credit_rial": "credit", "kind": "ceremony_kind"}
_FIELD_LABELS = {column.key: column.header for column in tpl.TEMPLATE} | {"credit_rial": "اعتبار"}


def _read_code(cell: Cell) -> str:
    """The code as the registry's services clean it (normalised, Latin digits, safe alphabet)."""
    try:
        return clean_project_code(text_of(cell))
    except ValidationError as exc:
        raise CellError(exc.message) from exc


def _read_size(cell: Cell) -> int | None:
    number = read_whole_number(cell)
    if number is not None and number > MAX_POSITIVE_INT:
        raise CellError(f"«{text_of(cell)}» بیش از اندازه بزرگ است.")
    return number


def _same(project: Project, name: str, value: Any) -> bool:
    if name in ("district", "unit"):
        return bool(getattr(project, f"{name}_id") == (value.pk if value is not None else None))
    return bool(getattr(project, name) == value)
