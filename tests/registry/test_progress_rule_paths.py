"""The rule «the latest progress update is the project's progress» holds on every write path:
the project service refuses a typed percentage that contradicts the latest update (so the staff
API, which writes through it, does too), and the projects import refuses such a row by number and
column and writes nothing. The same figure again is taken silently; a project without updates
still takes what is typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jahesh.core.errors import ValidationError
from jahesh.registry import services
from jahesh.registry.importing import ImportRejectedError
from jahesh.registry.models import Municipality, Project
from jahesh.registry.progress import progress_update_record
from tests.registry.factories import ProjectFactory
from tests.registry.spreadsheets import BRIDGE, import_rows, messages_of, row

pytestmark = pytest.mark.django_db


def reported(by: Any, project: Project, pct: int, day: dt.date = dt.date(2024, 5, 1)) -> Project:
    progress_update_record(
        by=by,
        project=project,
        reported_on=day,
        physical_progress_pct=pct,
        today=dt.date(2024, 6, 1),
    )
    project.refresh_from_db()
    return project


def test_the_service_refuses_a_typed_progress_against_the_latest_update(
    city: Municipality, editor: Any
) -> None:
    project = reported(editor, ProjectFactory(municipality=city, physical_progress_pct=10), 40)

    with pytest.raises(ValidationError) as caught:
        services.project_update(by=editor, project=project, physical_progress_pct=95, title="تازه")

    assert caught.value.field == "physical_progress_pct"
    assert "«پیشرفت فیزیکی»" in caught.value.message
    assert "۴۰٪" in caught.value.message
    assert "۹۵٪" in caught.value.message
    stored = Project.objects.get(pk=project.pk)
    assert (stored.physical_progress_pct, stored.title) == (40, project.title)


def test_the_service_takes_the_latest_updates_own_figure_silently(
    city: Municipality, editor: Any
) -> None:
    project = reported(editor, ProjectFactory(municipality=city, physical_progress_pct=10), 40)

    services.project_update(by=editor, project=project, physical_progress_pct=40, title="تازه")

    assert Project.objects.get(pk=project.pk).title == "تازه"


def test_later_updates_still_set_the_progress_through_the_service(
    city: Municipality, editor: Any
) -> None:
    project = reported(editor, ProjectFactory(municipality=city, physical_progress_pct=10), 40)

    project = reported(editor, project, 70, day=dt.date(2024, 5, 20))

    assert project.physical_progress_pct == 70


def test_a_project_without_updates_takes_a_typed_progress(city: Municipality, editor: Any) -> None:
    project = ProjectFactory(municipality=city, physical_progress_pct=10)

    services.project_update(by=editor, project=project, physical_progress_pct=55)

    assert Project.objects.get(pk=project.pk).physical_progress_pct == 55


def test_an_import_row_changing_a_reported_projects_progress_is_refused_and_nothing_written(
    city: Municipality, editor: Any
) -> None:
    import_rows(editor, city, [row(**BRIDGE), row(code="P-102", title="کتابخانه")])
    bridge = reported(editor, Project.objects.get(code="P-101"), 85)
    before = Project.history.count()

    with pytest.raises(ImportRejectedError) as caught:
        import_rows(
            editor,
            city,
            [
                row(**{**BRIDGE, "title": "پل غدیر (بازسازی)", "progress": "95"}),
                row(code="P-102", title="کتابخانه مرکزی", progress="30"),
                row(code="P-103", title="تازه"),
            ],
        )

    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "پیشرفت فیزیکی")]
    text = messages_of(caught.value)
    assert text.startswith("ردیف ۲، ستون «پیشرفت فیزیکی»: ")
    assert "«پیشرفت فیزیکی»" in text
    assert "۸۵٪" in text
    assert "۹۵٪" in text
    bridge.refresh_from_db()
    assert (bridge.title, bridge.physical_progress_pct) == ("پل غدیر", 85)
    assert Project.objects.get(code="P-102").title == "کتابخانه"
    assert not Project.objects.filter(code="P-103").exists()
    assert Project.history.count() == before


def test_reimporting_a_reported_projects_latest_figure_is_fine(
    city: Municipality, editor: Any
) -> None:
    import_rows(editor, city, [row(**BRIDGE)])
    reported(editor, Project.objects.get(code="P-101"), 85)

    same = import_rows(editor, city, [row(**BRIDGE)])
    retitled = import_rows(editor, city, [row(**{**BRIDGE, "title": "پل غدیر (بازسازی)"})])

    assert (same.unchanged, retitled.updated) == (1, 1)
    project = Project.objects.get(code="P-101")
    assert (project.title, project.physical_progress_pct) == ("پل غدیر (بازسازی)", 85)


def test_an_empty_progress_cell_keeps_a_reported_projects_progress(
    city: Municipality, editor: Any
) -> None:
    import_rows(editor, city, [row(**BRIDGE)])
    reported(editor, Project.objects.get(code="P-101"), 85)

    import_rows(editor, city, [row(**{**BRIDGE, "progress": ""})])

    assert Project.objects.get(code="P-101").physical_progress_pct == 85
