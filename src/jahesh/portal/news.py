"""The newsroom's published articles as the portal shows them.

Only articles in a visible state whose publish time has come leave this module. Pages get small
frozen records (``NewsItem``, ``ArticleData``) rather than rows, so templates never reach back
into the database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from jahesh.core.errors import NotFoundError
from jahesh.leaps.models import Wave, WaveQuerySet
from jahesh.newsroom.models import Article, ArticleQuerySet
from jahesh.portal import links
from jahesh.registry.models import Municipality, Project, ProjectQuerySet

PAGE_SIZE = 20
RELATED_COUNT = 5
CHUNK = 500
_LIST_FIELDS = ("pk", "code", "slug", "kicker", "title", "lead", "published_at", "municipality_id")


class ArticleNotFoundError(NotFoundError):
    default_message = "خبری با این کد منتشر نشده است."


@dataclass(frozen=True, slots=True)
class NewsItem:
    code: int
    kicker: str
    title: str
    lead: str
    url: str
    published_at: dt.datetime


@dataclass(slots=True)
class ArticleData:
    code: int
    kicker: str
    title: str
    lead: str
    body_html: SafeString
    reporter: str
    published_at: dt.datetime | None
    corrected_at: dt.datetime | None
    correction_note: str
    url: str
    short_url: str
    projects: list[Project] = field(default_factory=list)
    waves: list[Wave] = field(default_factory=list)
    related: list[NewsItem] = field(default_factory=list)


def visible(city: Municipality) -> QuerySet[Article]:
    return Article.objects.published_in(city)


def article_url(city_slug: str, code: int, slug: str) -> str:
    return links.article_path(city_slug, code, slug)


def url(article: Article) -> str:
    return article_url(article.municipality.slug, article.code, article.slug)


def short_url(city_slug: str, code: int) -> str:
    return links.short_path(city_slug, code)


def _item(row: Any, city_slug: str) -> NewsItem:
    return NewsItem(
        code=row.code,
        kicker=row.kicker,
        title=row.title,
        lead=row.lead,
        url=article_url(city_slug, row.code, row.slug),
        published_at=row.published_at,
    )


def _items(rows: QuerySet[Article], city: Municipality) -> list[NewsItem]:
    return [_item(row, city.slug) for row in rows.only(*_LIST_FIELDS)]


def latest(*, city: Municipality, limit: int) -> list[NewsItem]:
    return _items(visible(city).order_by("-published_at", "-code")[:limit], city)


def for_wave(*, wave: Wave, limit: int) -> list[NewsItem]:
    city = wave.programme.municipality
    rows = visible(city).filter(waves=wave).order_by("-published_at", "-code")[:limit]
    return _items(rows, city)


def for_project(*, project: Project, limit: int) -> list[NewsItem]:
    return for_projects(project_ids=[project.pk], limit=limit, city=project.municipality).get(
        project.pk, []
    )


def for_projects(
    *, project_ids: list[int], limit: int, city: Municipality | None = None
) -> dict[int, list[NewsItem]]:
    """The latest articles about each project, ``limit`` at most each, in one query."""
    if not project_ids:
        return {}
    through = Article.projects.through
    rows = (
        through.objects.filter(ArticleQuerySet.published_q("article"), project_id__in=project_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("project_id")],
                order_by=[F("article__published_at").desc(), F("article__code").desc()],
            )
        )
        .filter(rank__lte=limit)  # type: ignore[misc]
        .select_related("article__municipality")
        .order_by("project_id", "rank")
    )
    found: dict[int, list[NewsItem]] = defaultdict(list)
    for row in rows:
        found[row.project_id].append(_item(row.article, row.article.municipality.slug))
    return found


def list_page(*, city: Municipality, page_number: str | None) -> Page[Any]:
    rows = visible(city).order_by("-published_at", "-code").only(*_LIST_FIELDS)
    page = Paginator(rows, PAGE_SIZE).get_page(page_number)
    items: list[Any] = [_item(row, city.slug) for row in page.object_list]
    page.object_list = items
    return page


def all_items(*, city: Municipality) -> list[NewsItem]:
    """Every visible article of the city as list items, newest first, in one query."""
    return _items(visible(city).order_by("-published_at", "-code"), city)


def get(*, city: Municipality, code: int) -> Article:
    article = visible(city).filter(code=code).select_related("municipality", "reporter").first()
    if article is None:
        raise ArticleNotFoundError()
    return article


def article_data(*, article: Article) -> ArticleData:
    return article_data_many(city=article.municipality, articles=[article])[article.pk]


def _body_html(body: str) -> SafeString:
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    return format_html_join("\n", "<p>{}</p>", ((p,) for p in paragraphs))


def article_data_many(*, city: Municipality, articles: list[Article]) -> dict[int, ArticleData]:
    """Read what the pages of these articles of one city show, in six queries however many."""
    if not articles:
        return {}
    ids = [a.pk for a in articles]
    now = timezone.now()
    # The articles are the city's, and the city passed the public check before they were read.
    project_links = Article.projects.through.objects.filter(
        ProjectQuerySet.public_q("project", city_checked=True), article_id__in=ids
    ).select_related("project")
    wave_links = Article.waves.through.objects.filter(
        WaveQuerySet.public_q("wave", city_checked=True), article_id__in=ids
    ).select_related("wave__programme")
    projects: dict[int, list[Project]] = defaultdict(list)
    waves: dict[int, list[Wave]] = defaultdict(list)
    for project_link in project_links:
        projects[project_link.article_id].append(project_link.project)
    for wave_link in wave_links:
        waves[wave_link.article_id].append(wave_link.wave)

    # Related: the latest articles sharing a wave, then a project, with this one.
    def ranked(through: Any, key: str, keys: set[int]) -> dict[int, list[int]]:
        rows = (
            through.objects.filter(
                ArticleQuerySet.published_q("article", now=now, city_checked=True),
                **{f"{key}__in": keys},
            )
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F(key)],
                    order_by=[F("article__published_at").desc(), F("article__code").desc()],
                )
            )
            .filter(rank__lte=RELATED_COUNT + 1)
            .order_by(key, "rank")
            .values_list(key, "article_id")
        )
        out: dict[int, list[int]] = defaultdict(list)
        for owner, article_id in rows:
            out[owner].append(article_id)
        return out

    by_wave = ranked(Article.waves.through, "wave_id", {w.pk for ws in waves.values() for w in ws})
    by_project = ranked(
        Article.projects.through, "project_id", {p.pk for ps in projects.values() for p in ps}
    )
    related_ids: dict[int, list[int]] = {}
    for article in articles:
        chosen: list[int] = []
        pools = [by_wave[w.pk] for w in waves[article.pk]]
        pools += [by_project[p.pk] for p in projects[article.pk]]
        for pool in pools:
            for candidate in pool:
                if candidate != article.pk and candidate not in chosen:
                    chosen.append(candidate)
        related_ids[article.pk] = chosen
    wanted = {pk for chosen in related_ids.values() for pk in chosen}
    related_rows = {
        row.pk: _item(row, city.slug)
        for row in Article.objects.filter(pk__in=wanted).only(*_LIST_FIELDS)
    }
    result: dict[int, ArticleData] = {}
    for article in articles:
        related = sorted(
            (related_rows[pk] for pk in related_ids[article.pk] if pk in related_rows),
            key=lambda item: item.published_at,
            reverse=True,
        )[:RELATED_COUNT]
        result[article.pk] = ArticleData(
            code=article.code,
            kicker=article.kicker,
            title=article.title,
            lead=article.lead,
            body_html=_body_html(article.body),
            reporter=article.reporter_name or (article.byline if article.reporter_id else ""),
            published_at=article.published_at,
            corrected_at=article.corrected_at,
            correction_note=article.correction_note,
            url=article_url(city.slug, article.code, article.slug),
            short_url=short_url(city.slug, article.code),
            projects=projects[article.pk],
            waves=waves[article.pk],
            related=related,
        )
    return result


def published_at(article: Article) -> dt.datetime | None:
    return article.published_at


def sitemap_items() -> QuerySet[Article]:
    return (
        Article.objects.published()
        .select_related("municipality")
        .only("code", "slug", "published_at", "municipality__slug")
        .order_by("pk")
    )


def export_items(
    *, city: Municipality, ids: list[int] | None = None
) -> Iterator[tuple[Article, ArticleData]]:
    """Yield every visible article of the city (or those of ``ids``) with its page data, a
    chunk at a time."""
    rows = visible(city).select_related("reporter").order_by("pk")
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    chunk: list[Article] = []
    for article in rows.iterator(chunk_size=CHUNK):
        article.municipality = city
        chunk.append(article)
        if len(chunk) == CHUNK:
            yield from _with_data(city, chunk)
            chunk = []
    if chunk:
        yield from _with_data(city, chunk)


def _with_data(city: Municipality, chunk: list[Article]) -> Iterator[tuple[Article, ArticleData]]:
    data = article_data_many(city=city, articles=chunk)
    for article in chunk:
        yield article, data[article.pk]


def feed_paths(*, city: Municipality) -> list[tuple[str, str]]:
    """The city's feeds as (name, address); empty while the newsroom offers no feeds."""
    from jahesh.portal import feeds

    return [(name, feeds.path_of(name, city.slug)) for name in feeds.available()]


def feed_response(name: str, request: HttpRequest, *, city: Municipality) -> HttpResponse | None:
    from jahesh.portal import feeds

    return feeds.render(name, request, city=city)
