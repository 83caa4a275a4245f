"""The read endpoints of API v1, one per public list, and the rows one can ask for by id."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.params import functions as param
from pydantic import create_model

from jahesh.opendata.api import answers, plain_rows, selectors, streams
from jahesh.opendata.api.filters import (
    MAX_ID,
    ArticleQuery,
    CeremonyQuery,
    DistrictQuery,
    ListQuery,
    MunicipalityQuery,
    ProgrammeQuery,
    ProjectQuery,
    SectorQuery,
    WaveQuery,
)
from jahesh.opendata.api.pagination import SortKey, sort_keys
from jahesh.opendata.api.problems import Problem
from jahesh.opendata.api.schemas import (
    ArticleOut,
    ArticlePage,
    CeremonyOut,
    CeremonyPage,
    DistrictOut,
    DistrictPage,
    Item,
    MunicipalityOut,
    MunicipalityPage,
    ProgrammeOut,
    ProgrammePage,
    ProjectOut,
    ProjectPage,
    SectorOut,
    SectorPage,
    WaveOut,
    WavePage,
)

router = Router()

ERRORS: dict[int, Any] = {304: None, 400: Problem, 422: Problem, 429: Problem, 500: Problem}
ONE_ERRORS: dict[int, Any] = {**ERRORS, 404: Problem}
RowId = param.Path(..., ge=1, le=MAX_ID)
FieldsParam = param.Query(None, max_length=1000, description="فهرست فیلدهای خواسته، جدا با ویرگول")

MUNICIPALITY_SORTS = sort_keys(("slug", "slug", "str"), ("name", "name", "str"))
DISTRICT_SORTS = sort_keys(
    ("number", "number", "int"), ("name", "name", "str"), ("id", "pk", "int")
)
SECTOR_SORTS = sort_keys(("code", "code", "str"), ("name", "name", "str"), ("id", "pk", "int"))
PROJECT_SORTS = sort_keys(
    ("code", "code", "str"),
    ("title", "title", "str"),
    ("credit_rial", "credit_rial", "int"),
    ("physical_progress_pct", "physical_progress_pct", "int"),
    ("updated_at", "updated_at", "datetime"),
    ("id", "pk", "int"),
    # Only with ``near``: the selector annotates each row's great-circle distance.
    ("distance", "distance_m", "float"),
)
CEREMONY_SORTS = sort_keys(("day", "day", "date"), ("id", "pk", "int"))
PROGRAMME_SORTS = sort_keys(("name", "name", "str"), ("id", "pk", "int"))
WAVE_SORTS = sort_keys(
    ("start_date", "start_date", "date"), ("number", "number", "int"), ("id", "pk", "int")
)
ARTICLE_SORTS = sort_keys(
    ("published_at", "published_at", "datetime"), ("code", "code", "int"), ("id", "pk", "int")
)


@router.get("/municipalities", response={200: MunicipalityPage, **ERRORS}, tags=["شهرها"])
def municipality_list(request: HttpRequest, query: Query[MunicipalityQuery]) -> HttpResponse:
    """The cities that publish their data."""
    return answers.page(
        request,
        query,
        schema=MunicipalityOut,
        present=MunicipalityOut.of,
        rows=selectors.municipalities,
        sorts=MUNICIPALITY_SORTS,
        city_slug=None,
    )


@router.get("/municipalities/{slug}", response={200: MunicipalityOut, **ONE_ERRORS}, tags=["شهرها"])
def municipality_detail(
    request: HttpRequest,
    slug: str = param.Path(..., max_length=60, pattern=r"^[-\w]+$"),
    fields: str | None = FieldsParam,
) -> HttpResponse:
    """One city that publishes its data."""
    return answers.one(
        request,
        fields_raw=fields,
        schema=MunicipalityOut,
        present=MunicipalityOut.of,
        get=lambda: selectors.municipality_get(slug),
        city_slug=slug,
    )


@router.get("/districts", response={200: DistrictPage, **ERRORS}, tags=["شهرها"])
def district_list(request: HttpRequest, query: Query[DistrictQuery]) -> HttpResponse:
    """The districts of the public cities."""
    return answers.page(
        request,
        query,
        schema=DistrictOut,
        present=DistrictOut.of,
        rows=lambda: selectors.districts(query),
        sorts=DISTRICT_SORTS,
        city_slug=query.municipality,
    )


@router.get("/sectors", response={200: SectorPage, **ERRORS}, tags=["شهرها"])
def sector_list(request: HttpRequest, query: Query[SectorQuery]) -> HttpResponse:
    """The sectors of the public cities, each with its OC4IDS code."""
    return answers.page(
        request,
        query,
        schema=SectorOut,
        present=SectorOut.of,
        rows=lambda: selectors.sectors(query),
        sorts=SECTOR_SORTS,
        city_slug=query.municipality,
    )


@router.get("/projects", response={200: ProjectPage, **ERRORS}, tags=["پروژه‌ها"])
def project_list(request: HttpRequest, query: Query[ProjectQuery]) -> HttpResponse:
    """The public projects, filtered as asked."""
    return answers.page(
        request,
        query,
        schema=ProjectOut,
        present=ProjectOut.of,
        rows=lambda: selectors.projects(query),
        sorts=PROJECT_SORTS,
        city_slug=query.municipality,
    )


@router.get("/projects/{project_id}", response={200: ProjectOut, **ONE_ERRORS}, tags=["پروژه‌ها"])
def project_detail(
    request: HttpRequest, project_id: int = RowId, fields: str | None = FieldsParam
) -> HttpResponse:
    """One public project."""
    return answers.one(
        request,
        fields_raw=fields,
        schema=ProjectOut,
        present=ProjectOut.of,
        get=lambda: selectors.project_get(project_id),
        city_slug=None,
    )


@router.get("/ceremonies", response={200: CeremonyPage, **ERRORS}, tags=["آیین‌ها و مراحل"])
def ceremony_list(request: HttpRequest, query: Query[CeremonyQuery]) -> HttpResponse:
    """Ceremonies placed in a public wave of the current plan, of public projects, still
    happening."""
    return answers.page(
        request,
        query,
        schema=CeremonyOut,
        present=CeremonyOut.of,
        rows=lambda: selectors.ceremonies(query),
        sorts=CEREMONY_SORTS,
        city_slug=query.municipality,
    )


@router.get("/programmes", response={200: ProgrammePage, **ERRORS}, tags=["آیین‌ها و مراحل"])
def programme_list(request: HttpRequest, query: Query[ProgrammeQuery]) -> HttpResponse:
    """The public programmes (series of waves)."""
    return answers.page(
        request,
        query,
        schema=ProgrammeOut,
        present=ProgrammeOut.of,
        rows=lambda: selectors.programmes(query),
        sorts=PROGRAMME_SORTS,
        city_slug=query.municipality,
    )


@router.get("/waves", response={200: WavePage, **ERRORS}, tags=["آیین‌ها و مراحل"])
def wave_list(request: HttpRequest, query: Query[WaveQuery]) -> HttpResponse:
    """Announced and held waves of public programmes."""
    return answers.page(
        request,
        query,
        schema=WaveOut,
        present=WaveOut.of,
        rows=lambda: selectors.waves(query),
        sorts=WAVE_SORTS,
        city_slug=query.municipality,
    )


@router.get("/articles", response={200: ArticlePage, **ERRORS}, tags=["خبرها"])
def article_list(request: HttpRequest, query: Query[ArticleQuery]) -> HttpResponse:
    """Published articles (news, reports, statements), newest first by default."""
    return answers.page(
        request,
        query,
        schema=ArticleOut,
        present=ArticleOut.of,
        rows=lambda: selectors.articles(query),
        sorts=ARTICLE_SORTS,
        city_slug=query.municipality,
        articles=True,
    )


@router.get("/articles/{article_id}", response={200: ArticleOut, **ONE_ERRORS}, tags=["خبرها"])
def article_detail(
    request: HttpRequest, article_id: int = RowId, fields: str | None = FieldsParam
) -> HttpResponse:
    """One published article."""
    return answers.one(
        request,
        fields_raw=fields,
        schema=ArticleOut,
        present=ArticleOut.of,
        get=lambda: selectors.article_get(article_id),
        city_slug=None,
        articles=True,
    )


# Every list as CSV, and the lists of places as GeoJSON, from the same filter (streams.py).

DOWNLOAD_TYPES = {
    "csv": (streams.CSV_TYPE.split(";")[0], "The whole filtered list as CSV (UTF-8 with BOM)."),
    "geojson": (
        streams.GEOJSON_TYPE.split(";")[0],
        "The whole filtered list as a GeoJSON FeatureCollection (WGS84).",
    ),
}
DOWNLOAD_SCHEMAS: dict[str, dict[str, Any]] = {
    "csv": {"type": "string"},
    "geojson": {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "features": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "geometry", "properties"],
                    "properties": {
                        "type": {"const": "Feature"},
                        "geometry": {"type": ["object", "null"]},
                        "properties": {"type": "object"},
                    },
                },
            },
        },
    },
}


def _download_route(
    path: str,
    query_type: type[ListQuery],
    *,
    name: str,
    schema: type[Item],
    present: Callable[[Any], Item],
    rows: Callable[[Any], Callable[[], QuerySet[Any]]],
    sorts: dict[str, SortKey],
    tag: str,
    place: streams.Place | None = None,
    articles: bool = False,
    plain: streams.Plain | None = None,
) -> None:
    # The list's filter without its paging: a download is the whole list.
    whole = create_model(
        f"{query_type.__name__}Whole",
        __base__=Schema,
        **{
            field: (info.annotation, info)
            for field, info in query_type.model_fields.items()
            if field not in ("cursor", "limit")
        },
    )  # type: ignore[call-overload]
    filter_type: Any = Query[whole]  # type: ignore[misc,valid-type]
    for kind in ("csv", "geojson") if place else ("csv",):
        media, summary = DOWNLOAD_TYPES[kind]

        def view(request: HttpRequest, query: Any, _kind: str = kind) -> Any:
            return streams.download(
                request,
                query,
                kind=_kind,
                name=name,
                schema=schema,
                present=present,
                rows=rows(query),
                sorts=sorts,
                city_slug=getattr(query, "municipality", None),
                place=place,
                articles=articles,
                plain=plain,
            )

        # Ninja reads the parameters from the signature: ``query`` is the list's own filter.
        view.__annotations__ = {"request": HttpRequest, "query": filter_type}
        view.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [
                inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD),
                inspect.Parameter(
                    "query",
                    inspect.Parameter.POSITIONAL_OR_KEYWORD,
                    annotation=filter_type,
                ),
            ]
        )
        view.__name__ = f"{name}_{kind}"
        view.__doc__ = summary
        router.get(
            f"{path}.{kind}",
            response=ERRORS,
            tags=[tag],
            summary=f"{name} ({kind})",
            openapi_extra={
                "responses": {
                    "200": {
                        "description": summary,
                        "content": {media: {"schema": DOWNLOAD_SCHEMAS[kind]}},
                    }
                }
            },
        )(view)


_download_route(
    "/municipalities",
    MunicipalityQuery,
    name="municipalities",
    schema=MunicipalityOut,
    present=MunicipalityOut.of,
    rows=lambda q: selectors.municipalities,
    sorts=MUNICIPALITY_SORTS,
    tag="شهرها",
)
_download_route(
    "/districts",
    DistrictQuery,
    name="districts",
    schema=DistrictOut,
    present=DistrictOut.of,
    rows=lambda q: lambda: selectors.districts(q),
    sorts=DISTRICT_SORTS,
    tag="شهرها",
)
_download_route(
    "/sectors",
    SectorQuery,
    name="sectors",
    schema=SectorOut,
    present=SectorOut.of,
    rows=lambda q: lambda: selectors.sectors(q),
    sorts=SECTOR_SORTS,
    tag="شهرها",
)
_download_route(
    "/projects",
    ProjectQuery,
    name="projects",
    schema=ProjectOut,
    present=ProjectOut.of,
    rows=lambda q: lambda: selectors.projects(q),
    sorts=PROJECT_SORTS,
    tag="پروژه‌ها",
    place=streams.project_place,
    plain=plain_rows.project_items,
)
_download_route(
    "/ceremonies",
    CeremonyQuery,
    name="ceremonies",
    schema=CeremonyOut,
    present=CeremonyOut.of,
    rows=lambda q: lambda: selectors.ceremonies(q),
    sorts=CEREMONY_SORTS,
    tag="آیین‌ها و مراحل",
    place=streams.ceremony_place,
)
_download_route(
    "/programmes",
    ProgrammeQuery,
    name="programmes",
    schema=ProgrammeOut,
    present=ProgrammeOut.of,
    rows=lambda q: lambda: selectors.programmes(q),
    sorts=PROGRAMME_SORTS,
    tag="آیین‌ها و مراحل",
)
_download_route(
    "/waves",
    WaveQuery,
    name="waves",
    schema=WaveOut,
    present=WaveOut.of,
    rows=lambda q: lambda: selectors.waves(q),
    sorts=WAVE_SORTS,
    tag="آیین‌ها و مراحل",
)
_download_route(
    "/articles", ArticleQuery, name="articles", schema=ArticleOut, present=ArticleOut.of,
    rows=lambda q: lambda: selectors.articles(q), sorts=ARTICLE_SORTS, tag="خبرها",
    articles=True,
)  # fmt: skip


__all__ = ["router"]
