"""Keep the portal's cache versions and search index in step with the rows it shows.

Receivers, not services, because the writes happen in other apps' services, which must not know
the portal exists (it sits above them in the layers).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from jahesh.newsroom.models import Article
from jahesh.newsroom.signals import articles_published, facts_rechecked
from jahesh.portal import services
from jahesh.portal.models import SearchKind
from jahesh.registry.importing import projects_imported
from jahesh.registry.models import Municipality, Project

WATCHED_APPS = frozenset({"registry", "leaps", "newsroom"})
# Rows no public page shows; changing them must not empty the cache.
IGNORED_MODELS = frozenset(
    {"membership", "planrun", "traveltime", "articlecounter", "publication", "dispatch", "channel"}
)


def _is_watched(instance: Model) -> bool:
    meta = instance._meta
    return (
        meta.app_label in WATCHED_APPS
        and meta.model_name not in IGNORED_MODELS
        and not (meta.model_name or "").startswith("historical")
    )


def _city_slug_of(instance: Model) -> str | None:
    """The slug of the row's city, or None when the change concerns every city."""
    if isinstance(instance, Municipality):
        return None
    city_id = getattr(instance, "municipality_id", None)
    for parent in ("programme", "plan", "wave"):
        if city_id is not None:
            break
        owner = getattr(instance, parent, None) if hasattr(instance, f"{parent}_id") else None
        city_id = getattr(owner, "municipality_id", None)
        if city_id is None and owner is not None and hasattr(owner, "programme"):
            city_id = owner.programme.municipality_id
    if city_id is None:
        return None
    return Municipality.objects.filter(pk=city_id).values_list("slug", flat=True).first()


def _changes_figures(instance: Model) -> bool:
    """Rows of the registry and the plans are what the home page's figures add up; news is not."""
    return instance._meta.app_label != "newsroom"


def on_row_saved(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or not _is_watched(instance):
        return
    services.content_version_bump(
        city_slug=_city_slug_of(instance), figures=_changes_figures(instance)
    )
    if isinstance(instance, Project):
        services.search_entry_sync_project(project=instance)
    elif isinstance(instance, Article):
        services.search_entry_sync_article(article=instance)


def on_row_deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if not _is_watched(instance):
        return
    slug = None if isinstance(instance, Municipality) else _city_slug_of(instance)
    services.content_version_bump(city_slug=slug, figures=_changes_figures(instance))
    if isinstance(instance, Project):
        services.search_entry_remove(kind=SearchKind.PROJECT, object_ids=[instance.pk])
    elif isinstance(instance, Article):
        services.search_entry_remove(kind=SearchKind.ARTICLE, object_ids=[instance.pk])


def on_relation_changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("action", "").startswith("post_") and _is_watched(instance):
        services.content_version_bump(
            city_slug=_city_slug_of(instance), figures=_changes_figures(instance)
        )


def on_projects_imported(
    sender: type[Model], municipality: Municipality, project_ids: list[int], **kwargs: Any
) -> None:
    """An import wrote projects in bulk, which sends no post_save: refresh cache and index.

    Indexing 10,000 projects costs seconds (the full-text triggers), more than the import
    itself, so it runs on the job queue once the import has committed.
    """
    from jahesh.portal import tasks

    services.content_version_bump(city_slug=municipality.slug)
    ids = list(project_ids)
    transaction.on_commit(lambda: tasks.search_reindex_projects(ids))


def on_facts_rechecked(sender: type[Model], municipality_ids: list[int], **kwargs: Any) -> None:
    """A re-check wrote facts' today values with bulk UPDATEs: their pages must not stay cached."""
    slugs = Municipality.objects.filter(pk__in=municipality_ids).values_list("slug", flat=True)
    for slug in slugs:
        services.content_version_bump(city_slug=slug, figures=False)


def on_articles_published(
    sender: type[Model], municipality_ids: list[int], article_ids: list[int], **kwargs: Any
) -> None:
    """A dispatch made articles public in bulk (sent after its commit): the cities' pages go
    stale at once, so the home page names the wave's news on the next request, and the
    articles are indexed by a job (the minute sweep is the safety net when it is lost)."""
    from jahesh.portal import tasks

    slugs = Municipality.objects.filter(pk__in=municipality_ids).values_list("slug", flat=True)
    for slug in slugs:
        services.content_version_bump(city_slug=slug, figures=False)
    tasks.search_index_articles(list(article_ids))


def connect() -> None:
    facts_rechecked.connect(on_facts_rechecked, dispatch_uid="portal_facts_rechecked")
    articles_published.connect(on_articles_published, dispatch_uid="portal_articles_published")
    projects_imported.connect(on_projects_imported, dispatch_uid="portal_projects_imported")
    post_save.connect(on_row_saved, dispatch_uid="portal_row_saved")
    post_delete.connect(on_row_deleted, dispatch_uid="portal_row_deleted")
    m2m_changed.connect(on_relation_changed, dispatch_uid="portal_relation_changed")
