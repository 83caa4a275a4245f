"""Open-data downloads (built once per city content version, see ``downloads``) and a small
read-only JSON API of a city's public projects and waves."""

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
from django.views.decorators.http import require_safe

from jahesh.core.addresses import site_url
from jahesh.core.errors import NotFoundError
from jahesh.opendata import downloads, oc4ids, selectors, tabular

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


@open_data
def index(request: HttpRequest, city: str) -> HttpResponse:
    found = selectors.city_get(slug=city)
    return render(request, "opendata/index.html", {"city": found})


@open_data
def oc4ids_package(request: HttpRequest, city: str) -> HttpResponseBase:
    found = selectors.city_get(slug=city)

    def build() -> Iterator[str]:
        uri = site_url(request) + reverse("opendata:oc4ids", kwargs={"city": found.slug})
        package = oc4ids.project_package(city=found, uri=uri)
        yield json.dumps(package, ensure_ascii=False, cls=DjangoJSONEncoder)

    return downloads.cached_file(
        request, city_slug=found.slug, kind="oc4ids", content_type="application/json", build=build
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
        {
            "results": [
                {
                    "programme": wave.programme.name,
                    "programme_slug": wave.programme.slug,
                    "number": wave.number,
                    "theme": wave.theme,
                    "occasion": wave.occasion.name if wave.occasion else None,
                    "start_date": wave.start_date.isoformat(),
                    "end_date": wave.end_date.isoformat(),
                    "status": wave.status,
                }
                for wave in selectors.public_waves(found)
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )
