"""Background work of the portal (thin wrappers over services)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from jahesh.portal import services


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def search_sync_changed_articles() -> int:
    """Every minute: index articles published in bulk at a wave's moment (they send no signal)."""
    return services.search_entry_sync_changed_articles()


@db_task()  # type: ignore[untyped-decorator]
def search_reindex_projects(project_ids: list[int]) -> int:
    """Index the projects an import wrote in bulk (queued after its transaction commits)."""
    return services.search_entries_sync_projects(project_ids=project_ids)


@db_task()  # type: ignore[untyped-decorator]
def search_index_articles(article_ids: list[int]) -> int:
    """Index the articles a wave's dispatch made public in bulk (queued after it commits)."""
    return services.search_entries_sync_articles(article_ids=article_ids)


# The safety net of ``search_reindex_projects``, queued after an import commits: when the queue
# cannot be reached then, the job is dropped with a log line and the index is found stale here.
@db_periodic_task(crontab(minute="*/10"))  # type: ignore[untyped-decorator]
def search_projects_sweep_task() -> int:
    """Every ten minutes: reindex, in bounded batches, projects whose index entry is stale."""
    return services.search_entries_sweep_projects()
