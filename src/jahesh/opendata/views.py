"""Open-data downloads (built once per city content version, see ``downloads``), the data
catalogue, and a small read-only JSON API of a city's public projects and waves."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from jahesh.core.addresses import site_url
from jahesh.core.errors import NotFoundError
from jahesh.opendata import bulk, catalogue, downloads, facts, oc4ids, selectors, tabular
from jahesh.registry.models import Municipality

View = Callable[..., HttpResponseBase]
API_PAGE_SIZE = 100


def open_data(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = view(request, *args, **kwargs)
        except NotFoundError as error:
            raise Http404(error.message) from error
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return require_safe(wrapper)


# What a <script> holding JSON must not contain as it is (it would end the element or open a
# comment); the escapes read back as the same JSON.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@open_data
def index(request: HttpRequest, city: str) -> HttpResponse:
    found = selectors.city_get(slug=city)
    return render(request, "opendata/index.html", {"city": found})


@open_data
def catalogue_page(request: HttpRequest, city: str) -> HttpResponse:
    found = selectors.city_get(slug=city)
    document = bulk.catalogue_document(found, site_url(request))
    changed = selectors.last_change(found)
    return render(
        request,
        "opendata/catalogue.html",
        {
            "city": found,
            "datasets": catalogue.DATASETS,
            "licence_url": catalogue.LICENCE_URL,
            "frequency": catalogue.FREQUENCY_LABEL,
            "changed": changed,
            "zip_name": catalogue.ZIP_NAME,
            "jsonld": json.dumps(document, ensure_ascii=False).translate(_SCRIPT_ESCAPES),
        },
    )


@open_data
def catalogue_jsonld(request: HttpRequest, city: str) -> HttpResponseBase:
    found = selectors.city_get(slug=city)
    return downloads.cached_file(
        request,
        city_slug=found.slug,
        kind="catalogue",
        content_type="application/ld+json",
        build=lambda: bulk.catalogue_text(found, site_url(request)),
    )


@open_data
def oc4ids_package(request: HttpRequest, city: str) -> HttpResponseBase:
    found = selectors.city_get(slug=city)
    return downloads.cached_file(
        request,
        city_slug=found.slug,
        kind="oc4ids",
        content_type="application/json",
        build=lambda: bulk.oc4ids_text(found, site_url(request)),
    )


@open_data
def oc4ids_project(request: HttpRequest, city: str, code: str) -> HttpResponseBase:
    found = selectors.city_get(slug=city)
    project = selectors.project_one(found, code=code)

    def build() -> Iterator[str]:
        uri = site_url(request) + reverse(
            "opendata:oc4ids_project", kwargs={"city": found.slug, "code": project.code}
        )
        package = oc4ids.single_project_package(city=found, project=project, uri=uri)
        yield json.dumps(package, ensure_ascii=False, cls=DjangoJSONEncoder)

    return downloads.cached_file(
        request,
        city_slug=found.slug,
        kind=f"oc4ids-project:{project.pk}",
        content_type="application/json",
        build=build,
    )


@open_data
def facts_csv(request: HttpRequest, city: str) -> HttpResponseBase:
    found = selectors.city_get(slug=city)
    return downloads.cached_file(
        request,
        city_slug=found.slug,
        kind="facts-csv",
        content_type="text/csv; charset=utf-8",
        build=lambda: facts.csv_lines(found, site_url(request)),
        filename=f"{found.slug}-facts.csv",
        stream=True,
    )


@open_data
def facts_json(request: HttpRequest, city: str) -> HttpResponseBase:
    found = selectors.city_get(slug=city)
    return downloads.cached_file(
        request,
        city_slug=found.slug,
        kind="facts-json",
        content_type="application/json",
        build=lambda: facts.json_chunks(found, site_url(request)),
        stream=True,
    )


@open_data
def dictionary(request: HttpRequest, city: str) -> HttpResponseBase:
    found = selectors.city_get(slug=city)
    return downloads.cached_file(
        request,
        city_slug=found.slug,
        kind="dictionary",
        content_type="text/csv; charset=utf-8",
        build=bulk.dictionary_lines,
        filename="data-dictionary.csv",
        stream=True,
    )


def _zip_kind() -> str:
    # The promises inside count overdue days, which grow each day with no change of data.
    return f"zip|{timezone.localdate().isoformat()}"


def _zip(request: HttpRequest, found: Municipality) -> bytes:
    return downloads.built_bytes(
        request,
        city_slug=found.slug,
        kind=_zip_kind(),
        build=lambda: bulk.zip_bytes(found, site_url(request)),
    )


@open_data
def bulk_zip(request: HttpRequest, city: str) -> HttpResponseBase:
    found = selectors.city_get(slug=city)
    return downloads.cached_file(
        request,
        city_slug=found.slug,
        kind=_zip_kind(),
        content_type="application/zip",
        build=lambda: _zip(request, found),
        # Saved under its address's name, the one the checksum file names.
        binary=True,
        stream=True,
    )


@open_data
def bulk_checksum(request: HttpRequest, city: str) -> HttpResponseBase:
    found = selectors.city_get(slug=city)
    return downloads.cached_file(
        request,
        city_slug=found.slug,
        kind=f"{_zip_kind()}|sha256",
        content_type="text/plain; charset=utf-8",
        build=lambda: [bulk.checksum_line(_zip(request, found))],
    )


@open_data
def projects_csv(request: HttpRequest, city: str) -> HttpResponseBase:
    found = selectors.city_get(slug=city)
    return downloads.cached_file(
        request,
        city_slug=found.slug,
        kind="csv",
        content_type="text/csv; charset=utf-8",
        build=lambda: tabular.csv_lines(found),
        filename=f"{found.slug}-projects.csv",
        stream=True,
    )


@open_data
def projects_geojson(request: HttpRequest, city: str) -> HttpResponseBase:
    found = selectors.city_get(slug=city)
    return downloads.cached_file(
        request,
        city_slug=found.slug,
        kind="geojson",
        content_type="application/geo+json",
        build=lambda: tabular.geojson_chunks(found, site_url(request)),
        stream=True,
    )


@open_data
def api_projects(request: HttpRequest, city: str) -> HttpResponse:
    found = selectors.city_get(slug=city)
    rows = (
        selectors.public_projects(found)
        .select_related("district", "unit")
        .prefetch_related("sectors")
        .order_by("code")
    )
    page = Paginator(rows, API_PAGE_SIZE).get_page(request.GET.get("page"))
    base = reverse("opendata:api_projects", kwargs={"city": found.slug})
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "next": f"{base}?page={page.next_page_number()}" if page.has_next() else None,
            "previous": (
                f"{base}?page={page.previous_page_number()}" if page.has_previous() else None
            ),
            "results": [tabular.project_fields(p) for p in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@open_data
def api_waves(request: HttpRequest, city: str) -> HttpResponse:
    found = selectors.city_get(slug=city)
    return JsonResponse(
        {"results": [tabular.wave_fields(wave) for wave in selectors.public_waves(found)]},
        json_dumps_params={"ensure_ascii": False},
    )
