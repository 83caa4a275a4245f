"""Write a city's projects in the import template, as XLSX or CSV.

The file reads back with ``projects_import`` without changing anything: names are written where
they identify one row, codes or numbers where they would not, and the credit column is in tomans
only when every credit is a whole number of tomans.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from jahesh import persian
from jahesh.core.csv_files import CsvWriter
from jahesh.registry import selectors
from jahesh.registry.importing import principal_ceremony
from jahesh.registry.importing import template as tpl
from jahesh.registry.models import (
    CeremonyKind,
    CreditUnit,
    District,
    Municipality,
    Project,
    ProjectStatus,
    Sector,
    Unit,
)
from jahesh.registry.permissions import Actor

FileFormat = Literal["xlsx", "csv"]
SHEET_TITLE = "پروژه‌ها"
# Excel keeps 15 significant digits; larger whole numbers travel as text to stay exact.
_EXACT_IN_A_SPREADSHEET = 2**53
_SEPARATORS = ("،", ",", "؛", ";", "|")

Value = str | int | float | None


def projects_export(
    *,
    by: Actor,
    municipality: Municipality,
    file_format: FileFormat = "xlsx",
    credit_unit: str | None = None,
) -> bytes:
    """Return the city's projects (published or not) as a template file; for the city's staff.

    ``credit_unit`` is ``"rial"`` or ``"toman"`` (the city's display unit by default); tomans
    fall back to rials when some credit is not a whole number of tomans.
    """
    projects = list(
        selectors.project_list(user=by, municipality=municipality).prefetch_related("ceremonies")
    )
    unit = credit_unit or municipality.credit_display_unit
    if unit == CreditUnit.TOMAN and any(p.credit_rial % tpl.RIAL_PER_TOMAN for p in projects):
        unit = CreditUnit.RIAL
    columns = [tpl.credit_column_for(unit) if c.key == "credit" else c for c in tpl.TEMPLATE]
    labels = _Labels(municipality)
    rows = (_row(project, columns, labels) for project in projects)
    headers = [c.header for c in columns]
    if file_format == "csv":
        return _csv(headers, rows)
    return _xlsx(headers, rows)


class _Labels:
    """How to name a district, unit or sector so that the importer finds that very row."""

    def __init__(self, municipality: Municipality) -> None:
        districts = list(District.objects.filter(municipality=municipality))
        units = list(Unit.objects.filter(municipality=municipality))
        sectors = list(Sector.objects.filter(municipality=municipality))
        key = persian.search_key
        self.district_names = Counter(key(d.name) for d in districts)
        self.unit_keys = Counter(key(u.name) for u in units) + Counter(key(u.code) for u in units)
        self.sector_keys = Counter(key(s.name) for s in sectors) + Counter(
            key(s.code) for s in sectors
        )

    def district(self, district: District | None) -> str:
        if district is None:
            return ""
        name_is_unique = self.district_names[persian.search_key(district.name)] == 1
        return district.name if name_is_unique else str(district.number)

    def unit(self, unit: Unit | None) -> str:
        if unit is None:
            return ""
        return unit.name if self.unit_keys[persian.search_key(unit.name)] == 1 else unit.code

    def sectors(self, sectors: Iterable[Sector]) -> str:
        """Name each sector; a name holding a list separator goes in «», which the importer
        reads as one name (the code stands in only for a name shared or holding «»)."""
        parts = []
        for sector in sectors:
            name = sector.name
            if self.sector_keys[persian.search_key(name)] != 1 or "«" in name or "»" in name:
                parts.append(sector.code)
            elif any(sep in name for sep in _SEPARATORS):
                parts.append(f"«{name}»")
            else:
                parts.append(name)
        return "، ".join(parts)


def _date(value: dt.date | None) -> str:
    return persian.format_jalali(value, "short") if value else ""


def _whole(value: int | None) -> Value:
    if value is None:
        return None
    return value if value < _EXACT_IN_A_SPREADSHEET else str(value)


def _coordinate(value: Decimal | None) -> Value:
    return None if value is None else format(value.normalize(), "f")


def _row(project: Project, columns: list[tpl.Column], labels: _Labels) -> list[Value]:
    ceremony = principal_ceremony(list(project.ceremonies.all()))
    values: dict[str, Value] = {
        "code": project.code,
        "title": project.title,
        "description": project.description,
        "sectors": labels.sectors(project.sectors.all()),
        "district": labels.district(project.district),
        "unit": labels.unit(project.unit),
        "contractor": project.contractor,
        "status": ProjectStatus(project.status).label,
        "physical_progress_pct": project.physical_progress_pct,
        "start_date": _date(project.start_date),
        "planned_end_date": _date(project.planned_end_date),
        "latitude": _coordinate(project.latitude),
        "longitude": _coordinate(project.longitude),
        "length_m": _whole(project.length_m),
        "area_m2": _whole(project.area_m2),
        "is_headline": "بله" if project.is_headline else "خیر",
        "ceremony_kind": CeremonyKind(ceremony.kind).label if ceremony else None,
        "ready_from": _date(ceremony.ready_from) if ceremony else None,
        "latest_date": _date(ceremony.latest_date) if ceremony else None,
    }
    row: list[Value] = []
    for column in columns:
        if column.key == "credit":
            row.append(_whole(project.credit_rial // column.rial_multiplier))
        else:
            row.append(values[column.key])
    return row


def _csv(headers: list[str], rows: Iterable[list[Value]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = CsvWriter(buffer)
    writer.writerow(headers)
    # Text a spreadsheet would run gets an apostrophe; the importer's CSV reader removes it.
    writer.writerows(rows)
    # The byte-order mark makes Excel open the file as UTF-8 instead of the system code page.
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _xlsx(headers: list[str], rows: Iterable[list[Value]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.sheet_view.rightToLeft = True
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_as_text_cell(sheet, v) if _looks_like_formula(v) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _looks_like_formula(value: Value) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _as_text_cell(sheet: Any, value: Value) -> WriteOnlyCell:
    # openpyxl writes any string starting with «=» as a live formula: a title such as
    # «=HYPERLINK(…)» would run in the reader's spreadsheet and not read back as the title.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
