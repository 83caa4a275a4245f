"""Reads behind the open-data exports: only public projects of public cities, with what each
format needs joined in, streamed in chunks so a city of 100,000 projects fits in memory.

What is public is the models' rule, the portal's too (docs/adr/0003-what-is-public.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Max, Prefetch, QuerySet

from jahesh.core.errors import NotFoundError
from jahesh.leaps.models import PlanAssignment, Wave
from jahesh.newsroom.models import ArticleQuerySet, Fact
from jahesh.registry.models import Ceremony, Municipality, Project, ProjectQuerySet, Sector

CHUNK = 2000
# Figures per read: each names up to a wave's projects, all asked for in one IN list.
FACT_CHUNK = 200


class CityNotPublishedError(NotFoundError):
    default_message = "شهرداری‌ای با این نشانی داده باز منتشر نمی‌کند."


class ProjectNotPublishedError(NotFoundError):
    default_message = "پروژه‌ای با این کد در داده‌های باز این شهرداری منتشر نشده است."


def city_get(*, slug: str) -> Municipality:
    city = Municipality.objects.public().filter(slug=slug).first()
    if city is None:
        raise CityNotPublishedError()
    return city


def public_projects(city: Municipality) -> QuerySet[Project]:
    return Project.objects.public_in(city)


def _with_parts(rows: QuerySet[Project]) -> QuerySet[Project]:
    ceremonies = Ceremony.objects.happening().order_by("ready_from", "pk")
    return rows.select_related("district", "unit").prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.order_by("code")),
        Prefetch("ceremonies", queryset=ceremonies),
    )


def project_rows(city: Municipality) -> Iterator[Project]:
    """Yield the city's public projects in code order with district, unit, sectors and the
    ceremonies still happening, a chunk of rows per three queries."""
    rows = _with_parts(public_projects(city)).order_by("code")
    yield from rows.iterator(chunk_size=CHUNK)


def project_one(city: Municipality, *, code: str) -> Project:
    """The city's public project with this code, with what ``project_rows`` joins in."""
    project = _with_parts(public_projects(city).filter(code=code)).first()
    if project is None:
        raise ProjectNotPublishedError()
    return project


def ceremony_days(
    city: Municipality, *, project: Project | None = None
) -> dict[int, tuple[str, int]]:
    """Map each publicly placed ceremony (of one project, when given) to (its day in ISO form,
    its wave number)."""
    placed = PlanAssignment.objects.public_in(city)
    if project is not None:
        placed = placed.filter(ceremony__project=project)
    rows = placed.values_list("ceremony_id", "day", "wave__number")
    return {ceremony_id: (day.isoformat(), number) for ceremony_id, day, number in rows}


def last_change(city: Municipality) -> object:
    return public_projects(city).aggregate(at=Max("updated_at"))["at"]


def public_waves(city: Municipality) -> QuerySet[Wave]:
    return (
        Wave.objects.public_in(city)
        .select_related("programme", "occasion")
        .order_by("programme__name", "number")
    )


def published_facts(city: Municipality) -> QuerySet[Fact]:
    """The figures of the city's published articles, by article code and order of writing."""
    return (
        Fact.objects.filter(
            ArticleQuerySet.published_q("article", city_checked=True), article__municipality=city
        )
        .select_related("article", "programme", "wave")
        .order_by("article__code", "pk")
    )


def fact_rows(city: Municipality) -> Iterator[tuple[Fact, dict[int, str]]]:
    """Yield each published figure with the codes of its rows' projects that are public today.

    A figure's frozen rows name projects by id; one that is no longer public is counted by the
    reader but never shown (the fact page's rule), so each chunk asks which of them still are.
    """
    if not city.is_public:
        return
    facts = published_facts(city)
    chunk: list[Fact] = []
    for fact in facts.iterator(chunk_size=FACT_CHUNK):
        chunk.append(fact)
        if len(chunk) == FACT_CHUNK:
            yield from _with_public_codes(city, chunk)
            chunk = []
    yield from _with_public_codes(city, chunk)


def _with_public_codes(
    city: Municipality, facts: list[Fact]
) -> Iterator[tuple[Fact, dict[int, str]]]:
    wanted = {
        int(row["project"])
        for fact in facts
        for row in fact.rows
        if isinstance(row, dict) and row.get("project")
    }
    codes = (
        dict(
            Project.objects.filter(
                ProjectQuerySet.public_q(city_checked=True), municipality=city, pk__in=wanted
            ).values_list("pk", "code")
        )
        if wanted
        else {}
    )
    for fact in facts:
        yield fact, codes
