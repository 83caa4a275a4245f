"""Rebuild every project's ``search_text`` with today's ``persian.search_key``, which parts
compounds at their non-joiner (بهره‌برداری keys as «بهره برداری»): a stored key stays as it was
built until its project is saved again, so without this the old keys would linger.

The key is built by the same function the registry's services use (``project_search_text``), in
batches of primary keys so 100,000 projects never sit in memory at once; only changed keys are
written, with ``bulk_update`` (no history row, no ``updated_at``: the project did not change).
Reversing is a no-op: an old key cannot be rebuilt, and the new one is right for old code too.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from jahesh.registry.services import project_search_text

BATCH = 1000


def rekey_projects(apps: Any, schema_editor: Any) -> None:
    project_model = apps.get_model("registry", "Project")
    rows = project_model.objects.select_related("district", "unit").prefetch_related("sectors")
    last_pk = 0
    while True:
        batch = list(rows.filter(pk__gt=last_pk).order_by("pk")[:BATCH])
        if not batch:
            return
        changed = []
        for project in batch:
            key = project_search_text(project, (sector.name for sector in project.sectors.all()))
            if key != project.search_text:
                project.search_text = key
                changed.append(project)
        project_model.objects.bulk_update(changed, ["search_text"])
        last_pk = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_project_list_indexes")]

    operations = [migrations.RunPython(rekey_projects, migrations.RunPython.noop)]
