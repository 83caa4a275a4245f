"""Project codes are path segments: a safe alphabet everywhere a code enters, and the repair of
old codes outside it."""

from __future__ import annotations

import io
from typing import Any

import pytest

from jahesh.core.errors import ValidationError
from jahesh.registry import services
from jahesh.registry.codes import project_code_problem, project_codes_repair, safe_project_code
from jahesh.registry.models import Municipality, Project
from tests.registry.factories import ProjectFactory
from tests.registry.spreadsheets import HEADERS, csv_bytes, rejection, row

HOSTILE_CODES = [
    "../../../../tmp/x",
    "a/b",
    "..",
    ".hidden",
    "-rf",
    "a..b",
    "P 1",
    "a\\b",
    "P-1/",
    "کد\u200cپروژه",
    "x%2F..",
]
GOOD_CODES = ["P-00001", "SHZ-0001", "پل-غدیر", "BM_12.3", "۱۴۰۲-۷", "A"]


@pytest.mark.parametrize("code", HOSTILE_CODES)
def test_a_code_outside_the_safe_alphabet_is_refused_by_the_services(
    city: Municipality, editor: Any, code: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.project_create(by=editor, municipality=city, code=code, title="پروژه")

    assert caught.value.field == "code"
    assert "پذیرفته نیست" in caught.value.message
    assert not Project.objects.exists()


@pytest.mark.parametrize("code", GOOD_CODES)
def test_letters_digits_and_inner_marks_are_accepted(
    city: Municipality, editor: Any, code: str
) -> None:
    project = services.project_create(by=editor, municipality=city, code=code, title="پروژه")

    assert project_code_problem(project.code) is None


def test_an_import_row_with_a_path_in_its_code_gets_a_persian_sentence(
    city: Municipality, editor: Any
) -> None:
    rows = [row(code="P-1", title="خوب"), row(code="../../../../tmp/x", title="بد")]

    error = rejection(editor, city, csv_bytes([HEADERS, *rows]))

    assert len(error.problems) == 1
    assert error.problems[0].message.startswith("ردیف ۳، ستون «کد پروژه»: کد «../../../../tmp/x»")
    assert not Project.objects.exists()


def test_the_repair_rewrites_bad_codes_uniquely_per_city_and_reports_each(
    city: Municipality, city_b: Municipality
) -> None:
    kept = ProjectFactory(municipality=city, code="a-b")
    clash = ProjectFactory(municipality=city, code="tmp")
    bad = [ProjectFactory(municipality=city, code=c) for c in ("a/b", "a b", "../../tmp/")]
    other_city = ProjectFactory(municipality=city_b, code="a/b")
    out = io.StringIO()

    changes = project_codes_repair(Project, out=out)

    codes = {p.pk: Project.objects.get(pk=p.pk).code for p in (*bad, kept, clash, other_city)}
    assert [codes[p.pk] for p in bad] == ["a-b-2", "a-b-3", "tmp-2"]
    assert (codes[kept.pk], codes[clash.pk], codes[other_city.pk]) == ("a-b", "tmp", "a-b")
    assert changes == [("a/b", "a-b-2"), ("a b", "a-b-3"), ("../../tmp/", "tmp-2"), ("a/b", "a-b")]
    assert out.getvalue().count("->") == 4
    assert all(project_code_problem(code) is None for code in codes.values())
    assert project_codes_repair(Project, out=io.StringIO()) == []


@pytest.mark.parametrize("code", HOSTILE_CODES)
def test_a_repaired_code_is_always_in_the_alphabet(code: str) -> None:
    assert project_code_problem(safe_project_code(code)) is None
