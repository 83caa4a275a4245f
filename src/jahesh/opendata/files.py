"""Every file a city's open data serves, one row each: its address, URL name, content type,
cache kind, builder and how it is sent.

``urls`` makes one address per row and ``views.download`` answers them all through
``downloads.cached_file``; adding a file is adding a row. The URL names are the ones the
catalogue (``catalogue.Distribution.url_name``), the index page and the static export use.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from jahesh.core.addresses import site_url
from jahesh.opendata import bulk, downloads, facts, oc4ids, promises, tabular
from jahesh.registry.models import Municipality, Project

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json"
# The promises inside count overdue days, which grow each day with no change of data.
ZIP_KIND = "zip|{day}"


@dataclass(frozen=True, slots=True)
class Asked:
    """What a builder may read: the request, the city and, at a project's address, the
    project."""

    request: HttpRequest
    city: Municipality
    project: Project | None = None

    @property
    def site(self) -> str:
        return site_url(self.request)


Build = Callable[[Asked], Iterable[str] | bytes]


@dataclass(frozen=True, slots=True)
class Download:
    """One file, served at ``<city>/<path>`` under the URL name ``name``.

    ``cache_kind`` names the file in its cache key and so in its ETag: changing it changes the
    ETag every client holds. In it ``{day}`` stands for today's date (a file that ages by the
    day with no change of data) and ``{project}`` for the project's key. ``filename``, when set,
    sends the file as an attachment under that name, ``{city}`` standing for the city's slug.
    ``build``, ``stream`` and ``binary`` are as in ``downloads.cached_file``.
    """

    name: str
    path: str
    content_type: str
    cache_kind: str
    build: Build
    filename: str = ""
    stream: bool = False
    binary: bool = False

    def kind_for(self, asked: Asked) -> str:
        project = asked.project.pk if asked.project is not None else ""
        return self.cache_kind.format(day=timezone.localdate().isoformat(), project=project)

    def filename_for(self, city: Municipality) -> str | None:
        return self.filename.format(city=city.slug) or None


def _project_package(asked: Asked) -> Iterator[str]:
    assert asked.project is not None
    uri = asked.site + reverse(
        "opendata:oc4ids_project", kwargs={"city": asked.city.slug, "code": asked.project.code}
    )
    package = oc4ids.single_project_package(city=asked.city, project=asked.project, uri=uri)
    yield json.dumps(package, ensure_ascii=False, cls=DjangoJSONEncoder)


def _zip(asked: Asked) -> bytes:
    """The ZIP's bytes as its download serves them: the checksum reads the very bytes."""
    return downloads.built_bytes(
        asked.request,
        city_slug=asked.city.slug,
        kind=BULK.kind_for(asked),
        build=lambda: bulk.zip_bytes(asked.city, asked.site),
    )


# No filename: saved under its address's name, the one the checksum file names.
BULK = Download("bulk", "opendata.zip", "application/zip", ZIP_KIND, _zip, stream=True, binary=True)

# In the order of the addresses (a client cannot tell, but a reader can).
DOWNLOADS = (
    Download(
        "catalogue_jsonld",
        "catalogue.jsonld",
        "application/ld+json",
        "catalogue",
        lambda a: bulk.catalogue_text(a.city, a.site),
    ),
    Download(
        "oc4ids", "oc4ids.json", JSON_TYPE, "oc4ids", lambda a: bulk.oc4ids_text(a.city, a.site)
    ),
    Download(
        "oc4ids_project",
        "projects/<str:code>/oc4ids.json",
        JSON_TYPE,
        "oc4ids-project:{project}",
        _project_package,
    ),
    Download(
        "csv",
        "projects.csv",
        CSV_TYPE,
        "csv",
        lambda a: tabular.csv_lines(a.city),
        filename="{city}-projects.csv",
        stream=True,
    ),
    Download(
        "geojson",
        "projects.geojson",
        "application/geo+json",
        "geojson",
        lambda a: tabular.geojson_chunks(a.city, a.site),
        stream=True,
    ),
    Download(
        "facts_csv",
        "facts.csv",
        CSV_TYPE,
        "facts-csv",
        lambda a: facts.csv_lines(a.city, a.site),
        filename="{city}-facts.csv",
        stream=True,
    ),
    Download(
        "facts_json",
        "facts.json",
        JSON_TYPE,
        "facts-json",
        lambda a: facts.json_chunks(a.city, a.site),
        stream=True,
    ),
    Download(
        "promises_csv",
        "promises.csv",
        CSV_TYPE,
        "promises-csv|{day}",
        lambda a: promises.csv_lines(a.city),
        filename="{city}-promises.csv",
        stream=True,
    ),
    Download(
        "promises_json",
        "promises.json",
        JSON_TYPE,
        "promises-json|{day}",
        lambda a: bulk.promises_text(a.city),
        stream=True,
    ),
    Download(
        "dictionary",
        "data-dictionary.csv",
        CSV_TYPE,
        "dictionary",
        lambda a: bulk.dictionary_lines(),
        filename="data-dictionary.csv",
        stream=True,
    ),
    BULK,
    Download(
        "bulk_checksum",
        "opendata.zip.sha256",
        "text/plain; charset=utf-8",
        ZIP_KIND + "|sha256",
        lambda a: [bulk.checksum_line(_zip(a))],
    ),
)
BY_NAME = {row.name: row for row in DOWNLOADS}
