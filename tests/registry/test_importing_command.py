"""`jahesh import projects …` on the command line."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from jahesh.registry.models import Municipality, Project, Role
from tests.registry.spreadsheets import BRIDGE, HEADERS, csv_bytes, row, xlsx_bytes


def run(*args: Any, **options: Any) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "projects", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_prints_the_plan_and_writes_nothing(city: Municipality, tmp_path: Path) -> None:
    path = tmp_path / "projects.xlsx"
    path.write_bytes(xlsx_bytes([HEADERS, row(**BRIDGE), row(code="P-2", title="دوم")]))

    out, _ = run(str(path), municipality=city.slug, dry_run=True)

    assert "۲ ردیف خوانده شد: ۲ پروژه تازه" in out
    assert "آزمایشی" in out
    assert not Project.objects.exists()


def test_an_import_writes_and_a_second_one_changes_nothing(
    city: Municipality, tmp_path: Path
) -> None:
    path = tmp_path / "projects.csv"
    path.write_bytes(csv_bytes([HEADERS, row(**BRIDGE)]))

    first, _ = run(str(path), municipality=city.slug)
    second, _ = run(str(path), municipality=city.slug)

    assert "۱ پروژه تازه" in first
    assert "۰ پروژه تازه، ۰ به‌روزرسانی، ۱ بی‌تغییر" in second
    assert Project.objects.count() == 1


def test_bad_rows_are_printed_and_the_command_fails(city: Municipality, tmp_path: Path) -> None:
    path = tmp_path / "projects.csv"
    path.write_bytes(csv_bytes([HEADERS, row(code="P-1", title="پل", credit="-1")]))
    err = io.StringIO()

    with pytest.raises(CommandError, match="هیچ پروژه‌ای ذخیره نشد"):
        call_command("import", "projects", str(path), municipality=city.slug, stderr=err)

    assert "ردیف ۲، ستون «اعتبار (تومان)»: اعتبار نمی‌تواند منفی باشد." in err.getvalue()
    assert not Project.objects.exists()


def test_a_user_without_the_role_is_refused(
    city: Municipality, city_b: Municipality, member_of: Callable[..., Any], tmp_path: Path
) -> None:
    member_of(city_b, Role.ADMIN, username="other-admin")
    path = tmp_path / "projects.csv"
    path.write_bytes(csv_bytes([HEADERS, row(code="P-1", title="پل")]))

    with pytest.raises(CommandError, match="اجازه"):
        run(str(path), municipality=city.slug, user="other-admin")
    assert not Project.objects.exists()


def test_a_named_editor_is_recorded_in_the_history(
    city: Municipality, member_of: Callable[..., Any], tmp_path: Path
) -> None:
    editor = member_of(city, Role.EDITOR, username="editor-a")
    path = tmp_path / "projects.csv"
    path.write_bytes(csv_bytes([HEADERS, row(code="P-1", title="پل")]))

    run(str(path), municipality=city.slug, user="editor-a")

    assert Project.history.get().history_user == editor


@pytest.mark.parametrize(
    ("file_name", "options", "words"),
    [
        ("missing.csv", {"municipality": "city-a"}, "خوانده نشد"),
        ("projects.csv", {"municipality": "nowhere"}, "شهرداری با نامک «nowhere» نیست"),
        ("projects.csv", {"municipality": "city-a", "user": "ghost"}, "کاربر «ghost» نیست"),
    ],
)
def test_wrong_arguments_get_a_persian_sentence(
    city: Municipality, tmp_path: Path, file_name: str, options: dict[str, str], words: str
) -> None:
    (tmp_path / "projects.csv").write_bytes(csv_bytes([HEADERS, row(code="P-1", title="پل")]))

    with pytest.raises(CommandError, match=words):
        run(str(tmp_path / file_name), **options)
