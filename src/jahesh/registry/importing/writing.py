"""Write a checked plan in bulk, with history rows, inside the import's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import DatabaseError, DataError, transaction
from django.dispatch import Signal
from django.utils import timezone

from jahesh.registry.importing.bulk import (
    BATCH_SIZE,
    insert_history,
    insert_rows,
    insert_values,
    update_rows,
)
from jahesh.registry.importing.planning import CHANGE_REASON, Plan
from jahesh.registry.importing.results import ImportProblem, ImportRejectedError
from jahesh.registry.models import Ceremony, Municipality, Project
from jahesh.registry.permissions import Actor

# Sent inside the import's transaction after a real (not dry-run) import wrote projects, because
# bulk writes send no post_save. Arguments: municipality, project_ids (created and updated).
projects_imported = Signal()


def plan_write(plan: Plan, *, by: Actor, municipality: Municipality) -> None:
    user = by if by.is_authenticated else None
    now = timezone.now()
    try:
        with transaction.atomic():
            _write_projects(plan, user=user, now=now)
            _write_ceremonies(plan, user=user, municipality=municipality, now=now)
            project_ids = [p.pk for p in plan.new_projects] + [p.pk for p in plan.updated_projects]
            if project_ids:
                projects_imported.send(
                    sender=Project, municipality=municipality, project_ids=project_ids
                )
    except DataError as exc:
        # A value the checks let through but the database cannot hold: importing again would
        # fail the same way, so it must not be reported as a concurrent change.
        raise ImportRejectedError(
            [
                ImportProblem(
                    "پایگاه داده مقداری از فایل را نپذیرفت (نویسه یا عددی که نمی‌تواند نگه دارد)؛ "
                    "هیچ پروژه‌ای ذخیره نشد. فایل را بررسی کنید یا به راهبر سامانه خبر دهید."
                )
            ]
        ) from exc
    except DatabaseError as exc:
        # Another writer changed the same projects between our check and our write.
        raise ImportRejectedError(
            [
                ImportProblem(
                    "هم‌زمان کس دیگری پروژه‌های این شهرداری را تغییر داد؛ فایل را دوباره وارد کنید."
                )
            ]
        ) from exc


def _write_projects(plan: Plan, *, user: Any, now: dt.datetime) -> None:
    through = Project.sectors.through
    if plan.new_projects:
        insert_rows(Project, plan.new_projects)
        _set_primary_keys(plan.new_projects)
        insert_history(
            Project, plan.new_projects, created=True, user=user, when=now, reason=CHANGE_REASON
        )
        _insert_sector_links(
            [
                [project.pk, sector_id]
                for project, sector_ids in plan.sectors_of_new
                for sector_id in sector_ids
            ]
        )
    if plan.updated_projects:
        for project in plan.updated_projects:
            project.updated_at = now
        update_rows(
            Project,
            plan.updated_projects,
            sorted(plan.updated_fields | {"search_text", "updated_at"}),
        )
        insert_history(
            Project, plan.updated_projects, created=False, user=user, when=now, reason=CHANGE_REASON
        )
    if plan.sectors_replaced:
        ids = list(plan.sectors_replaced)
        for start in range(0, len(ids), BATCH_SIZE):
            through.objects.filter(project_id__in=ids[start : start + BATCH_SIZE]).delete()
        _insert_sector_links(
            [
                [project_id, sector_id]
                for project_id, sector_ids in plan.sectors_replaced.items()
                for sector_id in sector_ids
            ]
        )


def _insert_sector_links(pairs: list[list[Any]]) -> None:
    """Link projects to sectors from ``[project_id, sector_id]`` pairs (both plain integers)."""
    insert_values(Project.sectors.through, ["project", "sector"], pairs)


def _set_primary_keys(projects: list[Project]) -> None:
    """Read back the ids of projects just inserted (codes are unique within a city)."""
    municipality_id = projects[0].municipality_id
    ids = dict(Project.objects.filter(municipality_id=municipality_id).values_list("code", "pk"))
    for project in projects:
        project.pk = ids[project.code]
        project._state.adding = False


def _write_ceremonies(
    plan: Plan, *, user: Any, municipality: Municipality, now: dt.datetime
) -> None:
    if plan.new_ceremonies:
        ceremonies = [
            Ceremony(municipality=municipality, project=project, **fields)
            for project, fields in plan.new_ceremonies
        ]
        of_city = Ceremony.objects.filter(municipality=municipality)
        before = set(of_city.values_list("pk", flat=True))
        insert_rows(Ceremony, ceremonies)
        # A new ceremony is the only one of its kind for its project that was not there before.
        ids = {
            (project_id, kind): pk
            for pk, project_id, kind in of_city.values_list("pk", "project_id", "kind")
            if pk not in before
        }
        for ceremony in ceremonies:
            ceremony.pk = ids[(ceremony.project_id, ceremony.kind)]
            ceremony._state.adding = False
        insert_history(
            Ceremony, ceremonies, created=True, user=user, when=now, reason=CHANGE_REASON
        )
    if plan.updated_ceremonies:
        for ceremony in plan.updated_ceremonies:
            ceremony.updated_at = now
        update_rows(
            Ceremony, plan.updated_ceremonies, sorted(plan.ceremony_fields | {"updated_at"})
        )
        insert_history(
            Ceremony,
            plan.updated_ceremonies,
            created=False,
            user=user,
            when=now,
            reason=CHANGE_REASON,
        )
