"""Exporting projects in the import template, and the round trip export → import."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from jahesh.core.errors import PermissionDeniedError
from jahesh.persian import to_persian_digits
from jahesh.registry.exporting import projects_export
from jahesh.registry.importing import projects_import
from jahesh.registry.importing.template import template_headers
from jahesh.registry.models import (
    CeremonyKind,
    CeremonyStatus,
    CreditUnit,
    Municipality,
    Project,
    Role,
    Sector,
)
from tests.registry.factories import (
    CeremonyFactory,
    DistrictFactory,
    ProjectFactory,
    SectorFactory,
)
from tests.registry.spreadsheets import BRIDGE, furnish, import_rows, row


@pytest.fixture
def varied_city(city: Municipality, editor: Any) -> Municipality:
    """Projects of every shape: full and sparse rows, ambiguous names, several ceremonies."""
    import_rows(
        editor,
        city,
        [
            row(**BRIDGE),
            row(code="P-2", title="بوستان بی‌نام", status="تکمیل", progress="100"),
            row(code="P-3", title="تقاطع", credit="1", kind="کلنگ‌زنی", ready="1402/01/15"),
        ],
    )
    # Two districts with one name, and a sector name holding a separator: only numbers and
    # codes identify them.
    DistrictFactory(municipality=city, number=7, name="مرکزی")
    twin = DistrictFactory(municipality=city, number=8, name="مرکزی")
    comma = SectorFactory(municipality=city, code="csr", name="فرهنگ، ورزش و تفریح")
    project = ProjectFactory(
        municipality=city,
        code="P-4",
        title="فرهنگسرای مرکزی",
        slug="farhangsara",
        district=twin,
        credit_rial=123_456_789_012_345_678,
        latitude=Decimal("29.123456"),
        longitude=Decimal("52.000001"),
        area_m2=2_500,
        sectors=[comma, Sector.objects.get(municipality=city, code="roads")],
    )
    CeremonyFactory(
        project=project,
        kind=CeremonyKind.GROUNDBREAKING,
        status=CeremonyStatus.HELD,
        ready_from=dt.date(2022, 1, 1),
        latest_date=None,
    )
    CeremonyFactory(project=project, kind=CeremonyKind.INAUGURATION)
    return city


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_then_import_changes_nothing(
    varied_city: Municipality, editor: Any, file_format: Any
) -> None:
    before = Project.history.count()
    data = projects_export(by=editor, municipality=varied_city, file_format=file_format)

    result = projects_import(by=editor, municipality=varied_city, data=data)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    assert (result.ceremonies_created, result.ceremonies_updated) == (0, 0)
    assert Project.history.count() == before


def test_an_export_imported_into_another_city_recreates_the_projects(
    city: Municipality, city_b: Municipality, editor: Any, member_of: Callable[..., Any]
) -> None:
    import_rows(editor, city, [row(**BRIDGE)])
    furnish(city_b)
    data = projects_export(by=editor, municipality=city, file_format="csv")

    projects_import(by=member_of(city_b, Role.EDITOR), municipality=city_b, data=data)

    copy, original = (
        Project.objects.get(municipality=city_b),
        Project.objects.get(municipality=city),
    )
    fields = ["code", "title", "credit_rial", "start_date", "latitude", "is_headline", "status"]
    assert [getattr(copy, f) for f in fields] == [getattr(original, f) for f in fields]
    assert copy.district.number == original.district.number  # type: ignore[union-attr]
    assert copy.ceremonies.get().ready_from == original.ceremonies.get().ready_from


def test_the_xlsx_has_the_template_headers_jalali_dates_and_is_right_to_left(
    city: Municipality, editor: Any
) -> None:
    import_rows(editor, city, [row(**BRIDGE)])

    data = projects_export(by=editor, municipality=city, credit_unit=CreditUnit.TOMAN)

    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [h.replace("ریال", "تومان") for h in template_headers()]
    exported = dict(zip(rows[0], rows[1], strict=True))
    assert exported["اعتبار (تومان)"] == 181_000_000_000
    assert exported["تاریخ شروع"] == to_persian_digits("1401/11/13")
    assert exported["منطقه"] == "منطقه 2"
    assert exported["حوزه"] == "راه و معابر، فضای سبز"
    assert sheet.sheet_view.rightToLeft


def test_tomans_fall_back_to_rials_when_a_credit_has_a_fraction_of_a_toman(
    city: Municipality, editor: Any
) -> None:
    ProjectFactory(municipality=city, credit_rial=15)

    data = projects_export(by=editor, municipality=city, file_format="csv", credit_unit="toman")

    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").splitlines()[0]
    assert "اعتبار (ریال)" in header
    assert "تومان" not in header


def test_ambiguous_names_are_exported_as_numbers_and_codes(
    varied_city: Municipality, editor: Any
) -> None:
    data = projects_export(by=editor, municipality=varied_city, file_format="csv")

    line = next(x for x in data.decode("utf-8-sig").splitlines() if x.startswith("P-4,"))
    assert ",8," in line
    assert "راه و معابر، «فرهنگ، ورزش و تفریح»" in line


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
@pytest.mark.parametrize(
    "name", ["فرهنگ، ورزش و تفریح", "آب, فاضلاب", "ایمنی؛ بحران", "پل | تونل", "حمل‌ونقل"]
)
def test_a_sector_name_with_any_separator_round_trips_by_name(
    city: Municipality,
    city_b: Municipality,
    editor: Any,
    member_of: Callable[..., Any],
    name: str,
    file_format: Any,
) -> None:
    """The names travel, not the codes: another city with other codes reads them back."""
    for place, code in ((city, "mine"), (city_b, "theirs")):
        SectorFactory(municipality=place, code=code, name=name)
        SectorFactory(municipality=place, code=f"{code}-2", name="راه")
    both = list(Sector.objects.filter(municipality=city, code__in=["mine", "mine-2"]))
    ProjectFactory(
        municipality=city,
        code="P-9",
        title="پروژه چندحوزه‌ای",
        district=None,
        unit=None,
        sectors=both,
    )
    data = projects_export(by=editor, municipality=city, file_format=file_format)

    projects_import(by=member_of(city_b, Role.EDITOR), municipality=city_b, data=data)

    copy = Project.objects.get(municipality=city_b, code="P-9")
    assert sorted(s.code for s in copy.sectors.all()) == ["theirs", "theirs-2"]


def test_only_members_of_the_city_may_export(
    city: Municipality, city_b: Municipality, member_of: Callable[..., Any], outsider: Any
) -> None:
    for user in (member_of(city_b, Role.ADMIN), outsider):
        with pytest.raises(PermissionDeniedError):
            projects_export(by=user, municipality=city)
    assert projects_export(by=member_of(city, Role.VIEWER), municipality=city)


def test_the_export_command_writes_a_file_the_import_command_reads_back(
    varied_city: Municipality, tmp_path: Path
) -> None:
    output = tmp_path / "projects.xlsx"
    out, err = io.StringIO(), io.StringIO()

    call_command("export", "projects", municipality=varied_city.slug, output=output, stdout=out)
    call_command(
        "import", "projects", str(output), municipality=varied_city.slug, stdout=out, stderr=err
    )

    assert output.stat().st_size > 0
    assert "۰ پروژه تازه، ۰ به‌روزرسانی، ۴ بی‌تغییر" in out.getvalue()


def test_a_title_that_looks_like_a_formula_stays_text_in_the_xlsx(
    city: Municipality, editor: Any
) -> None:
    title = '=HYPERLINK("http://example.invalid","بوستان")'
    ProjectFactory(municipality=city, code="P-9", title=title, slug="formula")

    data = projects_export(by=editor, municipality=city, file_format="xlsx")

    sheet = load_workbook(io.BytesIO(data)).active
    cell = next(c for c in sheet["B"] if c.value == title)
    assert cell.data_type == "s"
    result = projects_import(by=editor, municipality=city, data=data)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert Project.objects.get(municipality=city, code="P-9").title == title


HOSTILE_TEXTS = {
    "title": '=HYPERLINK("http://example.invalid","بوستان")',
    "contractor": "+cmd|' /C calc'!A0",
    "description": "@SUM(A1)*cmd|' /C calc'!A0",
}


def test_the_csv_export_makes_every_formula_like_text_inert_and_reads_back_unchanged(
    city: Municipality, editor: Any, tmp_path: Path
) -> None:
    ProjectFactory(municipality=city, code="P-9", slug="formula", **HOSTILE_TEXTS)
    output = tmp_path / "projects.csv"

    call_command("export", "projects", municipality=city.slug, output=output, stdout=io.StringIO())

    cells = [
        cell for line in csv.reader(io.StringIO(output.read_text("utf-8-sig"))) for cell in line
    ]
    for text in HOSTILE_TEXTS.values():
        assert "'" + text in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]
    result = projects_import(by=editor, municipality=city, data=output.read_bytes())
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    project = Project.objects.get(municipality=city, code="P-9")
    assert {name: getattr(project, name) for name in HOSTILE_TEXTS} == HOSTILE_TEXTS
