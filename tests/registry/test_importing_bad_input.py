"""Bad files and bad rows: a Persian sentence naming row and column, and nothing written."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError
from openpyxl import Workbook

from jahesh.core.errors import PermissionDeniedError
from jahesh.registry.importing import ImportRejectedError, projects_import, writing
from jahesh.registry.models import Ceremony, Municipality, Project, Role
from tests.registry.factories import DistrictFactory, SectorFactory
from tests.registry.spreadsheets import (
    BRIDGE,
    HEADERS,
    csv_bytes,
    import_rows,
    messages_of,
    rejection,
    row,
    xlsx_bytes,
)


def only_problem(error: ImportRejectedError) -> str:
    assert len(error.problems) == 1, messages_of(error)
    return error.problems[0].message


def test_an_empty_file_is_refused(city: Municipality, editor: Any) -> None:
    assert "فایل خالی است" in only_problem(rejection(editor, city, b""))
    assert "فایل خالی است" in only_problem(rejection(editor, city, b" \r\n\n"))


def test_a_file_with_only_headers_is_refused(city: Municipality, editor: Any) -> None:
    error = rejection(editor, city, csv_bytes([HEADERS, ["", ""]]))

    assert "ردیفی ندارد" in only_problem(error)


def test_binary_junk_is_refused_with_a_sentence(city: Municipality, editor: Any) -> None:
    junk = bytes(range(256)) * 40

    assert "متن نیست" in only_problem(rejection(editor, city, junk))


def test_a_broken_xlsx_is_refused(city: Municipality, editor: Any) -> None:
    broken = xlsx_bytes([HEADERS, row(code="P-1", title="یک")])[:2000]

    assert "فایل اکسل خوانده نشد" in only_problem(rejection(editor, city, broken))


def test_an_old_xls_file_is_refused_with_advice(city: Municipality, editor: Any) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600

    assert "XLSX" in only_problem(rejection(editor, city, ole))


def test_a_csv_not_in_utf8_is_refused_with_advice(city: Municipality, editor: Any) -> None:
    # Windows-1256, what older Persian Excel saves; it has no Persian yeh, so the text avoids it.
    data = csv_bytes([["کد پروژه", "عنوان"], ["P-1", "پل شهدا"]], bom=False, encoding="cp1256")

    message = only_problem(rejection(editor, city, data))

    assert "UTF-8" in message


def test_missing_and_unknown_headers_are_named(city: Municipality, editor: Any) -> None:
    data = csv_bytes([["عنوان", "رنگ", "اعتبار"], ["پل", "سبز", "10"]])

    text = messages_of(rejection(editor, city, data))

    assert "ستون «کد پروژه» نیست" in text
    assert "ستون «رنگ»: این ستون در قالب نیست." in text
    assert "ستون «اعتبار»: واحد اعتبار روشن نیست" in text
    assert "ستون‌های قالب:" in text


def test_a_column_given_twice_is_refused(city: Municipality, editor: Any) -> None:
    data = csv_bytes(
        [["کد پروژه", "عنوان", "اعتبار (ریال)", "اعتبار (تومان)"], ["P-1", "پل", "1", "1"]]
    )

    assert "دو بار آمده" in messages_of(rejection(editor, city, data))


def test_more_rows_than_the_cap_are_refused_quickly(city: Municipality, editor: Any) -> None:
    lines = ["کد پروژه,عنوان"] + [f"P-{n},پروژه {n}" for n in range(100_000)]
    data = ("\r\n".join(lines)).encode()

    message = only_problem(rejection(editor, city, data))

    assert "۵۰٬۰۰۰" in message
    assert not Project.objects.exists()


def test_an_xlsx_over_a_given_cap_is_refused(city: Municipality, editor: Any) -> None:
    data = xlsx_bytes([HEADERS] + [row(code=f"P-{n}", title="x") for n in range(6)])

    with pytest.raises(ImportRejectedError) as caught:
        projects_import(by=editor, municipality=city, data=data, max_rows=5)

    assert "۵ ردیف" in only_problem(caught.value)


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"start": "۱۴۰۲/۱۳/۰۱"}, "تاریخ شروع", "«۱۴۰۲/۱۳/۰۱» تاریخ درستی نیست"),
        ({"end": "2023-02-30"}, "تاریخ پایان", "تاریخ درستی نیست"),
        ({"start": "402/01/01"}, "تاریخ شروع", "بیرون از بازه"),
        ({"credit": "-5000"}, "اعتبار (تومان)", "اعتبار نمی‌تواند منفی باشد"),
        ({"credit": "صد میلیون"}, "اعتبار (تومان)", "عدد نیست"),
        ({"credit": "9" * 30}, "اعتبار (تومان)", "بیش از اندازه بزرگ"),
        ({"district": "منطقه ۹"}, "منطقه", "منطقه «منطقه ۹» در این شهرداری نیست"),
        ({"sectors": "راه و معابر، آموزش"}, "حوزه", "حوزه «آموزش» در این شهرداری نیست"),
        ({"unit": "سازمان آتش‌نشانی"}, "واحد اجرایی", "در این شهرداری نیست"),
        ({"status": "نیمه‌کاره"}, "وضعیت", "وضعیت «نیمه‌کاره» شناخته نیست"),
        ({"progress": "150"}, "پیشرفت فیزیکی", "پیشرفت فیزیکی باید از ۰ تا ۱۰۰ باشد"),
        ({"progress": "0.85"}, "پیشرفت فیزیکی", "باید عدد صحیح باشد"),
        ({"lat": "29.6"}, "طول جغرافیایی", "عرض و طول جغرافیایی را با هم بنویسید"),
        ({"lat": "95", "lng": "52"}, "عرض جغرافیایی", "بیرون از بازه"),
        ({"lat": "north", "lng": "52"}, "عرض جغرافیایی", "عدد نیست"),
        ({"start": "1402/05/01", "end": "1402/01/01"}, "تاریخ پایان", "پیش از تاریخ شروع"),
        ({"headline": "شاید"}, "شاخص", "«بله» یا «خیر»"),
        ({"kind": "جشن"}, "نوع آیین", "نوع آیین «جشن» شناخته نیست"),
        ({"kind": "افتتاح"}, "آماده از", "«آماده از» لازم است"),
        ({"ready": "1402/01/01"}, "نوع آیین", "نوع آن نه"),
        ({"kind": "افتتاح", "ready": "1402/05/01", "latest": "1402/01/01"}, "آخرین موعد", "پیش از"),
        ({"title": ""}, "عنوان", "عنوان پروژه را بنویسید"),
        ({"title": "ب" * 301}, "عنوان", "بلندتر است"),
        ({"code": ""}, "کد پروژه", "کد پروژه را بنویسید"),
        ({"length": "-3"}, "طول (متر)", "نمی‌تواند منفی باشد"),
        ({"area": "3000000000"}, "مساحت (مترمربع)", "بیش از اندازه بزرگ"),
    ],
)
def test_a_bad_cell_gets_a_sentence_naming_row_and_column(
    city: Municipality, editor: Any, cells: dict[str, str], column: str, words: str
) -> None:
    good = row(code="P-1", title="درست")
    bad = row(**{"code": "P-2", "title": "نادرست", **cells})

    error = rejection(editor, city, csv_bytes([HEADERS, good, bad]))

    message = only_problem(error)
    assert message.startswith(f"ردیف ۳، ستون «{column}»: "), message
    assert words in message
    assert not Project.objects.exists()


def test_every_bad_row_is_reported_and_the_good_ones_are_not_written(
    city: Municipality, editor: Any
) -> None:
    rows = [
        row(code="P-1", title="خوب"),
        row(code="P-2", title="بد", credit="-1"),
        row(code="P-3", title="خوب"),
        row(code="P-4", title="بد", start="۱۴۰۲/۱۳/۰۱", district="هیچ"),
    ]

    error = rejection(editor, city, csv_bytes([HEADERS, *rows]))

    assert [p.row for p in error.problems] == [3, 5, 5]
    assert error.message == "۲ ردیف فایل خطا دارد؛ هیچ پروژه‌ای ذخیره نشد."
    assert not Project.objects.exists()


def test_a_code_repeated_in_the_file_is_refused(city: Municipality, editor: Any) -> None:
    rows = [row(code="P-1", title="یک"), row(code="P-۱", title="همان")]

    message = only_problem(rejection(editor, city, csv_bytes([HEADERS, *rows])))

    assert message == "ردیف ۳، ستون «کد پروژه»: کد «P-1» در ردیف ۲ هم آمده است."


def test_a_value_in_a_column_without_header_is_refused(city: Municipality, editor: Any) -> None:
    data = csv_bytes([["کد پروژه", "عنوان", ""], ["P-1", "یک", "گم‌شده"]])

    assert "عنوان ندارد" in only_problem(rejection(editor, city, data))


def test_an_ambiguous_district_name_asks_for_the_number(city: Municipality, editor: Any) -> None:
    DistrictFactory(municipality=city, number=7, name="مرکزی")
    DistrictFactory(municipality=city, number=8, name="مرکزی")

    bad = rejection(
        editor, city, csv_bytes([HEADERS, row(code="P-1", title="x", district="مرکزی")])
    )
    import_rows(editor, city, [row(code="P-1", title="x", district="8")])

    assert "شماره منطقه را بنویسید" in only_problem(bad)
    assert Project.objects.get(code="P-1").district.number == 8  # type: ignore[union-attr]


def test_a_database_failure_mid_write_leaves_nothing_behind(
    city: Municipality, editor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(writing, "_write_ceremonies", fail)

    with pytest.raises(ImportRejectedError) as caught:
        import_rows(editor, city, [row(**BRIDGE)])

    assert "دوباره وارد کنید" in caught.value.message
    assert not Project.objects.exists()
    assert not Project.history.exists()
    assert not Ceremony.objects.exists()


# Tenancy


def test_a_member_of_another_city_cannot_import_into_this_one(
    city: Municipality, city_b: Municipality, member_of: Callable[..., Any]
) -> None:
    other_admin = member_of(city_b, Role.ADMIN)

    with pytest.raises(PermissionDeniedError):
        import_rows(other_admin, city, [row(code="P-1", title="یک")])
    assert not Project.objects.exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.REPORTER])
def test_members_below_editor_cannot_import(
    city: Municipality, member_of: Callable[..., Any], role: str
) -> None:
    with pytest.raises(PermissionDeniedError):
        import_rows(member_of(city, role), city, [row(code="P-1", title="یک")])


def test_an_outsider_cannot_import(city: Municipality, outsider: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        import_rows(outsider, city, [row(code="P-1", title="یک")])


def test_another_citys_sectors_and_districts_are_not_found(
    city: Municipality, city_b: Municipality, editor: Any
) -> None:
    SectorFactory(municipality=city_b, code="culture", name="فرهنگی")
    DistrictFactory(municipality=city_b, number=9, name="منطقه نه")
    bad = row(code="P-1", title="یک", sectors="فرهنگی", district="منطقه نه")

    error = rejection(editor, city, csv_bytes([HEADERS, bad]))

    assert [p.column for p in error.problems] == ["حوزه", "منطقه"]


def test_reimport_never_touches_another_citys_project_with_the_same_code(
    city: Municipality, city_b: Municipality, editor: Any, member_of: Callable[..., Any]
) -> None:
    import_rows(member_of(city_b, Role.EDITOR), city_b, [row(code="P-1", title="شهر ب")])

    import_rows(editor, city, [row(code="P-1", title="شهر الف")])

    assert Project.objects.get(municipality=city_b).title == "شهر ب"
    assert Project.objects.get(municipality=city).title == "شهر الف"


def test_an_xlsx_reads_the_projects_sheet_when_there_are_several(
    city: Municipality, editor: Any
) -> None:
    workbook = Workbook()
    workbook.active.append(["راهنما"])
    sheet = workbook.create_sheet("پروژه‌ها")
    sheet.append(["کد پروژه", "عنوان"])
    sheet.append(["P-1", "یک"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    projects_import(by=editor, municipality=city, data=buffer.getvalue())

    assert Project.objects.get().title == "یک"


def xlsx_with_raw_cell(rows: list[list[Any]], marker: str, raw: str) -> bytes:
    """An XLSX whose cell text ``marker`` is replaced by ``raw`` in the sheet's XML, as files
    written by other programs hold control characters (``_x0000_`` is NUL)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info).replace(marker.encode(), raw.encode()))
    return out.getvalue()


@pytest.mark.parametrize(("raw", "name"), [("پل_x0000_غدیر", "NUL"), ("پل_x001B_غدیر", "U+001B")])
def test_a_control_character_in_an_xlsx_cell_is_named_with_its_row_and_column(
    city: Municipality, editor: Any, raw: str, name: str
) -> None:
    rows = [HEADERS, row(code="P-1", title="خوب"), row(code="P-2", title="MARK")]
    data = xlsx_with_raw_cell(rows, "MARK", raw)

    message = only_problem(rejection(editor, city, data))

    assert message.startswith("ردیف ۳، ستون «عنوان»: نویسه کنترلی"), message
    assert name in message
    assert not Project.objects.exists()


def test_a_nul_in_a_csv_cell_is_named_with_its_row_and_column(
    city: Municipality, editor: Any
) -> None:
    good = [row(code=f"P-{n}", title=f"پروژه شماره {n}") for n in range(1, 30)]
    data = csv_bytes([HEADERS, *good, row(code="P-99", contractor="شرکت\x00سازه")])

    message = only_problem(rejection(editor, city, data))

    assert message.startswith("ردیف ۳۱، ستون «پیمانکار»: نویسه کنترلی نادیدنی (NUL)"), message


def test_a_value_the_database_refuses_is_not_reported_as_a_concurrent_change(
    city: Municipality, editor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import DataError

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise DataError("invalid byte sequence")

    monkeypatch.setattr(writing, "insert_rows", refuse)

    message = only_problem(rejection(editor, city, csv_bytes([HEADERS, row(**BRIDGE)])))

    assert "هم‌زمان" not in message
    assert "پایگاه داده مقداری از فایل را نپذیرفت" in message
