"""Spreadsheet files and a city scene for the import and export tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import pytest
from openpyxl import Workbook

from jahesh.registry.importing import ImportRejectedError, projects_import
from jahesh.registry.models import Municipality
from tests.registry.factories import DistrictFactory, SectorFactory, UnitFactory

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


def xlsx_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[Any]], *, bom: bool = True, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def row(**cells: Any) -> list[Any]:
    """A data row in HEADERS order from a few named cells (the rest empty)."""
    names = {
        "code": "کد پروژه",
        "title": "عنوان",
        "description": "شرح",
        "sectors": "حوزه",
        "district": "منطقه",
        "unit": "واحد اجرایی",
        "contractor": "پیمانکار",
        "status": "وضعیت",
        "progress": "پیشرفت فیزیکی",
        "credit": "اعتبار (تومان)",
        "start": "تاریخ شروع",
        "end": "تاریخ پایان",
        "lat": "عرض جغرافیایی",
        "lng": "طول جغرافیایی",
        "length": "طول (متر)",
        "area": "مساحت (مترمربع)",
        "headline": "شاخص",
        "kind": "نوع آیین",
        "ready": "آماده از",
        "latest": "آخرین موعد",
    }
    by_header = {names[key]: value for key, value in cells.items()}
    return [by_header.get(header, "") for header in HEADERS]


def import_rows(
    by: Any, city: Municipality, rows: Sequence[Sequence[Any]], *, as_csv: bool = False, **kw: Any
) -> Any:
    data = csv_bytes([HEADERS, *rows]) if as_csv else xlsx_bytes([HEADERS, *rows])
    return projects_import(by=by, municipality=city, data=data, **kw)


def rejection(by: Any, city: Municipality, data: bytes) -> ImportRejectedError:
    with pytest.raises(ImportRejectedError) as caught:
        projects_import(by=by, municipality=city, data=data)
    return caught.value


def messages_of(error: ImportRejectedError) -> str:
    return "\n".join(problem.message for problem in error.problems)


BRIDGE = {
    "code": "P-101",
    "title": "پل  غدير",
    "description": "پل چهارخطه روی رودخانه",
    "sectors": "راه و معابر، فضای سبز",
    "district": "منطقه 2",
    "unit": "معاونت عمرانی",
    "contractor": "شرکت سازه",
    "status": "در حال اجرا",
    "progress": "85",
    "credit": "181,000,000,000",
    "start": "1401/11/13",
    "end": "2024-03-19",
    "lat": "29.6103",
    "lng": "52.5311",
    "length": "1200",
    "area": "",
    "headline": "بله",
    "kind": "افتتاح",
    "ready": "1401/11/20",
    "latest": "1402/03/31",
}


def furnish(city: Municipality) -> Municipality:
    """Give the city three districts, two units and three sectors."""
    for number in (1, 2, 3):
        DistrictFactory(municipality=city, number=number, name=f"منطقه {number}")
    UnitFactory(municipality=city, code="D-CIV", name="معاونت عمرانی")
    UnitFactory(municipality=city, code="O-PARK", name="سازمان پارک‌ها")
    SectorFactory(municipality=city, code="roads", name="راه و معابر")
    SectorFactory(municipality=city, code="parks", name="فضای سبز")
    SectorFactory(municipality=city, code="sport", name="ورزشی")
    return city
