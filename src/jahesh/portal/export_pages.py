"""How the static export renders each kind of page, and the per-process object that writes them.

``exporting.SiteExporter`` plans the export in the parent process as ``Task`` shares; a task's
``kind`` names a row of ``TASK_KINDS``, which says how a ``PageWriter`` renders it. HTML pages
come from the same page builders as the live views (``views.home_page``, ``views.project_page``,
…) and are rendered without a request (``views.page_html``). Only Django's feed and sitemap views
need one, to learn the site's host and scheme: they get an ``ExportRequest`` for the public
site's address, so no setting is changed while exporting.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, cast
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import views as sitemap_views
from django.core.files.storage import default_storage
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict, StreamingHttpResponse
from django.template.loader import render_to_string
from django.template.response import SimpleTemplateResponse
from django.urls import resolve, reverse

from jahesh.core.errors import JaheshError
from jahesh.newsroom import selectors as newsroom_selectors
from jahesh.newsroom.models import Fact
from jahesh.portal import facts as portal_facts
from jahesh.portal import links, news, selectors, views
from jahesh.portal.models import SearchEntry
from jahesh.portal.sitemaps import SITEMAPS
from jahesh.registry.models import Municipality, Project
from jahesh.registry.timeline import ProjectTimelineRows, timeline_rows_many

SEARCH_INDEX_NAME = "index.json.gz"
# The formats a public glossary offers besides its page (committee/drafts/public_glossary.html).
GLOSSARY_FORMATS = ("csv", "json", "ttl")

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


class ExportPathError(JaheshError):
    """A page's address would put its file outside the export folder (or cannot name a file)."""


class ExportPageError(JaheshError):
    """A public address the export replays did not answer as the live site would for anyone."""


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
class SiteAddress:
    """Where the exported files will be served: the host and scheme of ``SITE_URL``."""

    host: str
    secure: bool

    @classmethod
    def from_settings(cls) -> SiteAddress:
        site_url: str = settings.SITE_URL
        return cls(urlsplit(site_url).netloc or "127.0.0.1", site_url.startswith("https"))


class ExportRequest(HttpRequest):
    """A GET of one public address, for Django's feed and sitemap views.

    Those views read the site's domain and scheme from the request. Here the host is the public
    site's, set by the exporter rather than sent by a client, so it is not checked against
    ``ALLOWED_HOSTS``: an installation that runs only to export need not answer to that host.
    """

    def __init__(self, address: str, site: SiteAddress) -> None:
        super().__init__()
        parts = urlsplit(address)
        self.method = "GET"
        self.path = self.path_info = unquote(parts.path)
        self.GET = QueryDict(parts.query)
        self.META = {"HTTP_HOST": site.host, "SERVER_PORT": "443" if site.secure else "80"}
        self._site = site

    def get_host(self) -> str:
        return self._site.host

    def _get_scheme(self) -> str:
        return "https" if self._site.secure else "http"


@dataclass(frozen=True, slots=True)
class Task:
    """A share of the export: a kind of page (a key of ``TASK_KINDS``) and what it renders."""

    city: Municipality | None
    kind: str
    payload: Any

    def in_city(self) -> Municipality:
        if self.city is None:
            raise ValueError(f"export task {self.kind!r} has no city")
        return self.city


@dataclass(frozen=True, slots=True)
class ListGroup:
    """One paginated list of projects: its address, its totals, and for a district's or a
    sector's list its name and kind (all projects: no name)."""

    base: str
    totals: selectors.Totals
    name: str = ""
    kind: str = ""


@dataclass(frozen=True, slots=True)
class ListSlice:
    """A run of one list's pages, from ``first_page``, holding these projects in order."""

    group: ListGroup
    first_page: int
    ids: list[int]


@dataclass(slots=True)
class ExportPlan:
    """What the parent read while planning, shared read-only with every worker through the fork:
    the resolved export folder, the site's address, per city its shared parts (header, footer,
    head and map links) and its news items, and the tasks."""

    root: str
    site: SiteAddress
    chrome: dict[int, dict[str, str]] = field(default_factory=dict)
    news_items: dict[int, list[news.NewsItem]] = field(default_factory=dict)
    tasks: list[Task] = field(default_factory=list)


class PageWriter:
    """Render pages and write them under the export folder, counting what it wrote.

    One per process: the parent writes the stand-alone pages with its own, and every forked
    worker makes one of its own (``for_worker``), so the counters and the set of folders already
    made belong to one process and are passed around, never kept in module state.
    """

    def __init__(self, plan: ExportPlan, folders: set[str] | None = None) -> None:
        self.plan = plan
        self.pages = 0
        self.files = 0
        self._folders = set(folders) if folders is not None else {plan.root}

    def for_worker(self) -> PageWriter:
        """A writer for a forked worker: the same plan, the folders made so far, no counts."""
        return PageWriter(self.plan, self._folders)

    def run(self, task: Task) -> None:
        TASK_KINDS[task.kind].render(self, task)

    # Writing

    def write(self, path: str, content: bytes | str, *, page: bool = True) -> None:
        relative = unquote(path).lstrip("/")
        if path.endswith("/") or not relative:
            relative += "index.html"
        destination = path_under_root(self.plan.root, relative)
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
        self.files += 1
        if page:
            self.pages += 1

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

    def write_page(
        self, path: str, page: views.PortalPage, *, chrome: Mapping[str, str] | None = None
    ) -> None:
        self.write(path, views.page_html(page, path=unquote(path), chrome=chrome))

    def request(self, address: str) -> ExportRequest:
        return ExportRequest(address, self.plan.site)

    def served(self, address: str) -> tuple[bytes, str]:
        """Return the body and content type the live site answers a visitor who asks for
        ``address``.

        Open data and the committee are layers the portal does not import (or reads only for
        what to export), and the programmes' feeds are the newsroom's: their pages and files are
        asked of their own views, through the URL configuration, as an anonymous GET of the
        public site's address, so the export holds exactly what the site serves.
        """
        request = self.request(address)
        request.user = AnonymousUser()
        match = resolve(request.path_info)
        response = match.func(request, *match.args, **match.kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response.render()
        if response.status_code != 200:
            raise ExportPageError(
                f"نشانی «{address[:200]}» در خروجی ایستا پاسخ {response.status_code} داد، "
                "نه صفحه‌ای که همه می‌بینند؛ چیزی از آن نوشته نشد."
            )
        content_type = str(response.get("Content-Type", ""))
        if isinstance(response, StreamingHttpResponse):
            # The views are synchronous, so their streams are plain iterators.
            return b"".join(cast(Iterator[bytes], response.streaming_content)), content_type
        return bytes(response.content), content_type

    # One method per kind of task (see TASK_KINDS).

    def waves(self, task: Task) -> None:
        city = task.in_city()
        for programme_slug, number in task.payload:
            path = links.wave_path(city.slug, programme_slug, number)
            self.write_page(path, views.wave_page(city, programme_slug, number))

    def projects(self, task: Task) -> None:
        city = task.in_city()
        chunk = list(
            Project.objects.filter(pk__in=task.payload)
            .select_related("district", "unit")
            .prefetch_related("sectors")
            .order_by("pk")
        )
        for project in chunk:
            project.municipality = city
        data = selectors.project_data_many(projects=chunk)
        timelines = timeline_rows_many(projects=chunk)
        chrome = self.plan.chrome[city.pk]
        for project in chunk:
            url = links.project_url(project)
            page = views.project_page(city, data[project.pk], timeline_rows=timelines[project.pk])
            self.write_page(url, page, chrome=chrome)
            self.progress_photos(timelines[project.pk])

    def progress_photos(self, rows: ProjectTimelineRows) -> None:
        """Copy a project's progress photos (web size and thumbnail) to the addresses its page
        names; the live site serves them through a gate (registry.media) a static host lacks, so
        only the photos of projects the export writes, which are public, are copied."""
        for update in rows.updates:
            for photo in update.photos.all():
                for file in (photo.image, photo.thumbnail):
                    address = urlsplit(file.url)
                    # Files kept elsewhere (an object store's own host) are linked, not copied.
                    if address.netloc or not address.path.startswith("/"):
                        continue
                    try:
                        with default_storage.open(str(file.name), "rb") as handle:
                            data = handle.read()
                    except FileNotFoundError:
                        # Lost from storage: the live site answers 404 for it too.
                        continue
                    self.write(address.path, data, page=False)

    def project_lists(self, task: Task) -> None:
        city = task.in_city()
        part: ListSlice = task.payload
        group = part.group
        found = (
            Project.objects.filter(pk__in=part.ids)
            .select_related("district")
            .only(*LIST_ROW_FIELDS)
            .in_bulk()
        )
        ordered = [found[pk] for pk in part.ids if pk in found]
        size = selectors.PAGE_SIZE
        paginator: Paginator[Any] = Paginator(range(group.totals.projects), size)
        pages = [ordered[i : i + size] for i in range(0, len(ordered), size)] or [[]]
        for number, rows in enumerate(pages, start=part.first_page):
            page: Page[Any] = Page(rows, number, paginator)
            path = group.base if number == 1 else f"{group.base}page/{number}/"
            if group.name:
                built = views.group_page(
                    city,
                    name=group.name,
                    kind=group.kind,
                    page=page,
                    totals=group.totals,
                    page_base=group.base,
                )
            else:
                built = views.projects_page(city, page=page, totals=group.totals)
            self.write_page(path, built, chrome=self.plan.chrome[city.pk])

    def news_lists(self, task: Task) -> None:
        city = task.in_city()
        first, last = task.payload
        base = reverse("portal:news_list", kwargs={"city": city.slug})
        paginator: Paginator[Any] = Paginator(self.plan.news_items[city.pk], news.PAGE_SIZE)
        for number in range(first, last + 1):
            path = base if number == 1 else f"{base}page/{number}/"
            self.write_page(
                path,
                views.news_list_page(city, page=paginator.page(number)),
                chrome=self.plan.chrome[city.pk],
            )

    def articles(self, task: Task) -> None:
        city = task.in_city()
        chrome = self.plan.chrome[city.pk]
        # The figures each article prints link to their fact pages, as on the live site.
        figures: dict[int, list[Fact]] = {}
        for fact in Fact.objects.filter(article_id__in=task.payload).order_by("pk"):
            figures.setdefault(fact.article_id, []).append(fact)
        for article, data in news.export_items(city=city, ids=task.payload):
            page = views.article_page(city, article, data, facts=figures.get(article.pk, ()))
            self.write_page(data.url, page, chrome=chrome)
            self.write(data.short_url, redirect_page(data.url), page=False)

    def facts(self, task: Task) -> None:
        """Write the fact page of each figure of the city's published articles."""
        city = task.in_city()
        chrome = self.plan.chrome[city.pk]
        for pk in task.payload:
            view = newsroom_selectors.public_fact_get(municipality=city, pk=pk)
            path = portal_facts.fact_path(city.slug, pk)
            self.write_page(path, views.fact_page(city, view), chrome=chrome)

    def search(self, task: Task) -> None:
        city = task.in_city()
        entries = SearchEntry.objects.filter(municipality=city).order_by("-dated", "-id")
        index = [[e.kind, e.title, e.url, e.key] for e in entries.iterator(chunk_size=5000)]
        base = reverse("portal:search", kwargs={"city": city.slug})
        # Compressed, the index is a fraction of its size; search.js inflates it in the browser
        # (and reads it as it is where a host already sent it with Content-Encoding: gzip). No
        # time is stored, so the same content gives the same bytes.
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        packed = gzip.compress(text.encode(), compresslevel=9, mtime=0)
        self.write(f"{base}{SEARCH_INDEX_NAME}", packed, page=False)
        self.write_page(
            base,
            views.PortalPage(
                "portal/search_static.html",
                city,
                f"جست‌وجو — {city.name}",
                context={"index_url": f"{base}{SEARCH_INDEX_NAME}"},
            ),
        )

    def served_files(self, task: Task) -> None:
        """Write each address as the live site serves it (see ``served``); a folder's address
        gets ``index.html``, or ``index.xml`` for a feed, as the city's own feeds do."""
        for address in task.payload:
            body, content_type = self.served(address)
            html = content_type.startswith("text/html")
            index = ("index.html" if html else "index.xml") if address.endswith("/") else ""
            self.write(address + index, body, page=html)

    def committee(self, task: Task) -> None:
        """Write a committee's public page, its sessions' feeds and its public glossaries, as
        served.

        A glossary page offers its other formats as ``?format=…`` of its own address, which a
        static host cannot answer: the export writes them as files beside the page and points
        the page's links at them, as it names the further pages of a sitemap.
        """
        slug, glossary_ids = task.payload
        address = reverse("committee:public", args=[slug])
        self.write(address, self.served(address)[0])
        # The public page names its sessions' feeds; they are files with their own names.
        for feed in ("committee:sessions-rss", "committee:sessions-atom"):
            feed_address = reverse(feed, args=[slug])
            self.write(feed_address, self.served(feed_address)[0], page=False)
        for draft_id in glossary_ids:
            address = reverse("committee:public-glossary", args=[slug, draft_id])
            page, _ = self.served(address)
            for fmt in GLOSSARY_FORMATS:
                body, _ = self.served(f"{address}?format={fmt}")
                self.write(f"{address}glossary.{fmt}", body, page=False)
                page = page.replace(
                    f'href="?format={fmt}"'.encode(), f'href="glossary.{fmt}"'.encode()
                )
            self.write(address, page)

    def feeds(self, task: Task) -> None:
        city = task.in_city()
        for name, path in news.feed_paths(city=city):
            feed = news.feed_response(name, self.request(path), city=city)
            if feed is not None:
                self.write(path + "index.xml" if path.endswith("/") else path, feed.content)

    def sitemap_index(self) -> None:
        """Write ``sitemap.xml``; each page of its sections is a task of its own."""
        index = sitemap_views.index(
            self.request("/sitemap.xml"),
            sitemaps=SITEMAPS,
            sitemap_url_name="portal:sitemap_section",
        )
        index.render()
        # Static files cannot answer ?p=2; the export names each further page of a section.
        content = re.sub(rb"sitemap-([\w-]+)\.xml\?p=(\d+)", rb"sitemap-\1-\2.xml", index.content)
        self.write("/sitemap.xml", content, page=False)

    def sitemap_page(self, task: Task) -> None:
        section, number = task.payload
        path = f"/sitemap-{section}.xml" + (f"?p={number}" if number > 1 else "")
        response = sitemap_views.sitemap(self.request(path), sitemaps=SITEMAPS, section=section)
        response.render()
        name = f"/sitemap-{section}.xml" if number == 1 else f"/sitemap-{section}-{number}.xml"
        self.write(name, response.content, page=False)


@dataclass(frozen=True, slots=True)
class TaskKind:
    """How a kind of task is shown in the progress lines, and how a writer renders it."""

    label: str
    render: Callable[[PageWriter, Task], None]


TASK_KINDS: Mapping[str, TaskKind] = MappingProxyType(
    {
        "projects": TaskKind("پروژه‌ها", PageWriter.projects),
        "list": TaskKind("فهرست‌ها", PageWriter.project_lists),
        "articles": TaskKind("خبرها", PageWriter.articles),
        "facts": TaskKind("رقم‌های خبرها", PageWriter.facts),
        "news": TaskKind("فهرست خبرها", PageWriter.news_lists),
        "waves": TaskKind("مرحله‌ها", PageWriter.waves),
        "search": TaskKind("نمایه جست‌وجو", PageWriter.search),
        "feeds": TaskKind("خوراک‌ها", PageWriter.feeds),
        "sitemap": TaskKind("نقشه سایت", PageWriter.sitemap_page),
        "served": TaskKind("داده‌های باز و خوراک برنامه‌ها", PageWriter.served_files),
        "committee": TaskKind("کمیته", PageWriter.committee),
    }
)


def redirect_page(url: str) -> str:
    """A static page that sends the browser on, for hosts that cannot answer with a redirect."""
    return render_to_string("portal/redirect.html", {"url": url})
