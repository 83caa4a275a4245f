"""Open-data downloads (one view for every row of ``files``, each built once per city content
version, see ``downloads``), the data catalogue, and a small read-only JSON API of a city's
public projects and waves."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from jahesh.core.addresses import site_url
from jahesh.core.errors import NotFoundError
from jahesh.opendata import bulk, catalogue, downloads, files, selectors, tabular

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
def download(
    request: HttpRequest, city: str, name: str, code: str | None = None
) -> HttpResponseBase:
    """Answer the city's file ``name`` (a row of ``files.DOWNLOADS``), or one project's."""
    row = files.BY_NAME[name]
    found = selectors.city_get(slug=city)
    project = selectors.project_one(found, code=code) if code is not None else None
    asked = files.Asked(request, found, project)
    return downloads.cached_file(
        request,
        city_slug=found.slug,
        kind=row.kind_for(asked),
        content_type=row.content_type,
        build=lambda: row.build(asked),
        filename=row.filename_for(found),
        stream=row.stream,
        binary=row.binary,
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
