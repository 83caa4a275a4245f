"""Write the public portal as static files any web server or CDN can serve.

Pages are rendered by the same page builders and templates as the live site (see
``export_pages``). The bulk of them (projects, list pages, articles) is read in chunks through the
batch selectors, so a chunk of a few hundred pages costs a handful of queries instead of a handful
per page.

Every page goes to ``<path>/index.html``; the live site's pagination uses ``page/<n>/`` paths
for the same reason. Search, which needs a server, becomes a static page that searches a JSON
index in the browser (``search.js``); see docs/portal.md for how it differs from the live search.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import connections
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

from jahesh.committee.models import Committee, DraftKind
from jahesh.committee.selectors import public_drafts
from jahesh.newsroom.models import Fact
from jahesh.portal import links, news, selectors, views
from jahesh.portal.export_pages import (
    TASK_KINDS,
    ExportPathError,
    ExportPlan,
    ListGroup,
    ListSlice,
    PageWriter,
    SiteAddress,
    Task,
    path_under_root,
    redirect_page,
)
from jahesh.portal.sitemaps import SITEMAPS
from jahesh.registry.models import District, Municipality, Project, Sector

__all__ = ["ExportPathError", "ExportReport", "export_site", "path_under_root"]

# Pages per task: enough to read their data in a few queries, few enough to share the work
# evenly between the workers.
CHUNK = 400
WAVES_PER_TASK = 5
NEWS_PAGES_PER_TASK = 25
STATIC_FOLDERS = ("portal", "leaflet")
# A city's open-data index page and the files it links to (URL names of jahesh.opendata),
# written as served: the API's first page holds what a static host can answer.
OPEN_DATA_ADDRESSES = (
    *("index", "oc4ids", "csv", "geojson", "api_projects", "api_waves"),
    *("promises_csv", "promises_json"),
    *("catalogue", "catalogue_jsonld", "facts_csv", "facts_json", "dictionary"),
    *("bulk", "bulk_checksum"),
)


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
        self.report = ExportReport()
        # Resolved once, so that every destination can be checked against it as plain text.
        self.plan = ExportPlan(root=os.path.realpath(target), site=SiteAddress.from_settings())
        self.writer = PageWriter(self.plan)

    def run(self) -> ExportReport:
        started, cpu = time.perf_counter(), _cpu_seconds()
        self.target.mkdir(parents=True, exist_ok=True)
        self._copy_static()
        self.writer.write("/404.html", render_to_string("404.html"), page=False)
        if len(self.cities) != 1:
            self.writer.write_page("/", views.root_page(self.cities))
        else:
            self.writer.write("/", redirect_page(links.city_url(self.cities[0])))
        self.writer.write_page(reverse("portal:members"), views.members_page())
        # The few pages of each city that stand alone are written here; the bulk is planned as
        # tasks of a few hundred pages each, and one pool runs the tasks of every city, so no
        # worker waits at the end of one kind of page while another finishes its share.
        self.writer.sitemap_index()
        self.plan.tasks += [
            Task(None, "sitemap", (section, number))
            for section, sitemap_class in SITEMAPS.items()
            for number in range(1, sitemap_class().paginator.num_pages + 1)
        ]
        for city in self.cities:
            self.plan.tasks += self._plan_city(city)
        self.plan.tasks += self._committee_tasks()
        forked_pages, forked_files = self._run_tasks()
        self.report.pages = self.writer.pages + forked_pages
        self.report.files = self.writer.files + forked_files
        self.report.seconds = time.perf_counter() - started
        self.report.cpu_seconds = _cpu_seconds() - cpu
        return self.report

    def _plan_city(self, city: Municipality) -> list[Task]:
        slug = city.slug
        # Parts that are the same on every page of the city are rendered once and inserted.
        self.plan.chrome[city.pk] = {
            **views.chrome_for(city),
            "head": render_to_string("portal/_head_links.html", {"city": city}),
            "map_scripts": render_to_string("portal/_map_scripts.html", {"has_map": True}),
        }
        self.progress(f"{city.name}: صفحه نخست و برنامه‌ها")
        self.writer.write_page(links.city_url(city), views.home_page(city))
        waves: list[tuple[str, int]] = []
        served = [
            reverse(f"opendata:{name}", kwargs={"city": slug}) for name in OPEN_DATA_ADDRESSES
        ]
        served.append(reverse("portal:promises", kwargs={"city": slug}))
        for programme in selectors.public_programmes(city):
            programme.municipality = city
            self.writer.write_page(
                links.programme_url(programme), views.programme_page(city, programme.slug)
            )
            served += [
                reverse(
                    f"portal:newsroom_feeds:programme_{name}",
                    kwargs={"city": slug, "programme": programme.slug},
                )
                for name in ("rss", "atom")
            ]
            waves += [
                (programme.slug, summary.wave.number)
                for summary in selectors.programme_timeline(programme=programme)
            ]
        self.writer.write_page(
            reverse("portal:district_list", kwargs={"city": slug}), views.district_list_page(city)
        )
        self.writer.write_page(
            reverse("portal:sector_list", kwargs={"city": slug}), views.sector_list_page(city)
        )
        # The map's filters need a server; the export writes its unfiltered page.
        self.writer.write_page(
            reverse("portal:city_map", kwargs={"city": slug}), views.city_map_page(city)
        )
        tasks: list[Task] = [
            Task(city, "search", None),
            Task(city, "feeds", None),
            Task(city, "served", served),
        ]
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
        # A fact page for each figure of the articles exported (the pages link them).
        figures = Fact.objects.filter(article__in=news.visible(city)).order_by("pk")
        ids = list(figures.values_list("pk", flat=True))
        tasks += [Task(city, "facts", ids[i : i + CHUNK]) for i in range(0, len(ids), CHUNK)]
        return tasks

    def _committee_tasks(self) -> list[Task]:
        """The committees' public pages, and ``/committee/`` as a list of them: the live
        address asks for a login, which a static site cannot offer."""
        committees = list(Committee.objects.order_by("name"))
        if not committees:
            return []
        self.writer.write(
            reverse("committee:index"),
            render_to_string("portal/committees_static.html", {"committees": committees}),
        )
        tasks = []
        for committee in committees:
            glossaries = [
                draft.pk for draft in public_drafts(committee) if draft.kind == DraftKind.GLOSSARY
            ]
            tasks.append(Task(None, "committee", (committee.slug, glossaries)))
        return tasks

    # Paginated lists: all projects, each district and each sector. The parent reads each list's
    # order once (ids and credits); a task renders a run of its pages from those ids.

    def _list_tasks(self, city: Municipality) -> list[Task]:
        public = selectors.public_projects(city)
        lists: list[tuple[QuerySet[Project], str, str, str]] = [
            (public, reverse("portal:project_list", kwargs={"city": city.slug}), "", "")
        ]
        for district in District.objects.filter(municipality=city).order_by("number"):
            district.municipality = city
            lists.append(
                (
                    public.filter(district=district),
                    links.district_url(district),
                    district.name,
                    "منطقه",
                )
            )
        for sector in Sector.objects.filter(municipality=city).order_by("code"):
            sector.municipality = city
            lists.append(
                (public.filter(sectors=sector), links.sector_url(sector), sector.name, "حوزه")
            )
        size = selectors.PAGE_SIZE
        per_task = max(1, CHUNK // size) * size
        tasks: list[Task] = []
        for projects, base, name, kind in lists:
            rows = list(projects.order_by("-is_headline", "code").values_list("pk", "credit_rial"))
            ids = [pk for pk, _ in rows]
            totals = selectors.Totals(len(rows), sum(c for _, c in rows))
            group = ListGroup(base, totals, name, kind)
            for first in range(0, max(1, len(ids)), per_task):
                tasks.append(
                    Task(
                        city,
                        "list",
                        ListSlice(group, first // size + 1, ids[first : first + per_task]),
                    )
                )
        return tasks

    # News: the list pages share one read of every item; articles come in chunks.

    def _news_list_tasks(self, city: Municipality) -> list[Task]:
        items = news.all_items(city=city)
        self.plan.news_items[city.pk] = items
        pages = max(1, -(-len(items) // news.PAGE_SIZE))
        return [
            Task(city, "news", (first, min(pages, first + NEWS_PAGES_PER_TASK - 1)))
            for first in range(1, pages + 1, NEWS_PAGES_PER_TASK)
        ]

    # Running the tasks: here, or in forked processes that each render a share into their own
    # files.

    def _run_tasks(self) -> tuple[int, int]:
        """Run the plan's tasks; return the pages and files the forked workers wrote."""
        tasks = self.plan.tasks
        total = len(tasks)
        if self.jobs <= 1 or total <= 1:
            for done, task in enumerate(tasks, start=1):
                self.writer.run(task)
                self._progress_of(task, done, total)
            return 0, 0
        pages = files = 0
        connections.close_all()
        context = multiprocessing.get_context("fork")
        # What the parent holds (Django, the plan of tasks) is frozen out of the children's
        # garbage collections, which would otherwise walk it again and again and copy every page
        # of it that fork shares.
        gc.collect()
        gc.freeze()
        try:
            # Forked, the initializer's arguments reach each worker as they are, unpickled.
            with context.Pool(
                self.jobs, initializer=_start_worker, initargs=(self.writer,)
            ) as pool:
                for done, (index, task_pages, task_files) in enumerate(
                    pool.imap_unordered(_run_forked_task, range(total)), start=1
                ):
                    pages += task_pages
                    files += task_files
                    self._progress_of(tasks[index], done, total)
        finally:
            gc.unfreeze()
        return pages, files

    def _progress_of(self, task: Task, done: int, total: int) -> None:
        label = TASK_KINDS[task.kind].label
        city = f"{task.city.name}: " if task.city is not None else ""
        self.progress(f"{city}{label} — بخش {done} از {total}")

    def _copy_static(self) -> None:
        for folder in STATIC_FOLDERS:
            found = finders.find(folder)
            source = Path(found if isinstance(found, str) else "")
            if source.is_dir():
                shutil.copytree(source, self.target / "static" / folder, dirs_exist_ok=True)


# The pool calls ``_run_forked_task`` by name in each worker, so a worker keeps its one
# ``PageWriter`` here. It is set only inside forked workers, by ``_start_worker`` from the writer
# the parent passes; the parent's copy stays None, and two exports never share it.
_worker_writer: PageWriter | None = None


def _start_worker(parent: PageWriter) -> None:
    global _worker_writer  # noqa: PLW0603 — this worker's own writer; see above
    # Rendering makes many short-lived objects and few cycles: collect the young ones less often.
    gc.set_threshold(20_000, 50, 100)
    _worker_writer = parent.for_worker()


def _run_forked_task(index: int) -> tuple[int, int, int]:
    """Run one task in a forked worker and report what it wrote."""
    writer = _worker_writer
    if writer is None:
        raise RuntimeError("_run_forked_task runs only in a worker started by _start_worker")
    before = (writer.pages, writer.files)
    writer.run(writer.plan.tasks[index])
    return index, writer.pages - before[0], writer.files - before[1]


def _cpu_seconds() -> float:
    """User and system time of this process and of its finished children (the workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


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
