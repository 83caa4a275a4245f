"""The read endpoints of API v1, one per public list, and the rows one can ask for by id."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.params import functions as param

from jahesh.opendata.api import answers, selectors
from jahesh.opendata.api.filters import (
    MAX_ID,
    ArticleQuery,
    CeremonyQuery,
    DistrictQuery,
    MunicipalityQuery,
    ProgrammeQuery,
    ProjectQuery,
    SectorQuery,
    WaveQuery,
)
from jahesh.opendata.api.pagination import sort_keys
from jahesh.opendata.api.problems import Problem
from jahesh.opendata.api.schemas import (
    ArticleOut,
    ArticlePage,
    CeremonyOut,
    CeremonyPage,
    DistrictOut,
    DistrictPage,
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


__all__ = ["router"]
