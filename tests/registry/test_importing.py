"""Importing projects from the XLSX/CSV template: happy paths, re-imports, dry runs, history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jahesh.registry import selectors, services
from jahesh.registry.importing import projects_import, projects_imported
from jahesh.registry.models import (
    Ceremony,
    CeremonyKind,
    Municipality,
    Project,
    ProjectStatus,
    Role,
)
from tests.registry.spreadsheets import (
    BRIDGE,
    csv_bytes,
    import_rows,
    row,
)


def assert_is_the_bridge(project: Project) -> None:
    assert project.title == "پل غدیر"  # spacing and Arabic yeh normalised
    assert project.description == "پل چهارخطه روی رودخانه"
    assert sorted(s.code for s in project.sectors.all()) == ["parks", "roads"]
    assert project.district is not None
    assert project.district.number == 2
    assert project.unit is not None
    assert project.unit.code == "D-CIV"
    assert project.contractor == "شرکت سازه"
    assert project.status == ProjectStatus.IMPLEMENTATION
    assert project.physical_progress_pct == 85
    assert project.credit_rial == 1_810_000_000_000
    assert project.start_date == dt.date(2023, 2, 2)
    assert project.planned_end_date == dt.date(2024, 3, 19)
    assert project.latitude == Decimal("29.610300")
    assert project.longitude == Decimal("52.531100")
    assert project.length_m == 1200
    assert project.area_m2 is None
    assert project.is_headline is True
    ceremony = project.ceremonies.get()
    assert ceremony.kind == CeremonyKind.INAUGURATION
    assert ceremony.ready_from == dt.date(2023, 2, 9)
    assert ceremony.latest_date == dt.date(2023, 6, 21)


@pytest.mark.parametrize("as_csv", [False, True], ids=["xlsx", "csv"])
def test_a_file_creates_projects_with_sectors_district_unit_and_ceremony(
    city: Municipality, editor: Any, as_csv: bool
) -> None:
    result = import_rows(editor, city, [row(**BRIDGE)], as_csv=as_csv)

    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)
    assert result.ceremonies_created == 1
    assert_is_the_bridge(Project.objects.get(municipality=city, code="P-101"))


def test_persian_digits_and_separators_read_like_latin_ones(
    city: Municipality, editor: Any
) -> None:
    persian_bridge = {
        **BRIDGE,
        "district": "۲",
        "progress": "۸۵٪",
        "credit": "۱۸۱٬۰۰۰٬۰۰۰٬۰۰۰",
        "start": "۱۴۰۱/۱۱/۱۳",
        "end": "۲۰۲۴-۰۳-۱۹",
        "lat": "۲۹٫۶۱۰۳",
        "lng": "۵۲٫۵۳۱۱",
        "length": "۱٬۲۰۰",
        "ready": "۱۴۰۱/۱۱/۲۰",
        "latest": "۱۴۰۲/۰۳/۳۱",
    }
    import_rows(editor, city, [row(**persian_bridge)], as_csv=True)

    assert_is_the_bridge(Project.objects.get(municipality=city, code="P-101"))


def test_excel_numbers_and_dates_are_read_from_typed_cells(city: Municipality, editor: Any) -> None:
    typed = {
        **BRIDGE,
        "code": "P-101",
        "district": 2,
        "progress": 85,
        "credit": 181_000_000_000,
        "start": dt.date(2023, 2, 2),
        "end": dt.datetime(2024, 3, 19),
        "lat": 29.6103,
        "lng": 52.5311,
        "length": 1200,
        "headline": True,
        "ready": dt.date(2023, 2, 9),
        "latest": dt.date(2023, 6, 21),
    }
    import_rows(editor, city, [row(**typed)])

    assert_is_the_bridge(Project.objects.get(municipality=city, code="P-101"))


def test_a_credit_in_rials_and_header_variants_are_understood(
    city: Municipality, editor: Any
) -> None:
    data = csv_bytes(
        [
            ["کد", "نام پروژه", "حوزه‌ها", "شماره منطقه", "اعتبار(ریال)", "درصد پیشرفت", "وضعیت"],
            ["P-7", "بوستان", "parks", "3", "2500000", "40%", "implementation"],
        ],
        bom=False,
    )
    projects_import(by=editor, municipality=city, data=data)

    project = Project.objects.get(municipality=city, code="P-7")
    assert project.credit_rial == 2_500_000
    assert project.district is not None
    assert project.district.number == 3
    assert [s.code for s in project.sectors.all()] == ["parks"]
    assert project.physical_progress_pct == 40


def test_a_credit_in_billion_tomans_may_have_a_fraction(city: Municipality, editor: Any) -> None:
    data = csv_bytes([["کد پروژه", "عنوان", "اعتبار (میلیارد تومان)"], ["P-8", "ورزشگاه", "۱۲٫۵"]])
    projects_import(by=editor, municipality=city, data=data)

    assert Project.objects.get(code="P-8").credit_rial == 125_000_000_000


def test_imported_projects_get_slugs_and_search_text_like_service_made_ones(
    city: Municipality, editor: Any
) -> None:
    made = services.project_create(by=editor, municipality=city, code="S-1", title="پل غدیر")
    import_rows(editor, city, [row(**BRIDGE)])

    imported = Project.objects.get(code="P-101")
    assert imported.slug != made.slug
    assert imported.slug.startswith(made.slug)
    found = selectors.project_list(user=editor, municipality=city, query="منطقه ۲ غدير")
    assert list(found) == [imported]
    assert list(selectors.project_list(user=editor, municipality=city, query="سازه")) == [imported]


def test_reimporting_updates_projects_by_code_instead_of_duplicating(
    city: Municipality, editor: Any
) -> None:
    import_rows(editor, city, [row(**BRIDGE)])
    changed = {**BRIDGE, "title": "پل غدیر (بازسازی)", "progress": "95", "sectors": "ورزشی"}

    result = import_rows(editor, city, [row(**changed), row(code="P-102", title="تازه")])

    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert Project.objects.filter(municipality=city).count() == 2
    project = Project.objects.get(code="P-101")
    assert project.title == "پل غدیر (بازسازی)"
    assert project.physical_progress_pct == 95
    assert [s.code for s in project.sectors.all()] == ["sport"]
    assert project.ceremonies.count() == 1
    update = result.rows[0]
    assert update.action == "update"
    assert set(update.changed) == {"عنوان", "پیشرفت فیزیکی", "حوزه"}


def test_reimporting_the_same_file_changes_nothing(city: Municipality, editor: Any) -> None:
    import_rows(editor, city, [row(**BRIDGE)])
    before = Project.history.count(), Ceremony.history.count()

    result = import_rows(editor, city, [row(**BRIDGE)])

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert (Project.history.count(), Ceremony.history.count()) == before


def test_a_new_ready_date_updates_the_projects_ceremony_of_that_kind(
    city: Municipality, editor: Any
) -> None:
    import_rows(editor, city, [row(**BRIDGE)])

    result = import_rows(editor, city, [row(**{**BRIDGE, "ready": "1401/12/01"})])

    ceremony = Ceremony.objects.get(project__code="P-101")
    assert ceremony.ready_from == dt.date(2023, 2, 20)
    assert result.ceremonies_updated == 1
    assert result.rows[0].changed == ("آیین",)


def test_an_empty_cell_keeps_a_required_value_but_clears_an_optional_one(
    city: Municipality, editor: Any
) -> None:
    import_rows(editor, city, [row(**BRIDGE)])

    import_rows(
        editor, city, [row(**{**BRIDGE, "credit": "", "contractor": "", "lat": "", "lng": ""})]
    )

    project = Project.objects.get(code="P-101")
    assert project.credit_rial == 1_810_000_000_000
    assert project.contractor == ""
    assert project.latitude is None


def test_dry_run_reports_the_plan_and_writes_nothing(city: Municipality, editor: Any) -> None:
    result = import_rows(editor, city, [row(**BRIDGE), row(code="P-2", title="دوم")], dry_run=True)

    assert result.dry_run
    assert (result.created, result.ceremonies_created) == (2, 1)
    assert "آزمایشی" in result.summary()
    assert not Project.objects.exists()
    assert not Ceremony.objects.exists()


def test_imports_keep_history_with_the_importing_user(city: Municipality, editor: Any) -> None:
    import_rows(editor, city, [row(**BRIDGE)])
    import_rows(editor, city, [row(**{**BRIDGE, "progress": "90"})])

    records = Project.history.filter(code="P-101").order_by("history_date")
    assert [r.history_type for r in records] == ["+", "~"]
    assert {r.history_user for r in records} == {editor}
    assert records[0].history_change_reason == "ورود از فایل"
    assert "پیشرفت فیزیکی" in records[1].history_change_reason
    assert Ceremony.history.filter(project_id=records[0].id).count() == 1


def test_a_real_import_announces_the_written_projects(city: Municipality, editor: Any) -> None:
    heard: list[dict[str, Any]] = []

    def listen(**kwargs: Any) -> None:
        heard.append(kwargs)

    projects_imported.connect(listen, dispatch_uid="test-listener")
    try:
        import_rows(editor, city, [row(**BRIDGE)], dry_run=True)
        import_rows(editor, city, [row(**BRIDGE)])
    finally:
        projects_imported.disconnect(dispatch_uid="test-listener")

    assert len(heard) == 1
    assert heard[0]["municipality"] == city
    assert heard[0]["project_ids"] == [Project.objects.get(code="P-101").pk]


def test_the_system_actor_may_import(city: Municipality) -> None:
    system = services.system_actor_ensure()

    import_rows(system, city, [row(code="P-1", title="یک")])

    assert Project.history.get().history_user == system


@pytest.mark.parametrize("role", [Role.EDITOR, Role.PLANNER, Role.PUBLISHER, Role.ADMIN])
def test_editors_and_above_may_import(
    city: Municipality, member_of: Callable[..., Any], role: str
) -> None:
    user = member_of(city, role)

    assert import_rows(user, city, [row(code="P-1", title="یک")]).created == 1


def test_the_number_of_queries_does_not_grow_with_the_rows(city: Municipality, editor: Any) -> None:
    def queries_for(count: int, prefix: str) -> int:
        rows = [row(**{**BRIDGE, "code": f"{prefix}-{n}"}) for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            import_rows(editor, city, rows)
        return len(captured.captured_queries)

    assert queries_for(3, "A") == queries_for(40, "B")


def test_history_records_hold_the_values_written(city: Municipality, editor: Any) -> None:
    import_rows(editor, city, [row(**BRIDGE)])
    import_rows(editor, city, [row(**{**BRIDGE, "progress": "90", "lat": "30.1", "lng": "51"})])

    project = Project.objects.get(code="P-101")
    record = project.history.latest()
    for field in ("title", "credit_rial", "physical_progress_pct", "latitude", "start_date"):
        assert getattr(record, field) == getattr(project, field), field
    assert record.history_date == project.updated_at
    assert record.history_date.tzinfo is not None
