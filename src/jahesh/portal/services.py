"""Writes the portal makes to its own rows: cache versions and search entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from jahesh import persian
from jahesh.portal import links, news, versions
from jahesh.portal.models import ContentVersion, SearchEntry, SearchKind
from jahesh.registry.models import Project

GLOBAL_SCOPE = "all"
# Bumped by every change of any city: pages that show every city (the members page) key on it.
ANY_CITY_SCOPE = "any"
SUMMARY_CHARS = 300


def city_scope(city_slug: str) -> str:
    return f"city:{city_slug}"


def figures_scope(city_slug: str) -> str:
    """Bumped by changes of the city's registry and plans, not of its news: the figures its
    home page adds up over thousands of rows are kept under it while a wave's articles go out."""
    return f"figures:{city_slug}"


@transaction.atomic
def content_version_bump(*, city_slug: str | None, figures: bool = True) -> None:
    """Make every cached page of the city (or of every city, when None) stale, and its added-up
    figures too unless ``figures`` is False (a change of news only).

    The bump runs in the writer's transaction, so readers see the new version exactly when they
    can see the new data; a reader that rendered the old data cached it under the old version.
    """
    versions.forget()
    transaction.on_commit(versions.forget)
    scopes = [GLOBAL_SCOPE] if city_slug is None else [city_scope(city_slug), ANY_CITY_SCOPE]
    if city_slug is not None and figures:
        scopes.append(figures_scope(city_slug))
    for scope in scopes:
        if not ContentVersion.objects.filter(scope=scope).update(version=F("version") + 1):
            ContentVersion.objects.get_or_create(scope=scope, defaults={"version": 1})


def _summary(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SUMMARY_CHARS else flat[: SUMMARY_CHARS - 1] + "…"


def project_search_fields(project: Project, *, district_name: str = "") -> dict[str, object]:
    """Return what the index keeps of a project; ``search_text`` (the registry's own key) is
    reused when present so both searches agree."""
    key = project.search_text or persian.search_key(
        " ".join(filter(None, [project.title, project.code, project.description, district_name]))
    )
    return {
        "municipality_id": project.municipality_id,
        "title": project.title[:300],
        "summary": _summary(project.description),
        "url": links.project_url(project),
        "key": key,
        "dated": project.updated_at,
    }


@transaction.atomic
def search_entry_sync_project(*, project: Project) -> None:
    """Index a public project of a public city, or drop it from the index."""
    if not (project.is_public and project.municipality.is_public):
        SearchEntry.objects.filter(kind=SearchKind.PROJECT, object_id=project.pk).delete()
        return
    district_name = project.district.name if project.district_id and project.district else ""
    SearchEntry.objects.update_or_create(
        kind=SearchKind.PROJECT,
        object_id=project.pk,
        defaults=project_search_fields(project, district_name=district_name),
    )


@transaction.atomic
def search_entries_sync_projects(*, project_ids: Iterable[int]) -> int:
    """Re-index many projects at once (after an import's bulk write); returns entries written."""
    ids = list(project_ids)
    SearchEntry.objects.filter(kind=SearchKind.PROJECT, object_id__in=ids).delete()
    visible = Project.objects.filter(
        pk__in=ids, is_public=True, municipality__is_public=True
    ).select_related("municipality", "district")
    batch: list[SearchEntry] = []
    count = 0
    for project in visible.iterator(chunk_size=2000):
        district = project.district.name if project.district else ""
        batch.append(
            SearchEntry(
                kind=SearchKind.PROJECT,
                object_id=project.pk,
                **project_search_fields(project, district_name=district),
            )
        )
        count += _flush(batch)
    return count + _flush(batch, force=True)


# The sweep leaves alone what changed in the last minutes (the import's own job is on its way)
# and reindexes at most SWEEP_BATCH projects per transaction, SWEEP_LIMIT per run.
SWEEP_GRACE = dt.timedelta(minutes=2)
SWEEP_BATCH = 1000
SWEEP_LIMIT = 20_000


def search_entries_stale_projects(*, limit: int = SWEEP_LIMIT) -> list[int]:
    """Ids of projects whose index entry is missing, stale or should not be there.

    An entry keeps the project's ``updated_at`` (``dated``): a visible project (public, of a
    public city) without an entry of that date was changed after it was indexed, or never
    indexed; an entry whose project is gone or hidden is stale too.
    """
    settled = timezone.now() - SWEEP_GRACE
    visible = Project.objects.filter(is_public=True, municipality__is_public=True)
    current = SearchEntry.objects.filter(
        kind=SearchKind.PROJECT, object_id=OuterRef("pk"), dated=OuterRef("updated_at")
    )
    missing = (
        visible.filter(updated_at__lt=settled)
        .exclude(Exists(current))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    hidden = (
        SearchEntry.objects.filter(kind=SearchKind.PROJECT)
        .exclude(Exists(visible.filter(pk=OuterRef("object_id"))))
        .order_by("object_id")
        .values_list("object_id", flat=True)[:limit]
    )
    return sorted(set(missing) | set(hidden))[:limit]


def search_entries_sweep_projects(*, limit: int = SWEEP_LIMIT, batch: int = SWEEP_BATCH) -> int:
    """Reindex the projects ``search_entries_stale_projects`` finds; return how many.

    The safety net of the import's reindex job, which is queued after the import commits and
    dropped when the queue cannot be reached. Each batch is its own transaction; a batch that
    meets another writer's entry (the job, or a second sweep, indexing the same projects at
    the same moment) is left for the next run, which finds it current or stale again.
    """
    ids = search_entries_stale_projects(limit=limit)
    done = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        try:
            with transaction.atomic():
                search_entries_sync_projects(project_ids=chunk)
        except IntegrityError:
            continue
        done += len(chunk)
    return done


@transaction.atomic
def search_entry_remove(*, kind: str, object_ids: Iterable[int]) -> None:
    SearchEntry.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()


def article_search_fields(article: Any) -> dict[str, object]:
    text = " ".join(
        filter(None, [article.kicker, article.title, article.lead, article.body[:4000]])
    )
    return {
        "municipality_id": article.municipality_id,
        "title": article.title[:300],
        "summary": _summary(article.lead),
        "url": news.article_url(article.municipality.slug, article.code, article.slug),
        "key": persian.search_key(text),
        "dated": article.published_at,
    }


@transaction.atomic
def search_entry_sync_article(*, article: Any) -> bool:
    """Index a visible, published article of a public city, or drop it from the index; say
    whether the index changed (an entry already as it should be is not written again)."""
    from jahesh.newsroom.models import VISIBLE_STATUSES

    entry = SearchEntry.objects.filter(kind=SearchKind.ARTICLE, object_id=article.pk)
    if not (
        article.status in VISIBLE_STATUSES
        and article.published_at is not None
        and article.municipality.is_public
    ):
        deleted, _ = entry.delete()
        return bool(deleted)
    fields = article_search_fields(article)
    if entry.values(*fields).first() == fields:
        return False
    SearchEntry.objects.update_or_create(
        kind=SearchKind.ARTICLE, object_id=article.pk, defaults=fields
    )
    return True


def search_index_rebuild(*, municipality_id: int | None = None) -> int:
    """Rebuild the index from the rows (after bulk loads that skip signals); returns entries.

    A rebuild of every city also moves the minute sweep's marker to its start, so the sweep
    does not index every article a second time."""
    from jahesh.newsroom.models import VISIBLE_STATUSES, Article

    started = timezone.now()
    entries = SearchEntry.objects.all()
    projects = Project.objects.filter(is_public=True, municipality__is_public=True)
    articles = Article.objects.filter(
        status__in=VISIBLE_STATUSES, published_at__isnull=False, municipality__is_public=True
    )
    if municipality_id is not None:
        entries = entries.filter(municipality_id=municipality_id)
        projects = projects.filter(municipality_id=municipality_id)
        articles = articles.filter(municipality_id=municipality_id)
    with transaction.atomic():
        entries.delete()
        batch: list[SearchEntry] = []
        count = 0
        for project in projects.select_related("municipality", "district").iterator(
            chunk_size=2000
        ):
            district = project.district.name if project.district else ""
            batch.append(
                SearchEntry(
                    kind=SearchKind.PROJECT,
                    object_id=project.pk,
                    **project_search_fields(project, district_name=district),
                )
            )
            count += _flush(batch)
        for article in articles.select_related("municipality").iterator(chunk_size=2000):
            batch.append(
                SearchEntry(
                    kind=SearchKind.ARTICLE,
                    object_id=article.pk,
                    **article_search_fields(article),
                )
            )
            count += _flush(batch)
        count += _flush(batch, force=True)
    if municipality_id is None:
        _article_sync_mark(started)
    return count


def _flush(batch: list[SearchEntry], *, force: bool = False) -> int:
    if not batch or (len(batch) < 2000 and not force):
        return 0
    SearchEntry.objects.bulk_create(batch)
    flushed = len(batch)
    batch.clear()
    return flushed


ARTICLE_SYNC_SCOPE = "search:articles-synced-at"


# Articles indexed per transaction: on SQLite a transaction holds the one write lock, and a
# first run over 20,000 articles in one transaction kept a wave's publication waiting past the
# lock's timeout.
ARTICLE_SYNC_BATCH = 500


def search_entries_sync_articles(*, article_ids: Iterable[int]) -> int:
    """Index the articles (or drop those no longer visible), ``ARTICLE_SYNC_BATCH`` per
    transaction, and make stale the cached pages of the cities whose index changed (the minute
    sweep looking again at a wave's articles the job indexed changes nothing, so every page of
    the city is not rendered again); return how many were looked at.

    A batch that meets another writer's entry (the sweep and the publication's job indexing
    the same article at once) is left: that writer indexed it, and the sweep looks again."""
    from jahesh.newsroom.models import Article

    ids = sorted(set(article_ids))
    cities: set[str] = set()
    for start in range(0, len(ids), ARTICLE_SYNC_BATCH):
        chunk = ids[start : start + ARTICLE_SYNC_BATCH]
        try:
            with transaction.atomic():
                for article in Article.objects.filter(pk__in=chunk).select_related("municipality"):
                    if search_entry_sync_article(article=article):
                        cities.add(article.municipality.slug)
        except IntegrityError:
            continue
    for slug in sorted(cities):
        content_version_bump(city_slug=slug, figures=False)
    return len(ids)


def search_entry_sync_changed_articles() -> int:
    """Bring into the index the articles changed since the last run, including those the
    newsroom published with a bulk UPDATE (no signal); returns how many were looked at."""
    from datetime import UTC, datetime

    from jahesh.newsroom.models import Article

    marker, _ = ContentVersion.objects.get_or_create(
        scope=ARTICLE_SYNC_SCOPE, defaults={"version": 0}
    )
    since = datetime.fromtimestamp(marker.version, tz=UTC)
    started = timezone.now()
    changed = Article.objects.filter(updated_at__gte=since).order_by("pk")
    looked_at = search_entries_sync_articles(article_ids=changed.values_list("pk", flat=True))
    _article_sync_mark(started)
    return looked_at


def _article_sync_mark(started: dt.datetime) -> None:
    """Articles changed before ``started`` are indexed. A second of overlap: a row changed in
    the same second is looked at twice. Two runs at once both index (the same rows, to the same
    entries); the marker never moves back."""
    mark = int(started.timestamp()) - 1
    ContentVersion.objects.get_or_create(scope=ARTICLE_SYNC_SCOPE, defaults={"version": mark})
    ContentVersion.objects.filter(scope=ARTICLE_SYNC_SCOPE, version__lt=mark).update(version=mark)
