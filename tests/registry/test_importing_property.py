"""Property: whatever rows or bytes come in, no exception escapes and nothing is half-written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from jahesh.registry.importing import ImportRejectedError, projects_import
from jahesh.registry.models import Ceremony, Municipality, Project, Role
from tests.registry.spreadsheets import HEADERS, csv_bytes, furnish, xlsx_bytes

PLAUSIBLE: dict[str, list[str]] = {
    "کد پروژه": ["P-1", "P-2", "۳", "", "P-1 "],
    "عنوان": ["پل غدیر", "", "بوستان ولایت", "ب" * 310],
    "حوزه": ["راه و معابر", "parks، sport", "آموزش", ""],
    "منطقه": ["منطقه 1", "۲", "9", "فرامنطقه‌ای", ""],
    "واحد اجرایی": ["D-CIV", "سازمان پارک‌ها", "ناشناس", ""],
    "وضعیت": ["در حال اجرا", "completion", "نیمه", ""],
    "پیشرفت فیزیکی": ["85", "۱۰۰٪", "101", "-1", "0.5", ""],
    "اعتبار (تومان)": ["1,000", "۱۲٬۰۰۰", "-5", "abc", "9" * 25, ""],
    "تاریخ شروع": ["1402/01/01", "۱۴۰۲/۱۳/۰۱", "2023-02-30", "2023-06-24", ""],
    "تاریخ پایان": ["1401/01/01", "1403/12/30", "1403/12/31", ""],
    "عرض جغرافیایی": ["29.6", "۲۹٫۶", "95", "x", ""],
    "طول جغرافیایی": ["52.5", "", "200"],
    "شاخص": ["بله", "خیر", "شاید", ""],
    "نوع آیین": ["افتتاح", "کلنگ‌زنی", "جشن", ""],
    "آماده از": ["1402/01/01", "1401/12/29", "", "fish"],
    "آخرین موعد": ["1402/06/31", "1401/01/01", ""],
}


def cell_for(header: str) -> st.SearchStrategy[str]:
    # Mostly values a person might type (good and bad), sometimes anything at all.
    plausible = st.sampled_from(PLAUSIBLE.get(header, [""]))
    return st.one_of(plausible, plausible, plausible, plausible, plausible, st.text(max_size=30))


rows_strategy = st.lists(st.tuples(*(cell_for(h) for h in HEADERS)), min_size=1, max_size=6)


def snapshot() -> tuple[Any, ...]:
    through = Project.sectors.through
    return (
        sorted(Project.objects.values_list()),
        sorted(Ceremony.objects.values_list()),
        sorted(through.objects.values_list("project_id", "sector_id")),
        Project.history.count(),
        Ceremony.history.count(),
    )


@pytest.fixture
def scene(city_a: Municipality, member_of: Callable[..., Any]) -> tuple[Municipality, Any]:
    return furnish(city_a), member_of(city_a, Role.EDITOR)


def import_or_refuse(scene: tuple[Municipality, Any], data: bytes) -> None:
    city, editor = scene
    before = snapshot()
    refusal: ImportRejectedError | None = None
    try:
        result = projects_import(by=editor, municipality=city, data=data)
    except ImportRejectedError as error:
        refusal = error
    if refusal is not None:
        event("refused")
        assert refusal.problems
        assert all(problem.message for problem in refusal.problems)
        assert snapshot() == before
    else:
        event("imported")
        codes = {outcome.code for outcome in result.rows}
        assert set(Project.objects.filter(code__in=codes).values_list("code", flat=True)) == codes


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=rows_strategy, as_xlsx=st.booleans())
def test_random_rows_are_imported_whole_or_refused_whole(
    scene: tuple[Municipality, Any], rows: list[tuple[str, ...]], as_xlsx: bool
) -> None:
    # XLSX cannot hold control characters; those rows go by CSV only.
    printable = all(c.isprintable() for r in rows for cell in r for c in cell)
    data = xlsx_bytes([HEADERS, *rows]) if as_xlsx and printable else csv_bytes([HEADERS, *rows])
    import_or_refuse(scene, data)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2000))
def test_random_bytes_are_refused_with_a_sentence(
    scene: tuple[Municipality, Any], data: bytes
) -> None:
    import_or_refuse(scene, data)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(header=st.lists(st.text(max_size=20), max_size=8), body=st.lists(st.text(max_size=20)))
def test_random_headers_never_raise_anything_but_a_refusal(
    scene: tuple[Municipality, Any], header: list[str], body: list[str]
) -> None:
    import_or_refuse(scene, csv_bytes([header, body]))
