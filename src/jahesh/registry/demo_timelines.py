"""Timelines for a handful of each demo city's projects: milestones, progress updates with short
Persian notes, and a few drawn photos with Persian alt text.

Everything is laid out from the project's own dates and the day the demo is built for, so the
same ``today`` gives the same rows (the photos' stored names are random, as every upload's).
The photos are drawn here, a building site whose structure rises with the progress reported;
they are marked as illustrations in their alt text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.contrib.auth.models import User
from PIL import Image, ImageDraw

from jahesh import persian
from jahesh.registry import progress
from jahesh.registry.models import MilestoneKind, Project, ProjectStatus

# Reports of a project, oldest first, end on the latest one, which holds its current progress.
UPDATES_PER_PROJECT = 4
# The first two projects chosen get photos: two reports of the first, the latest of the second.
PHOTOS = ((0, 2), (1, 1))
PHOTO_SIZE_PX = (960, 540)
MIN_SPAN_DAYS = 90
# Steps before the start of works, in days before the project's start date.
BEFORE_START = (
    (MilestoneKind.APPROVAL, 150),
    (MilestoneKind.CONTRACT, 60),
    (MilestoneKind.SITE_HANDOVER, 14),
)
NOTES = (
    (15, "تجهیز کارگاه و آماده‌سازی زمین انجام شد."),
    (40, "پی‌ریزی و اجرای زیرسازی رو به پایان است."),
    (70, "سازه اصلی برپا شد و کار تأسیسات آغاز شده است."),
    (95, "نازک‌کاری، محوطه‌سازی و نصب تجهیزات در جریان است."),
    (100, "کار ساخت به پایان رسید و پروژه آماده بهره‌برداری است."),
)


def _fa(number: int) -> str:
    return persian.to_persian_digits(str(number))


def _note(pct: int) -> str:
    return next(text for limit, text in NOTES if pct <= limit)


def _is_done(project: Project) -> bool:
    return project.status in (ProjectStatus.COMPLETION, ProjectStatus.MAINTENANCE)


def _last_report(project: Project, today: dt.date) -> dt.date | None:
    """The day of the project's latest report, or None when its dates leave too little room."""
    start = project.start_date
    if start is None or project.planned_end_date is None:
        return None
    last = today - dt.timedelta(days=9)
    if _is_done(project):
        last = min(last, project.planned_end_date)
    return last if (last - start).days >= MIN_SPAN_DAYS else None


def demo_timeline_projects(
    projects: Sequence[Project], *, today: dt.date, count: int
) -> list[Project]:
    """Pick ``count`` public projects with a story to tell (under way with some progress, or
    done, with room for reports): a third from the top of the back office's list (by code), the
    rest the city's headline projects, which its portal pages show first; in turn, so the first
    two (which get the photos) are one of each."""
    eligible = sorted(
        (
            p
            for p in projects
            if p.is_public
            and (
                _is_done(p)
                or (p.status == ProjectStatus.IMPLEMENTATION and p.physical_progress_pct >= 30)
            )
            and _last_report(p, today) is not None
        ),
        key=lambda p: p.code,
    )
    first_listed = eligible[: count // 3]
    rest = [p for p in eligible if p not in first_listed]
    headline = sorted(rest, key=lambda p: (not p.is_headline, p.code))[: count - len(first_listed)]
    chosen: list[Project] = []
    for index in range(len(headline)):
        chosen += [headline[index], *first_listed[index : index + 1]]
    return chosen


def site_photo(*, pct: int, seed: int) -> bytes:
    """Draw a building site as a PNG: sky, ground, scaffolding and a structure ``pct`` % built,
    a crane until it is done. ``seed`` shifts the colours so two projects' photos differ."""
    width, height = PHOTO_SIZE_PX
    image = Image.new("RGB", PHOTO_SIZE_PX, (150 + seed % 40, 190, 230))
    draw = ImageDraw.Draw(image)
    ground = int(height * 0.72)
    for row in range(ground):
        # A sky lighter towards the horizon.
        shade = 150 + seed % 40 + row * 60 // ground
        draw.line([(0, row), (width, row)], fill=(min(shade, 235), 195 + row * 40 // ground, 235))
    draw.rectangle([0, ground, width, height], fill=(176, 150, 110))
    left, right = int(width * 0.22), int(width * 0.68)
    full_height = int(height * 0.45)
    built = full_height * pct // 100
    floors = 6
    floor_px = full_height // floors
    wall = (200 - seed % 50, 120 + seed % 60, 90)
    draw.rectangle([left, ground - built, right, ground], fill=wall, outline=(90, 70, 60), width=3)
    for floor in range(1, floors):
        y = ground - floor * floor_px
        if y > ground - built:
            draw.line([(left, y), (right, y)], fill=(110, 90, 80), width=2)
    for x in range(left + 30, right - 20, 60):
        for y in range(ground - built + 20, ground - 30, floor_px):
            draw.rectangle([x, y, x + 26, y + 22], fill=(80, 110, 140))
    if pct < 100:
        # Scaffolding over what is still to be built, and the crane that builds it.
        for x in range(left, right + 1, 40):
            draw.line(
                [(x, ground - full_height), (x, ground - built)], fill=(120, 120, 120), width=2
            )
        mast = right + 70
        top = ground - full_height - 60
        draw.rectangle([mast - 8, top, mast + 8, ground], fill=(230, 180, 30))
        draw.rectangle([left - 40, top - 14, mast + 120, top], fill=(230, 180, 30))
        draw.line([(left + 40, top), (left + 40, top + 120)], fill=(60, 60, 60), width=3)
    else:
        # Done: trees in front of the finished building.
        for x in range(left - 80, right + 120, 110):
            draw.rectangle([x + 18, ground - 40, x + 26, ground + 10], fill=(100, 70, 40))
            draw.ellipse([x, ground - 90, x + 44, ground - 30], fill=(60, 140, 70))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _alt_text(project: Project, pct: int) -> str:
    state = "پس از پایان کار" if pct == 100 else f"در پیشرفت {_fa(pct)}٪"
    return f"نمای کارگاه پروژه «{project.title}» {state} (تصویر نمایشی)"[
        : progress.ALT_TEXT_MAX_CHARS
    ]


def build_demo_timelines(
    *, by: User, projects: Sequence[Project], today: dt.date, count: int
) -> tuple[int, int, int]:
    """Give ``count`` of the projects a timeline; return the milestones, reports and photos."""
    milestones = updates = photos = 0
    chosen = demo_timeline_projects(projects, today=today, count=count)
    photo_plan = dict(PHOTOS)
    for index, project in enumerate(chosen):
        start = project.start_date
        end = project.planned_end_date
        last = _last_report(project, today)
        # _last_report returned a day only for a project with both dates.
        assert start is not None
        assert end is not None
        assert last is not None
        for kind, days_before in BEFORE_START:
            progress.milestone_record(
                by=by, project=project, kind=kind, date=start - dt.timedelta(days=days_before)
            )
        # Done projects were completed on their last report; the rest expect completion later.
        completion = last if _is_done(project) else max(end, today + dt.timedelta(days=45))
        progress.milestone_record(
            by=by, project=project, kind=MilestoneKind.COMPLETION, date=completion
        )
        milestones += len(BEFORE_START) + 1
        final_pct = project.physical_progress_pct
        span_days = (last - start).days
        with_photos = photo_plan.get(index, 0)
        # Newest first: the first report already holds the project's progress, so recording
        # the older ones leaves the project (and its history) as the demo made it.
        for step in range(UPDATES_PER_PROJECT, 0, -1):
            day = start + dt.timedelta(days=span_days * step // UPDATES_PER_PROJECT)
            pct = final_pct * step // UPDATES_PER_PROJECT
            uploads = []
            if UPDATES_PER_PROJECT - step < with_photos:
                uploads.append(
                    progress.PhotoUpload(
                        site_photo(pct=pct, seed=sum(map(ord, project.code)) + step),
                        f"{project.code}-{step}.png",
                        _alt_text(project, pct),
                    )
                )
            progress.progress_update_record(
                by=by,
                project=project,
                reported_on=day,
                physical_progress_pct=pct,
                note=_note(pct),
                photos=uploads,
                today=today,
            )
            updates += 1
            photos += len(uploads)
    return milestones, updates, photos
