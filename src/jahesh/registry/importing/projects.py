"""Import a city's projects (and one ceremony each) from an XLSX or CSV file in the template.

Every row is read and checked before anything is written: a file with any bad row writes nothing
and gets one Persian sentence per problem, naming the row and the column. A good file is written
in one transaction with bulk queries (and history rows), creating projects with new codes and
updating those whose code the city already has.
"""

from __future__ import annotations

from django.db import transaction

from jahesh.core.errors import PermissionDeniedError, require
from jahesh.registry import permissions as perms
from jahesh.registry.importing.headers import columns_of
from jahesh.registry.importing.planning import Planner
from jahesh.registry.importing.reading import MAX_ROWS, UnreadableFileError, read_table
from jahesh.registry.importing.results import ImportProblem, ImportRejectedError, ImportResult
from jahesh.registry.importing.writing import plan_write
from jahesh.registry.models import Municipality
from jahesh.registry.permissions import Actor


@transaction.atomic
def projects_import(
    *,
    by: Actor,
    municipality: Municipality,
    data: bytes,
    dry_run: bool = False,
    max_rows: int = MAX_ROWS,
) -> ImportResult:
    """Import the projects in ``data`` (XLSX or UTF-8 CSV bytes) into ``municipality``.

    An editor or above of the city may. Raises ``ImportRejectedError`` listing every problem when
    the file or any row is bad, and then writes nothing; ``dry_run`` checks and plans only.
    """
    require(
        perms.can_create_project(by, municipality),
        PermissionDeniedError("شما اجازه ورود پروژه به این شهرداری را ندارید."),
    )
    try:
        table = read_table(data, max_rows=max_rows)
    except UnreadableFileError as exc:
        raise ImportRejectedError([ImportProblem(exc.message)]) from exc
    columns = columns_of(table.header)
    plan = Planner(municipality, columns).plan(table)
    if plan.updated_projects:
        require(
            perms.can_change_project(by, plan.updated_projects[0]),
            PermissionDeniedError("شما اجازه تغییر پروژه‌های این شهرداری را ندارید."),
        )
    if not dry_run:
        plan_write(plan, by=by, municipality=municipality)
    return ImportResult(
        dry_run=dry_run,
        rows=tuple(plan.outcomes),
        ceremonies_created=len(plan.new_ceremonies),
        ceremonies_updated=len(plan.updated_ceremonies),
    )
