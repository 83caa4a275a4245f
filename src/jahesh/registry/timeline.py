"""Reads of project timelines: milestones and progress updates with their photos."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from jahesh.registry.models import ProgressPhoto, ProgressUpdate, Project, ProjectMilestone


@dataclass(slots=True)
class ProjectTimelineRows:
    milestones: list[ProjectMilestone] = field(default_factory=list)
    updates: list[ProgressUpdate] = field(default_factory=list)


def timeline_rows_many(*, projects: list[Project]) -> dict[int, ProjectTimelineRows]:
    """Milestones and progress updates (with photos) of these projects, oldest first, in three
    queries however many projects are asked for (the static export renders in batches).

    The caller decides whether the projects may be seen; the rows are the projects' own.
    """
    ids = [p.pk for p in projects]
    result: dict[int, ProjectTimelineRows] = defaultdict(ProjectTimelineRows)
    for milestone in ProjectMilestone.objects.filter(project_id__in=ids).order_by("date", "pk"):
        result[milestone.project_id].milestones.append(milestone)
    updates = (
        ProgressUpdate.objects.filter(project_id__in=ids)
        .order_by("reported_on", "pk")
        .prefetch_related(Prefetch("photos", queryset=ProgressPhoto.objects.order_by("pk")))
    )
    for update in updates:
        result[update.project_id].updates.append(update)
    return {pk: result[pk] for pk in ids}


def timeline_rows(*, project: Project) -> ProjectTimelineRows:
    return timeline_rows_many(projects=[project])[project.pk]


def staff_timeline(*, project: Project) -> ProjectTimelineRows:
    """The same rows, newest first, for the staff page that adds to them."""
    rows = timeline_rows(project=project)
    return ProjectTimelineRows(
        milestones=list(reversed(rows.milestones)), updates=list(reversed(rows.updates))
    )
