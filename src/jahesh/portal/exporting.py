"""Write the public portal as static files any web server or CDN can serve.

Pages are rendered by the same views and templates as the live site. The bulk of them (projects,
list pages, articles) is read in chunks through the batch selectors, so a chunk of a few hundred
pages costs a handful of queries instead of a handful per page.

Every page goes to ``<path>/index.html``; the live site's pagination uses ``page/<n>/`` paths
for the same reason. Search, which needs a server, becomes a static page that searches a JSON
index in the browser (``search.js``); see docs/portal.md for how it differs from the live search.
"""

from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import override_settings
from django.urls import reverse

from jahesh.core.errors import JaheshError
from jahesh.portal import links, news, selectors, views
from jahesh.portal.models import SearchEntry
from jahesh.registry.models import District, Municipality, Project, Sector

# Pages per task: enough to read their data in a few queries, few enough to share the work
# evenly between the workers.
CHUNK = 400
WAVES_PER_TASK = 5
NEWS_PAGES_PER_TASK = 25
STATIC_FOLDERS = ("portal", "leaflet")
# What a row of a project list shows (portal/_project_table.html): reading only these keeps a list
# page's query from converting every column of two tables.
LIST_ROW_FIELDS = (
    "code",
    "slug",
    "title",
    "is_headline",
    "status",
    "physical_progress_pct",
    "credit_rial",
    "district__name",
)
TASK_LABELS = {
    "projects": "پروژه‌ها",
    "list": "فهرست‌ها",
    "articles": "خبرها",
    "news": "فهرست خبرها",
    "waves": "مرحله‌ها",
    "search": "نمایه جست‌وجو",
    "feeds": "خوراک‌ها",
    "sitemap": "نقشه سایت",
}


class ExportPathError(JaheshError):
    """A page's address would put its file outside the export folder (or cannot name a file)."""


def path_under_root(root: str, relative: str) -> str:
    """Return the file ``relative`` names under ``root`` (an absolute, resolved folder).

    The path is resolved (``..``, ``.``, repeated separators) before it is checked, and anything
    that does not stay strictly under ``root`` is refused: a project code such as
    ``../../../../tmp/x`` made in the database by hand must not write outside the export.
    """
    destination = os.path.normpath(os.path.join(root, relative))
    if "\x00" in relative or os.path.commonpath([root, destination]) != root or destination == root:
        raise ExportPathError(
            f"نشانی «{relative[:200]}» به بیرون از پوشه خروجی می‌رسد؛ چیزی در آن نوشته نشد. "
            "کدها و نامک‌ها را درست کنید (jahesh migrate کدهای نادرست پروژه‌ها را درست می‌کند)."
        )
    return destination


@dataclass(frozen=True, slots=True)
class Task:
    """A share of the export: a kind of page, and what a worker needs to render it."""

    city: Municipality | None
    kind: str
    payload: Any


@dataclass(frozen=True, slots=True)
class ListGroup:
    """One paginated list of projects: its address, its heading, its totals."""

    base: str
    extra: dict[str, str]
    totals: selectors.Totals


@dataclass(frozen=True, slots=True)
class ListSlice:
    """A run of one list's pages, from ``first_page``, holding these projects in order."""

    group: ListGroup
    first_page: int
    ids: list[int]


@dataclass(slots=True)
class ExportReport:
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    # CPU time of the exporter and its workers (user and system): unlike the wall time it does
    # not depend on what else the machine is running.
    cpu_seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return self.cpu_seconds * 1000 / self.pages if self.pages else 0.0


class SiteExporter:
    """Render every public page of the chosen cities into ``target``."""

    def __init__(
        self,
        target: Path,
        *,
        cities: list[Municipality],
        progress: Callable[[str], None] | None = None,
        jobs: int = 1,
    ) -> None:
        self.target = target
        self.jobs = max(1, jobs)
        self.cities = cities
        self.progress = progress or (lambda message: None)
        host = urlsplit(settings.SITE_URL).netloc or "127.0.0.1"
        self.secure = settings.SITE_URL.startswith("https")
        self.factory = RequestFactory(HTTP_HOST=host)
        self.report = ExportReport()
        # Per city: its shared header, footer and head links, and its news items.
        self._chrome: dict[int, dict[str, str]] = {}
        self._news_items: dict[int, list[news.NewsItem]] = {}
        # Resolved once, so that every destination can be checked against it as plain text.
        self._root = os.path.realpath(target)
        self._folders: set[str] = set()

    # Writing

    def _write(self, path: str, content: bytes | str, *, page: bool = True) -> None:
        relative = unquote(path).lstrip("/")
        if path.endswith("/") or not relative:
            relative += "index.html"
        destination = path_under_root(self._root, relative)
        folder = os.path.dirname(destination)
        if folder not in self._folders:
            self._make_folder(folder)
        data = content.encode() if isinstance(content, str) else content
        # One open and one write per page: pathlib's helpers cost a stat and Python frames each,
        # which adds up over a hundred thousand small files.
        descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
        finally:
            os.close(descriptor)
        self.report.files += 1
        if page:
            self.report.pages += 1

    def _make_folder(self, folder: str) -> None:
        """Create ``folder`` and its missing parents with one mkdir each; a page's own two
        folders are new, so trying the deepest first (as ``makedirs`` does) would fail first.
        Every folder is under the target, which is known, so no stat is needed."""
        missing = []
        while folder not in self._folders and os.path.dirname(folder) != folder:
            missing.append(folder)
            folder = os.path.dirname(folder)
        for name in reversed(missing):
            # Another forked worker may have made it first.
            with contextlib.suppress(FileExistsError):
                os.mkdir(name)
            self._folders.add(name)

    def _request(self, path: str) -> HttpRequest:
        return self.factory.get(path, secure=self.secure)

    def _view(self, view: Callable[..., HttpResponse], path: str, **kwargs: Any) -> None:
        response = view(self._request(path), **kwargs)
        if response.status_code == 200:
            self._write(path, response.content)

    # Pages

    def run(self) -> ExportReport:
        # Pages are rendered for the public site's host, which need not be one this installation
        # answers to (ALLOWED_HOSTS) when it runs only to export.
        host = urlsplit(settings.SITE_URL).hostname or "127.0.0.1"
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, host]):
            return self._run()

    def _run(self) -> ExportReport:
        started, cpu = time.perf_counter(), _cpu_seconds()
        self.target.mkdir(parents=True, exist_ok=True)
        self._folders.add(self._root)
        self._copy_static()
        self._write("/404.html", render_to_string("404.html"), page=False)
        if len(self.cities) != 1:
            self._view(views.root, "/")
        else:
            self._write("/", _redirect_page(links.city_url(self.cities[0])))
        self._view(views.members, reverse("portal:members"))
        # The few pages of each city that stand alone are written here; the bulk is planned as
        # tasks of a few hundred pages each, and one pool runs the tasks of every city, so no
        # worker waits at the end of one kind of page while another finishes its share.
        tasks: list[Task] = self._sitemap_tasks()
        for city in self.cities:
            tasks += self._plan_city(city)
        self._run_tasks(tasks)
        self.report.seconds = time.perf_counter() - started
        self.report.cpu_seconds = _cpu_seconds() - cpu
        return self.report

    def _plan_city(self, city: Municipality) -> list[Task]:
        slug = city.slug
        request = self._request(links.city_url(city))
        # Parts that are the same on every page of the city are rendered once and inserted.
        self._chrome[city.pk] = {
            **views.chrome_for(request, city),
            "head": render_to_string("portal/_head_links.html", {"city": city}, request),
            "map_scripts": render_to_string("portal/_map_scripts.html", {"has_map": True}, request),
        }
        self.progress(f"{city.name}: صفحه نخست و برنامه‌ها")
        self._view(views.home, links.city_url(city), city=slug)
        waves: list[tuple[str, int]] = []
        for programme in selectors.public_programmes(city):
            programme.municipality = city
            self._view(
                views.programme, links.programme_url(programme), city=slug, programme=programme.slug
            )
            waves += [
                (programme.slug, summary.wave.number)
                for summary in selectors.programme_timeline(programme=programme)
            ]
        self._view(
            views.district_list, reverse("portal:district_list", kwargs={"city": slug}), city=slug
        )
        self._view(
            views.sector_list, reverse("portal:sector_list", kwargs={"city": slug}), city=slug
        )
        tasks: list[Task] = [Task(city, "search", None), Task(city, "feeds", None)]
        tasks += [
            Task(city, "waves", waves[i : i + WAVES_PER_TASK])
            for i in range(0, len(waves), WAVES_PER_TASK)
        ]
        tasks += self._news_list_tasks(city)
        tasks += self._list_tasks(city)
        ids = list(selectors.public_projects(city).order_by("pk").values_list("pk", flat=True))
        tasks += [Task(city, "projects", ids[i : i + CHUNK]) for i in range(0, len(ids), CHUNK)]
        ids = list(news.visible(city).order_by("pk").values_list("pk", flat=True))
        tasks += [Task(city, "articles", ids[i : i + CHUNK]) for i in range(0, len(ids), CHUNK)]
        return tasks

    # Parallel work: forked processes each render a share of the tasks into their own files.

    def _run_tasks(self, tasks: list[Task]) -> None:
        global _RUNNING  # noqa: PLW0603 — the forked children find their exporter here
        total = len(tasks)
        if self.jobs <= 1 or total <= 1:
            for done, task in enumerate(tasks, start=1):
                self._run_task(task)
                self._progress_of(task, done, total)
            return
        _RUNNING = (self, tasks)
        connections.close_all()
        context = multiprocessing.get_context("fork")
        # What the parent holds (Django, the plan of tasks) is frozen out of the children's
        # garbage collections, which would otherwise walk it again and again and copy every page
        # of it that fork shares.
        gc.collect()
        gc.freeze()
        try:
            with context.Pool(self.jobs, initializer=_start_worker) as pool:
                for done, (index, pages, files) in enumerate(
                    pool.imap_unordered(_run_forked_task, range(total)), start=1
                ):
                    self.report.pages += pages
                    self.report.files += files
                    self._progress_of(tasks[index], done, total)
        finally:
            gc.unfreeze()
            _RUNNING = None

    def _progress_of(self, task: Task, done: int, total: int) -> None:
        label = TASK_LABELS[task.kind]
        city = f"{task.city.name}: " if task.city is not None else ""
        self.progress(f"{city}{label} — بخش {done} از {total}")

    def _run_task(self, task: Task) -> None:
        city, kind, payload = task.city, task.kind, task.payload
        if kind == "sitemap":
            self._sitemap_page(*payload)
            return
        assert city is not None
        if kind == "projects":
            self._project_pages(city, payload)
        elif kind == "list":
            self._list_pages(city, payload)
        elif kind == "articles":
            self._article_pages(city, payload)
        elif kind == "news":
            self._news_list_pages(city, *payload)
        elif kind == "waves":
            self._wave_pages(city, payload)
        elif kind == "search":
            self._search_pages(city)
        elif kind == "feeds":
            self._feeds(city)
        else:
            raise ValueError(f"unknown export task {kind!r}")

    def _wave_pages(self, city: Municipality, waves: list[tuple[str, int]]) -> None:
        for programme_slug, number in waves:
            path = links.wave_path(city.slug, programme_slug, number)
            self._view(views.wave, path, city=city.slug, programme=programme_slug, number=number)

    def _project_pages(self, city: Municipality, ids: list[int]) -> None:
        chunk = list(
            Project.objects.filter(pk__in=ids)
            .select_related("district", "unit")
            .prefetch_related("sectors")
            .order_by("pk")
        )
        for project in chunk:
            project.municipality = city
        data = selectors.project_data_many(projects=chunk)
        request = self._request(links.city_url(city))
        chrome = self._chrome[city.pk]
        for project in chunk:
            url = links.project_url(project)
            response = views.render_project(
                request, city, data[project.pk], chrome, canonical_path=unquote(url)
            )
            self._write(url, response.content)

    # Paginated lists: all projects, each district and each sector. The parent reads each list's
    # order once (ids and credits); a task renders a run of its pages from those ids.

    def _list_tasks(self, city: Municipality) -> list[Task]:
        public = selectors.public_projects(city)
        lists: list[tuple[QuerySet[Project], str, dict[str, Any]]] = [
            (public, reverse("portal:project_list", kwargs={"city": city.slug}), {})
        ]
        for district in District.objects.filter(municipality=city).order_by("number"):
            district.municipality = city
            lists.append(
                (
                    public.filter(district=district),
                    links.district_url(district),
                    {"heading": district.name, "kind": "منطقه"},
                )
            )
        for sector in Sector.objects.filter(municipality=city).order_by("code"):
            sector.municipality = city
            lists.append(
                (
                    public.filter(sectors=sector),
                    links.sector_url(sector),
                    {"heading": sector.name, "kind": "حوزه"},
                )
            )
        size = selectors.PAGE_SIZE
        per_task = max(1, CHUNK // size) * size
        tasks: list[Task] = []
        for projects, base, extra in lists:
            rows = list(projects.order_by("-is_headline", "code").values_list("pk", "credit_rial"))
            ids = [pk for pk, _ in rows]
            group = ListGroup(base, extra, selectors.Totals(len(rows), sum(c for _, c in rows)))
            for first in range(0, max(1, len(ids)), per_task):
                tasks.append(
                    Task(
                        city,
                        "list",
                        ListSlice(group, first // size + 1, ids[first : first + per_task]),
                    )
                )
        return tasks

    def _list_pages(self, city: Municipality, part: ListSlice) -> None:
        group = part.group
        found = (
            Project.objects.filter(pk__in=part.ids)
            .select_related("district")
            .only(*LIST_ROW_FIELDS)
            .in_bulk()
        )
        ordered = [found[pk] for pk in part.ids if pk in found]
        request = self._request(links.city_url(city))
        size = selectors.PAGE_SIZE
        paginator: Paginator[Any] = Paginator(range(group.totals.projects), size)
        template = "portal/group.html" if group.extra else "portal/project_list.html"
        title = group.extra.get("heading", "پروژه‌ها")
        pages = [ordered[i : i + size] for i in range(0, len(ordered), size)] or [[]]
        for number, chunk in enumerate(pages, start=part.first_page):
            page: Page[Any] = Page(chunk, number, paginator)
            path = group.base if number == 1 else f"{group.base}page/{number}/"
            response = views._render(
                request,
                template,
                city=city,
                title=f"{title} — {city.name}",
                canonical_path=unquote(path),
                page=page,
                page_base=group.base,
                totals=group.totals,
                chrome=self._chrome[city.pk],
                **group.extra,
            )
            self._write(path, response.content)

    # News: the list pages share one read of every item; articles come in chunks.

    def _news_list_tasks(self, city: Municipality) -> list[Task]:
        items = news.all_items(city=city)
        self._news_items[city.pk] = items
        pages = max(1, -(-len(items) // news.PAGE_SIZE))
        return [
            Task(city, "news", (first, min(pages, first + NEWS_PAGES_PER_TASK - 1)))
            for first in range(1, pages + 1, NEWS_PAGES_PER_TASK)
        ]

    def _news_list_pages(self, city: Municipality, first: int, last: int) -> None:
        base = reverse("portal:news_list", kwargs={"city": city.slug})
        paginator: Paginator[Any] = Paginator(self._news_items[city.pk], news.PAGE_SIZE)
        request = self._request(base)
        for number in range(first, last + 1):
            path = base if number == 1 else f"{base}page/{number}/"
            response = views._render(
                request,
                "portal/news_list.html",
                city=city,
                title=f"خبرها — {city.name}",
                canonical_path=unquote(path),
                page=paginator.page(number),
                page_base=base,
                chrome=self._chrome[city.pk],
            )
            self._write(path, response.content)

    def _feeds(self, city: Municipality) -> None:
        for name, path in news.feed_paths(city=city):
            feed = news.feed_response(name, self._request(path), city=city)
            if feed is not None:
                self._write(path + "index.xml" if path.endswith("/") else path, feed.content)

    def _article_pages(self, city: Municipality, ids: list[int]) -> None:
        request = self._request(links.city_url(city))
        chrome = self._chrome[city.pk]
        for article, data in news.export_items(city=city, ids=ids):
            response = views.render_article(
                request, city, article, data, chrome=chrome, canonical_path=unquote(data.url)
            )
            self._write(data.url, response.content)
            self._write(data.short_url, _redirect_page(data.url), page=False)

    def _search_pages(self, city: Municipality) -> None:
        entries = SearchEntry.objects.filter(municipality=city).order_by("-dated", "-id")
        index = [[e.kind, e.title, e.url, e.key] for e in entries.iterator(chunk_size=5000)]
        base = reverse("portal:search", kwargs={"city": city.slug})
        self._write(f"{base}index.json", json.dumps(index, ensure_ascii=False), page=False)
        response = views._render(
            self._request(base),
            "portal/search_static.html",
            city=city,
            title=f"جست‌وجو — {city.name}",
            index_url=f"{base}index.json",
        )
        self._write(base, response.content)

    # Sitemaps: the index is written at once, each of its pages is a task.

    def _sitemap_tasks(self) -> list[Task]:
        from django.contrib.sitemaps import views as sitemap_views

        from jahesh.portal.sitemaps import SITEMAPS

        index = sitemap_views.index(
            self._request("/sitemap.xml"),
            sitemaps=SITEMAPS,
            sitemap_url_name="portal:sitemap_section",
        )
        index.render()
        # Static files cannot answer ?p=2; the export names each further page of a section.
        content = re.sub(rb"sitemap-([\w-]+)\.xml\?p=(\d+)", rb"sitemap-\1-\2.xml", index.content)
        self._write("/sitemap.xml", content, page=False)
        return [
            Task(None, "sitemap", (section, number))
            for section, sitemap_class in SITEMAPS.items()
            for number in range(1, sitemap_class().paginator.num_pages + 1)
        ]

    def _sitemap_page(self, section: str, number: int) -> None:
        from django.contrib.sitemaps import views as sitemap_views

        from jahesh.portal.sitemaps import SITEMAPS

        path = f"/sitemap-{section}.xml" + (f"?p={number}" if number > 1 else "")
        response = sitemap_views.sitemap(
            self.factory.get(path, secure=self.secure), sitemaps=SITEMAPS, section=section
        )
        response.render()
        name = f"/sitemap-{section}.xml" if number == 1 else f"/sitemap-{section}-{number}.xml"
        self._write(name, response.content, page=False)

    def _copy_static(self) -> None:
        for folder in STATIC_FOLDERS:
            found = finders.find(folder)
            source = Path(found if isinstance(found, str) else "")
            if source.is_dir():
                shutil.copytree(source, self.target / "static" / folder, dirs_exist_ok=True)


_RUNNING: tuple[SiteExporter, list[Task]] | None = None


def _start_worker() -> None:
    # Rendering makes many short-lived objects and few cycles: collect the young ones less often.
    gc.set_threshold(20_000, 50, 100)


def _run_forked_task(index: int) -> tuple[int, int, int]:
    """Run one task in a forked child and report what it wrote."""
    assert _RUNNING is not None
    exporter, tasks = _RUNNING
    before = (exporter.report.pages, exporter.report.files)
    exporter._run_task(tasks[index])
    return index, exporter.report.pages - before[0], exporter.report.files - before[1]


def _cpu_seconds() -> float:
    """User and system time of this process and of its finished children (the workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _redirect_page(url: str) -> str:
    """A static page that sends the browser on, for hosts that cannot answer with a redirect."""
    return render_to_string("portal/redirect.html", {"url": url})


def default_jobs() -> int:
    return os.cpu_count() or 1


def export_site(
    target: Path,
    *,
    city_slug: str | None = None,
    progress: Callable[[str], None] | None = None,
    jobs: int = 1,
) -> ExportReport:
    """Write the public site of every public city (or of one) into ``target``.

    ``jobs`` > 1 forks that many processes for the bulk of the pages; SQLite and PostgreSQL both
    serve them, each child opening its own connection.
    """
    cities = list(selectors.city_list())
    if city_slug is not None:
        cities = [selectors.city_get(slug=city_slug)]
    return SiteExporter(target, cities=cities, progress=progress, jobs=jobs).run()
