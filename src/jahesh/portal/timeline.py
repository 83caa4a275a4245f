"""A project's public timeline: its milestones, ceremonies and progress updates on one line of
dates from approval to completion, and its progress chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.safestring import SafeString

from jahesh import persian
from jahesh.portal import charts
from jahesh.registry.models import (
    MilestoneKind,
    ProgressPhoto,
    ProgressUpdate,
    Project,
    ProjectMilestone,
)
from jahesh.registry.timeline import ProjectTimelineRows

MILESTONE = "milestone"
CEREMONY = "ceremony"
PROGRESS = "progress"
CHART_MAX_BARS = 12


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: dt.date
    kind: str
    label: str
    is_planned: bool = False
    progress_pct: int | None = None
    note: str = ""
    photos: tuple[ProgressPhoto, ...] = ()


@dataclass(frozen=True, slots=True)
class Timeline:
    entries: tuple[TimelineEntry, ...]
    chart: SafeString | None
    chart_rows: tuple[tuple[str, int], ...]


def _milestone_entry(m: ProjectMilestone, today: dt.date) -> TimelineEntry:
    return TimelineEntry(m.date, MILESTONE, m.label, is_planned=m.date > today)


def _update_entry(u: ProgressUpdate) -> TimelineEntry:
    label = f"پیشرفت فیزیکی {persian.to_persian_digits(str(u.physical_progress_pct))}٪"
    return TimelineEntry(
        u.reported_on,
        PROGRESS,
        label,
        progress_pct=u.physical_progress_pct,
        note=u.note,
        photos=tuple(u.photos.all()),
    )


def project_timeline(
    *,
    project: Project,
    rows: ProjectTimelineRows,
    ceremonies: list[tuple[dt.date, str]],
    today: dt.date | None = None,
) -> Timeline:
    """Merge the rows into one dated line; ``ceremonies`` are the (day, label) pairs the page
    already shows (announced or held), so the timeline tells nothing the page does not."""
    today = today or timezone.localdate()
    entries = [_milestone_entry(m, today) for m in rows.milestones]
    kinds = {m.kind for m in rows.milestones}
    # The project's own dates stand in for the milestones nobody entered.
    if project.start_date and MilestoneKind.START not in kinds:
        entries.append(
            TimelineEntry(
                project.start_date,
                MILESTONE,
                MilestoneKind.START.label,
                is_planned=project.start_date > today,
            )
        )
    if project.planned_end_date and MilestoneKind.COMPLETION not in kinds:
        entries.append(
            TimelineEntry(
                project.planned_end_date,
                MILESTONE,
                "پایان برنامه‌ریزی‌شده",
                is_planned=project.planned_end_date > today,
            )
        )
    entries += [
        TimelineEntry(day, CEREMONY, label, is_planned=day > today) for day, label in ceremonies
    ]
    entries += [_update_entry(u) for u in rows.updates]
    order = {MILESTONE: 0, CEREMONY: 1, PROGRESS: 2}
    entries.sort(key=lambda e: (e.date, order[e.kind]))
    shown = rows.updates[-CHART_MAX_BARS:]
    chart_rows = tuple(
        (persian.format_jalali(u.reported_on), u.physical_progress_pct) for u in shown
    )
    chart = None
    if chart_rows:
        bars = [
            charts.Bar(label=label, value=pct, value_text=persian.to_persian_digits(f"{pct}") + "٪")
            for label, pct in chart_rows
        ]
        chart = charts.bar_chart_svg(
            bars=bars, title="پیشرفت فیزیکی پروژه", chart_id="progress-chart", largest=100
        )
    return Timeline(tuple(entries), chart, chart_rows)
