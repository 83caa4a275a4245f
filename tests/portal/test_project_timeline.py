"""The timeline and progress chart of a public project page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from jahesh import persian
from jahesh.registry import progress
from jahesh.registry.models import MilestoneKind, Role
from tests.registry.test_timeline import jpeg_with_gps

LATIN_DIGIT = re.compile(r"[0-9]")


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def timeline_scene(wave_scene, member_of):
    editor = member_of(wave_scene.city, Role.EDITOR, username="editor-a")
    project = wave_scene.projects[0]
    # The scene's titles carry Latin digits («بوستان محله 1»); the page's own words are tested.
    project.title = "بوستان محله یکم"
    project.save()
    today = timezone.localdate()
    progress.milestone_record(
        by=editor, project=project, kind=MilestoneKind.APPROVAL, date=today - dt.timedelta(days=300)
    )
    progress.milestone_record(
        by=editor, project=project, kind=MilestoneKind.CONTRACT, date=today - dt.timedelta(days=250)
    )
    progress.milestone_record(
        by=editor,
        project=project,
        kind=MilestoneKind.COMPLETION,
        date=today + dt.timedelta(days=90),
    )
    progress.progress_update_record(
        by=editor,
        project=project,
        reported_on=today - dt.timedelta(days=120),
        physical_progress_pct=35,
        note="اسکلت بتنی تمام شد",
    )
    progress.progress_update_record(
        by=editor,
        project=project,
        reported_on=today - dt.timedelta(days=10),
        physical_progress_pct=72,
        photos=[progress.PhotoUpload(jpeg_with_gps((800, 600)), "a.jpg", "نمای ورودی بوستان")],
    )
    project.refresh_from_db()
    return wave_scene, project


def _page(client, project) -> str:
    answer = client.get(f"/{project.municipality.slug}/projects/{project.code}/", follow=True)
    assert answer.status_code == 200
    return answer.content.decode()


def _section(html: str) -> str:
    start = html.index('class="project-timeline"')
    return html[start : html.index("</section>", start)]


def test_the_page_shows_milestones_ceremonies_and_progress_in_date_order(client, timeline_scene):
    _scene, project = timeline_scene
    section = _section(_page(client, project))
    order = [
        section.index("تصویب"),
        section.index("انعقاد قرارداد"),
        section.index("پیشرفت فیزیکی ۳۵٪"),
        section.index("پیشرفت فیزیکی ۷۲٪"),
        section.index("افتتاح (مرحله ۱ جهش عمرانی)"),
        section.index("تکمیل"),
    ]
    assert order == sorted(order)
    assert "اسکلت بتنی تمام شد" in section
    # The ceremony two days ahead and the completion are planned, not done.
    assert section.count("برنامه‌ریزی‌شده") == 2
    ninety = timezone.localdate() + dt.timedelta(days=90)
    assert persian.format_jalali(ninety) in section


def test_the_timeline_writes_persian_digits_and_jalali_dates(client, timeline_scene):
    _scene, project = timeline_scene
    section = _section(_page(client, project))
    visible = re.sub(r"<[^>]+>", " ", section)
    assert not LATIN_DIGIT.search(visible), LATIN_DIGIT.findall(visible)
    assert re.search(r'datetime="\d{4}-\d{2}-\d{2}"', section)


def test_the_progress_chart_is_an_svg_scaled_to_100_with_its_table(client, timeline_scene):
    _scene, project = timeline_scene
    section = _section(_page(client, project))
    svg = section[section.index("<svg") : section.index("</svg>")]
    assert 'aria-labelledby="progress-chart-title progress-chart-desc"' in svg
    widths = [int(w) for w in re.findall(r'<rect [^>]*width="(\d+)"', svg)]
    # 35 % and 72 % of the 300-pixel bar area: the chart reads against 100 %, not the largest.
    assert widths == [105, 216]
    assert '<td data-label="پیشرفت فیزیکی">۷۲٪</td>' in section


def test_the_photo_shows_its_thumbnail_with_its_alt_text(client, timeline_scene):
    _scene, project = timeline_scene
    section = _section(_page(client, project))
    found = re.search(r'<img src="([^"]+)" alt="نمای ورودی بوستان"', section)
    assert found
    assert found.group(1).startswith("/media/progress/")
    assert found.group(1).endswith("-thumb.jpg")


def test_the_latest_update_is_the_progress_the_page_shows(client, timeline_scene):
    _scene, project = timeline_scene
    html = _page(client, project)
    assert project.physical_progress_pct == 72
    assert 'aria-label="۷۲٪"' in html


def test_a_project_with_no_timeline_says_so(client, wave_scene):
    project = wave_scene.projects[1]
    project.start_date = None
    project.save()
    section = _section(_page(client, project))
    # The announced ceremony is on the line even with nothing else entered.
    assert "افتتاح" in section
    assert "<svg" not in section


def test_the_page_is_persian_throughout(client, timeline_scene):
    from tests.config.persian_text import findings

    _scene, project = timeline_scene
    assert [str(f) for f in findings(_page(client, project))] == []


def test_a_new_milestone_reaches_a_cached_page(client, wave_scene, member_of):
    project = wave_scene.projects[1]
    assert "تحویل زمین" not in _section(_page(client, project))
    editor = member_of(wave_scene.city, Role.EDITOR, username="editor-cache")
    progress.milestone_record(
        by=editor,
        project=project,
        kind=MilestoneKind.SITE_HANDOVER,
        date=timezone.localdate() - dt.timedelta(days=3),
    )
    assert "تحویل زمین" in _section(_page(client, project))
