"""The demo's project timelines: milestones, progress reports and drawn photos, laid out from the
day the demo is built for, the same for the same day, and served through the photo gate."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.db.models import Q
from PIL import Image

from jahesh.registry import demo
from jahesh.registry.demo_timelines import site_photo
from jahesh.registry.models import (
    MilestoneKind,
    Municipality,
    ProgressPhoto,
    ProgressUpdate,
    Project,
    ProjectMilestone,
    ProjectStatus,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TODAY = dt.date(2026, 12, 4)
LATIN_DIGIT = re.compile(r"[0-9]")


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def timeline_rows(city: Municipality) -> tuple[list[Any], list[Any], list[Any]]:
    milestones = list(
        ProjectMilestone.objects.filter(project__municipality=city)
        .order_by("project__code", "date", "kind")
        .values_list("project__code", "kind", "date")
    )
    updates = list(
        ProgressUpdate.objects.filter(project__municipality=city)
        .order_by("project__code", "reported_on")
        .values_list("project__code", "reported_on", "physical_progress_pct", "note")
    )
    photos = list(
        ProgressPhoto.objects.filter(update__project__municipality=city)
        .order_by("update__project__code", "update__reported_on")
        .values_list("update__project__code", "alt_text", "width_px", "height_px")
    )
    return milestones, updates, photos


def test_a_handful_of_projects_get_a_timeline_that_ends_on_their_progress(client):
    city = demo.build_second_demo_city(today=TODAY)
    projects = Project.objects.filter(progress_updates__isnull=False).distinct()
    assert projects.count() == 3
    # One from the top of the back office's list, the rest headline projects.
    assert projects.filter(is_headline=True).count() == 2
    under_way_or_done = Project.objects.filter(municipality=city).filter(
        Q(status__in=[ProjectStatus.COMPLETION, ProjectStatus.MAINTENANCE])
        | Q(status=ProjectStatus.IMPLEMENTATION, physical_progress_pct__gte=30)
    )
    first_code = under_way_or_done.order_by("code").values_list("code", flat=True)[0]
    assert projects.get(is_headline=False).code == first_code
    for project in projects:
        assert project.is_public
        updates = list(project.progress_updates.order_by("reported_on"))
        assert len(updates) == 4
        assert all(u.reported_on < TODAY for u in updates)
        assert [u.physical_progress_pct for u in updates] == sorted(
            u.physical_progress_pct for u in updates
        )
        # The latest report is the project's progress; recording them changed nothing of it.
        assert updates[-1].physical_progress_pct == project.physical_progress_pct
        assert set(project.history.values_list("physical_progress_pct", flat=True)) == {
            project.physical_progress_pct
        }
        assert all(u.note and not LATIN_DIGIT.search(u.note) for u in updates)
        kinds = list(project.milestones.order_by("date").values_list("kind", flat=True))
        assert kinds == [
            MilestoneKind.APPROVAL,
            MilestoneKind.CONTRACT,
            MilestoneKind.SITE_HANDOVER,
            MilestoneKind.COMPLETION,
        ]
        assert project.start_date is not None
        assert project.milestones.get(kind=MilestoneKind.SITE_HANDOVER).date < project.start_date
        assert updates[0].reported_on > project.start_date

    photos = list(ProgressPhoto.objects.filter(update__project__municipality=city))
    assert len(photos) == 3
    for photo in photos:
        assert photo.alt_text.startswith("نمای کارگاه پروژه «")
        assert "تصویر نمایشی" in photo.alt_text
        assert not LATIN_DIGIT.search(photo.alt_text)
        with Image.open(default_storage.open(photo.image.name)) as image:
            assert image.format == "JPEG"
            assert image.size == (photo.width_px, photo.height_px)
            assert not image.getexif()
        answer = client.get(photo.thumbnail.url)
        assert answer.status_code == 200
        assert answer["Cache-Control"].startswith("public, ")

    project = photos[0].update.project
    page = client.get(f"/{city.slug}/projects/{project.code}/", follow=True).content.decode()
    assert f'alt="{photos[0].alt_text}"' in page
    assert "تصویب" in page
    assert "تحویل زمین" in page


def test_the_same_day_gives_the_same_timelines_and_another_day_moves_them():
    first = timeline_rows(demo.build_second_demo_city(today=TODAY))
    assert all(first)
    Municipality.objects.all().delete()
    assert timeline_rows(demo.build_second_demo_city(today=TODAY)) == first
    Municipality.objects.all().delete()
    later = timeline_rows(demo.build_second_demo_city(today=TODAY + dt.timedelta(days=30)))
    assert later[1] != first[1]


def test_the_drawn_site_photo_is_the_same_for_the_same_progress_and_shows_it():
    assert site_photo(pct=40, seed=7) == site_photo(pct=40, seed=7)
    assert site_photo(pct=40, seed=7) != site_photo(pct=80, seed=7)
    with Image.open(io.BytesIO(site_photo(pct=100, seed=7))) as image:
        assert image.format == "PNG"
        assert image.size == (960, 540)
