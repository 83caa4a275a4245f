"""``GET /api/v1/promises``: a city's promises and their outcomes, with the summary figures.

The rows are computed from history (``leaps.selectors.promises``), as on the portal's page
«آنچه گفتیم، آنچه شد» and in the CSV/JSON downloads; the same day and data give the same answer.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import BaseModel, Field

from jahesh.leaps.selectors.promises import (
    Outcome,
    Promise,
    PromiseFigures,
    PromiseKind,
    city_promises,
)
from jahesh.opendata import selectors as opendata_selectors
from jahesh.opendata.api import conditional
from jahesh.opendata.api.problems import Problem
from jahesh.opendata.api.schemas import jalali_day

router = Router()

KindCode = Literal["ceremony", "completion"]
OutcomeCode = Literal[
    "on_time", "late", "overdue", "postponed", "cancelled", "pending", "done_undated"
]


class PromiseQuery(Schema):
    municipality: str = Field(..., max_length=60, pattern=r"^[-\w]+$", description="نامک شهرداری")
    kind: KindCode | None = Field(None, description="گونه وعده")
    outcome: OutcomeCode | None = Field(None, description="سرانجام")


class PromiseOut(BaseModel):
    kind: KindCode
    kind_label: str
    project_code: str
    project_title: str
    ceremony_id: int
    ceremony_kind: Literal["groundbreaking", "commissioning", "inauguration"]
    programme: str
    wave_number: int
    district: str
    sectors: list[str]
    made_at: dt.datetime
    promised_date: dt.date
    promised_date_jalali: str | None
    promised_date_today: dt.date | None = Field(
        description="همان تاریخ امروز در سامانه؛ اگر با تاریخ وعده فرق کند، پس از وعده تغییر کرده"
    )
    promised_credit_rial: int | None
    final_credit_rial: int | None
    outcome: OutcomeCode
    outcome_label: str
    outcome_date: dt.date | None
    delay_days: int | None = Field(description="روز تأخیر (انجام‌شده) یا روز گذشته از موعد")

    @classmethod
    def of(cls, p: Promise) -> PromiseOut:
        return cls(
            kind=PromiseKind(p.kind).value,  # type: ignore[arg-type]
            kind_label=p.kind_label,
            project_code=p.project_code,
            project_title=p.project_title,
            ceremony_id=p.ceremony_id,
            ceremony_kind=p.ceremony_kind,  # type: ignore[arg-type]
            programme=p.programme_slug,
            wave_number=p.wave_number,
            district=p.district_name,
            sectors=list(p.sectors),
            made_at=p.made_at,
            promised_date=p.promised_date,
            promised_date_jalali=jalali_day(p.promised_date),
            promised_date_today=p.promised_date_today,
            promised_credit_rial=p.promised_credit_rial,
            final_credit_rial=p.final_credit_rial,
            outcome=Outcome(p.outcome).value,  # type: ignore[arg-type]
            outcome_label=p.outcome_label,
            outcome_date=p.outcome_date,
            delay_days=p.delay_days,
        )


class FiguresOut(BaseModel):
    label: str
    total: int
    due: int
    on_time: int
    late: int
    overdue: int
    postponed: int
    cancelled: int
    pending: int
    done_undated: int
    on_time_rate_pct: float | None
    median_delay_days: float | None

    @classmethod
    def of(cls, f: PromiseFigures) -> FiguresOut:
        return cls(
            label=f.label,
            total=f.total,
            due=f.due,
            on_time=f.on_time,
            late=f.late,
            overdue=f.overdue,
            postponed=f.postponed,
            cancelled=f.cancelled,
            pending=f.pending,
            done_undated=f.done_undated,
            on_time_rate_pct=f.on_time_rate_pct,
            median_delay_days=f.median_delay_days,
        )


class PromiseFiguresOut(BaseModel):
    overall: FiguresOut
    by_kind: list[FiguresOut]
    by_programme: list[FiguresOut]
    by_district: list[FiguresOut]
    by_sector: list[FiguresOut]


class PromisesAnswer(BaseModel):
    municipality: str
    as_of: dt.date
    figures: PromiseFiguresOut = Field(description="ارقام همه وعده‌های شهر، بی‌پالایه")
    count: int
    results: list[PromiseOut]


ERRORS = {304: None, 400: Problem, 404: Problem, 422: Problem, 429: Problem, 500: Problem}


@router.get("/promises", response={200: PromisesAnswer, **ERRORS}, tags=["وعده‌ها"])
def promise_list(request: HttpRequest, query: Query[PromiseQuery]) -> HttpResponse:
    """A city's promises (ceremonies on announced days, projects finished by the promised date)
    and what became of each, computed from history; with the on-time rate and median delay."""
    city = opendata_selectors.city_get(slug=query.municipality)
    today = timezone.localdate()
    etag, modified = conditional.validators(request, city_slug=city.slug)
    # Days overdue grow with no change of data: the day is part of the validator.
    etag = f'{etag[:-1]}-{today:%Y%m%d}"'
    early = conditional.not_modified(request, etag, modified)
    if early is not None:
        return early
    data = city_promises(city=city, today=today)
    shown = [
        p
        for p in data.promises
        if (query.kind is None or p.kind == query.kind)
        and (query.outcome is None or p.outcome == query.outcome)
    ]
    answer = PromisesAnswer(
        municipality=city.slug,
        as_of=today,
        figures=PromiseFiguresOut(
            overall=FiguresOut.of(data.overall),
            by_kind=[FiguresOut.of(f) for f in data.by_kind],
            by_programme=[FiguresOut.of(f) for f in data.by_programme],
            by_district=[FiguresOut.of(f) for f in data.by_district],
            by_sector=[FiguresOut.of(f) for f in data.by_sector],
        ),
        count=len(shown),
        results=[PromiseOut.of(p) for p in shown],
    )
    body = json.dumps(answer.model_dump(mode="json"), ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json")
    return conditional.mark(response, etag, modified)
