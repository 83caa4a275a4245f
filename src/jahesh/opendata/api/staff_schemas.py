"""What the staff API reads and answers. Inputs name only what a client may set; unknown fields
are refused (422). Values are checked by the registry's own rules (``registry.validation``)
through its services, so a wrong value gets the same Persian sentence as in the forms and the
importer; the types here only keep out what cannot reach them (NUL, overlong text, huge
numbers the database cannot hold).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from jahesh.opendata.api.schemas import Item, Lang, ProjectOut, jalali_day
from jahesh.opendata.models import ApiImportJob, ApiToken
from jahesh.registry.models import Ceremony

NO_NUL = r"^[^\x00]*$"
MAX_INT32 = 2**31 - 1
MAX_INT64 = 2**63 - 1


def text(max_length: int, *, required: bool = False) -> Any:
    return Field(... if required else None, max_length=max_length, pattern=NO_NUL)


Day = Annotated[
    str,
    Field(max_length=40, pattern=NO_NUL, description="روز، جلالی (۱۴۰۳/۰۵/۲۰) یا میلادی"),
]
Code = Annotated[str, Field(max_length=60, pattern=NO_NUL)]


class Input(Schema):
    model_config = ConfigDict(extra="forbid")


class ProjectPatch(Input):
    """Fields of a project to change; what is left out stays as it is."""

    code: str | None = text(60)
    title: str | None = text(300)
    description: str | None = text(20_000)
    sectors: list[Code] | None = Field(None, max_length=50, description="کدهای حوزه در این شهر")
    district: int | None = Field(None, ge=0, le=MAX_INT32, description="شماره منطقه؛ ۰ یعنی هیچ")
    unit: str | None = Field(None, max_length=30, pattern=NO_NUL, description="کد واحد اجرایی")
    contractor: str | None = text(200)
    status: str | None = text(20)
    physical_progress_pct: int | None = Field(None, ge=-MAX_INT64, le=MAX_INT64)
    credit_rial: int | None = Field(None, ge=-MAX_INT64, le=MAX_INT64)
    start_date: Day | None = None
    planned_end_date: Day | None = None
    latitude: float | None = Field(None, allow_inf_nan=False)
    longitude: float | None = Field(None, allow_inf_nan=False)
    geometry: dict[str, Any] | None = None
    length_m: int | None = Field(None, ge=-MAX_INT32, le=MAX_INT32)
    area_m2: int | None = Field(None, ge=-MAX_INT32, le=MAX_INT32)
    is_headline: bool | None = None
    is_public: bool | None = None


class ProjectIn(ProjectPatch):
    """A new project: ``code`` and ``title`` are required, as in the import template."""

    code: str = text(60, required=True)
    title: str = text(300, required=True)


class CeremonyPatch(Input):
    kind: str | None = text(16)
    ready_from: Day | None = None
    latest_date: Day | None = None
    duration_min: int | None = Field(None, ge=-MAX_INT32, le=MAX_INT32)
    venue: str | None = text(200)
    importance: int | None = Field(None, ge=-MAX_INT32, le=MAX_INT32)
    readiness: str | None = text(16)


class CeremonyIn(CeremonyPatch):
    project: int = Field(..., ge=1, le=MAX_INT64)
    kind: str = text(16, required=True)
    ready_from: Day


OutcomeCode = Literal["held", "postponed", "cancelled"]


class OutcomeIn(Input):
    """What became of a ceremony: held (when), postponed (to which day) or cancelled."""

    outcome: OutcomeCode
    held_at: dt.datetime | None = Field(None, description="زمان برگزاری؛ پیش‌فرض: اکنون")
    new_date: Day | None = Field(None, description="روز تازه آیینِ به‌تعویق‌افتاده")


class StaffProjectOut(ProjectOut):
    """A project of the token's city, published or not."""

    contractor: str
    is_public: bool

    @classmethod
    def of(cls, row: Any) -> StaffProjectOut:
        base = ProjectOut.of(row).model_dump()
        return cls(**base, contractor=row.contractor, is_public=row.is_public)


class StaffCeremonyOut(Item):
    id: int
    municipality: str
    project: int
    kind: str
    kind_label: str
    status: str
    status_label: str
    readiness: str
    ready_from: dt.date
    ready_from_jalali: str | None
    latest_date: dt.date | None
    latest_date_jalali: str | None
    duration_min: int
    venue: str
    importance: int
    held_at: dt.datetime | None
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: Ceremony) -> StaffCeremonyOut:
        return cls(
            id=row.pk,
            municipality=row.municipality.slug,
            project=row.project_id,
            kind=row.kind,
            kind_label=row.get_kind_display(),
            status=row.status,
            status_label=row.get_status_display(),
            readiness=row.readiness,
            ready_from=row.ready_from,
            ready_from_jalali=jalali_day(row.ready_from),
            latest_date=row.latest_date,
            latest_date_jalali=jalali_day(row.latest_date),
            duration_min=row.duration_min,
            venue=row.venue,
            importance=row.importance,
            held_at=row.held_at,
        )


class TokenOut(Item):
    id: str
    name: str
    kind: str
    scope: str
    municipality: str
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: ApiToken) -> TokenOut:
        return cls(
            id=row.prefix,
            name=row.name,
            kind=row.kind,
            scope=row.scope,
            municipality=row.municipality.slug,
            expires_at=row.expires_at,
            last_used_at=row.last_used_at,
        )


class ImportProblemOut(Schema):
    row: int | None
    column: str | None
    detail: str
    message: str


class ImportRowOut(Schema):
    row: int
    code: str
    title: str
    action: str
    changed: list[str]


class ImportJobOut(Item):
    id: int
    municipality: str
    status: str
    status_label: str
    dry_run: bool
    file_name: str
    summary: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    created: int | None
    updated: int | None
    unchanged: int | None
    rows: list[ImportRowOut]
    problems: list[ImportProblemOut]
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: ApiImportJob) -> ImportJobOut:
        result = row.result or {}
        return cls(
            id=row.pk,
            municipality=row.municipality.slug,
            status=row.status,
            status_label=row.get_status_display(),
            dry_run=row.dry_run,
            file_name=row.file_name,
            summary=row.summary,
            created_at=row.created_at,
            finished_at=row.finished_at,
            created=result.get("created"),
            updated=result.get("updated"),
            unchanged=result.get("unchanged"),
            rows=[ImportRowOut(**r) for r in result.get("rows", [])],
            problems=[ImportProblemOut(**p) for p in result.get("problems", [])],
        )
