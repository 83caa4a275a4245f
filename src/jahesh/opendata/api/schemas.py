"""What the API answers, as typed schemas: the OpenAPI document is generated from these, and every
answer is built through them, so the two cannot drift apart.

Numbers are numbers: credits are integer rials with the integer toman figure beside; dates are
ISO 8601 (Gregorian) with the Jalali date beside, as a person reads it; text is Persian and every
item says so in ``lang``. With ``fields=`` an item holds only the fields named (and ``id``), so
the schemas require nothing but ``id``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import BaseModel, ConfigDict

from jahesh.leaps.models import PlanAssignment, Programme, Wave
from jahesh.newsroom.models import Article
from jahesh.persian import format_jalali
from jahesh.registry.models import District, Municipality, Project, Sector

RIALS_PER_TOMAN = 10
Lang = Literal["fa"]


def _only_id_required(schema: dict[str, Any]) -> None:
    schema["required"] = [name for name in schema.get("required", []) if name == "id"]


def jalali_day(value: dt.date | None) -> str | None:
    return None if value is None else format_jalali(value, "short")


def jalali_moment(value: dt.datetime | None) -> str | None:
    return None if value is None else format_jalali(value, "datetime")


class Item(BaseModel):
    """An item of an answer, built by its ``of`` from a row.

    A plain pydantic model, not Ninja's ``Schema``: Ninja's wraps every construction in its
    attribute resolver, which cost more than the rest of a page of 100 projects together.
    """

    model_config = ConfigDict(json_schema_extra=_only_id_required)


class Point(BaseModel):
    latitude: float
    longitude: float


class MunicipalityOut(Item):
    id: str
    name: str
    city_name: str
    credit_display_unit: Literal["toman", "rial"]
    center: Point
    is_illustrative: bool
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: Municipality) -> MunicipalityOut:
        return cls(
            id=row.slug,
            name=row.name,
            city_name=row.city_name,
            credit_display_unit=row.credit_display_unit,  # type: ignore[arg-type]
            center=Point(
                latitude=float(row.center_latitude), longitude=float(row.center_longitude)
            ),
            is_illustrative=row.is_illustrative,
        )


class DistrictOut(Item):
    id: int
    municipality: str
    number: int
    name: str
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: District) -> DistrictOut:
        return cls(id=row.pk, municipality=row.municipality.slug, number=row.number, name=row.name)


class SectorOut(Item):
    id: int
    municipality: str
    code: str
    name: str
    oc4ids_code: str
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: Sector) -> SectorOut:
        return cls(
            id=row.pk,
            municipality=row.municipality.slug,
            code=row.code,
            name=row.name,
            oc4ids_code=row.oc4ids_code,
        )


def _sector_codes(row: Project) -> list[str]:
    # The API's selector prefetches the sectors in code order as ``sector_rows``.
    found = getattr(row, "sector_rows", None)
    rows = found if found is not None else row.sectors.order_by("code")
    return [sector.code for sector in rows]


class ProjectOut(Item):
    id: int
    municipality: str
    code: str
    title: str
    description: str
    status: str
    status_label: str
    physical_progress_pct: int
    credit_rial: int
    credit_toman: int
    district: int | None
    district_name: str | None
    unit_name: str | None
    sectors: list[str]
    start_date: dt.date | None
    start_date_jalali: str | None
    planned_end_date: dt.date | None
    planned_end_date_jalali: str | None
    latitude: float | None
    longitude: float | None
    geometry: dict[str, Any] | None
    length_m: int | None
    area_m2: int | None
    is_headline: bool
    updated_at: dt.datetime
    distance_m: float | None = None
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: Project) -> ProjectOut:
        distance = getattr(row, "distance_m", None)
        return cls(
            id=row.pk,
            municipality=row.municipality.slug,
            code=row.code,
            title=row.title,
            description=row.description,
            status=row.status,
            status_label=row.get_status_display(),
            physical_progress_pct=row.physical_progress_pct,
            credit_rial=row.credit_rial,
            credit_toman=row.credit_rial // RIALS_PER_TOMAN,
            district=row.district_id,
            district_name=row.district.name if row.district else None,
            unit_name=row.unit.name if row.unit else None,
            sectors=_sector_codes(row),
            start_date=row.start_date,
            start_date_jalali=jalali_day(row.start_date),
            planned_end_date=row.planned_end_date,
            planned_end_date_jalali=jalali_day(row.planned_end_date),
            latitude=None if row.latitude is None else float(row.latitude),
            longitude=None if row.longitude is None else float(row.longitude),
            geometry=row.geometry or None,
            length_m=row.length_m,
            area_m2=row.area_m2,
            is_headline=row.is_headline,
            updated_at=row.updated_at,
            distance_m=None if distance is None else round(distance, 1),
        )


class CeremonyOut(Item):
    """A ceremony the city has placed in a public wave of its current plan."""

    id: int
    municipality: str
    project: int
    project_code: str
    project_title: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    programme: str
    wave: int
    wave_number: int
    day: dt.date
    day_jalali: str
    venue: str
    held_at: dt.datetime | None
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: PlanAssignment) -> CeremonyOut:
        ceremony = row.ceremony
        project = ceremony.project
        return cls(
            id=ceremony.pk,
            municipality=row.wave.programme.municipality.slug,
            project=project.pk,
            project_code=project.code,
            project_title=project.title,
            kind=ceremony.kind,
            kind_label=ceremony.get_kind_display(),
            status=ceremony.status,
            status_label=ceremony.get_status_display(),
            programme=row.wave.programme.slug,
            wave=row.wave_id,
            wave_number=row.wave.number,
            day=row.day,
            day_jalali=format_jalali(row.day, "short"),
            venue=ceremony.venue,
            held_at=ceremony.held_at,
        )


class ProgrammeOut(Item):
    id: int
    municipality: str
    slug: str
    name: str
    wave_noun: str
    description: str
    started_on: dt.date | None
    started_on_jalali: str | None
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: Programme) -> ProgrammeOut:
        return cls(
            id=row.pk,
            municipality=row.municipality.slug,
            slug=row.slug,
            name=row.name,
            wave_noun=row.wave_noun,
            description=row.description,
            started_on=row.started_on,
            started_on_jalali=jalali_day(row.started_on),
        )


class WaveOut(Item):
    id: int
    municipality: str
    programme: str
    programme_name: str
    wave_noun: str
    number: int
    theme: str
    occasion: str | None
    start_date: dt.date
    start_date_jalali: str
    end_date: dt.date
    end_date_jalali: str
    status: str
    status_label: str
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: Wave) -> WaveOut:
        return cls(
            id=row.pk,
            municipality=row.programme.municipality.slug,
            programme=row.programme.slug,
            programme_name=row.programme.name,
            wave_noun=row.programme.wave_noun,
            number=row.number,
            theme=row.theme,
            occasion=row.occasion.name if row.occasion else None,
            start_date=row.start_date,
            start_date_jalali=format_jalali(row.start_date, "short"),
            end_date=row.end_date,
            end_date_jalali=format_jalali(row.end_date, "short"),
            status=row.status,
            status_label=row.get_status_display(),
        )


class ArticleOut(Item):
    id: int
    municipality: str
    code: int
    kind: str
    kind_label: str
    status: str
    kicker: str
    title: str
    lead: str
    body: str
    byline: str
    published_at: dt.datetime | None
    published_at_jalali: str | None
    corrected_at: dt.datetime | None
    correction_note: str
    programme: str | None
    waves: list[int]
    projects: list[int]
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: Article) -> ArticleOut:
        return cls(
            id=row.pk,
            municipality=row.municipality.slug,
            code=row.code,
            kind=row.kind,
            kind_label=row.get_kind_display(),
            status=row.status,
            kicker=row.kicker,
            title=row.title,
            lead=row.lead,
            body=row.body,
            byline=row.byline,
            published_at=row.published_at,
            published_at_jalali=jalali_moment(row.published_at),
            corrected_at=row.corrected_at,
            correction_note=row.correction_note,
            # The slug of the article's programme when that programme is public (selectors).
            programme=getattr(row, "public_programme", None),
            waves=sorted(wave.pk for wave in row.waves.all()),
            projects=sorted(project.pk for project in row.projects.all()),
        )


class Page(Schema):
    """One page of a list: ``next`` is the address of the following page (None on the last)."""

    next: str | None
    next_cursor: str | None
    limit: int
    sort: str


class MunicipalityPage(Page):
    items: list[MunicipalityOut]


class DistrictPage(Page):
    items: list[DistrictOut]


class SectorPage(Page):
    items: list[SectorOut]


class ProjectPage(Page):
    items: list[ProjectOut]


class CeremonyPage(Page):
    items: list[CeremonyOut]


class ProgrammePage(Page):
    items: list[ProgrammeOut]


class WavePage(Page):
    items: list[WaveOut]


class ArticlePage(Page):
    items: list[ArticleOut]
