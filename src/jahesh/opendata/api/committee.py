"""The committee's public data and the newsroom's published figures, read-only.

Sessions (``Session.objects.public()``: not cancelled) with their topics; resolutions the
committee made public (``Resolution.objects.public()``) of those sessions; public and approved
documents (``Draft.objects.public()``) with where each member city stands in adopting them; the
terms of the public glossaries; and the facts (figures) printed in published articles. The
committee's writes bump no content version, so these answers' validators add a signature of
the tables they read (``conditional.table_signature``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from jahesh.committee.models import (
    AgendaItem,
    Draft,
    DraftKind,
    Resolution,
    ResolutionStatus,
    Session,
    SessionStatus,
)
from jahesh.committee.selectors import glossary_rows, glossary_terms
from jahesh.newsroom.models import Article, Fact, FactMeasure
from jahesh.opendata.api import answers, conditional, filters
from jahesh.opendata.api.filters import Id, ListQuery
from jahesh.opendata.api.pagination import sort_keys
from jahesh.opendata.api.problems import Problem
from jahesh.opendata.api.schemas import Item, Lang, Page, jalali_day, jalali_moment

router = Router(tags=["کمیته و ارقام"])
ERRORS: dict[int, Any] = {304: None, 400: Problem, 422: Problem, 429: Problem, 500: Problem}

COMMITTEE_TABLES = (
    "committee",
    lambda: "|".join(
        conditional.table_signature(rows)
        for rows in (
            Session.objects.all(),
            Resolution.objects.all(),
            Draft.objects.all(),
            AgendaItem.objects.all(),
        )
    ),
)
FACT_TABLE = ("facts", lambda: conditional.table_signature(Fact.objects.all()))


class CommitteeQuery(ListQuery):
    committee: str | None = Field(None, max_length=80, description="نامک کمیته")


class SessionQuery(CommitteeQuery):
    status: SessionStatus | None = None
    date_from: str | None = Field(None, max_length=40, description="از روز (جلالی یا میلادی)")
    date_to: str | None = Field(None, max_length=40)
    sort: Literal["number", "-number", "id", "-id"] = "-number"


class ResolutionQuery(CommitteeQuery):
    session: int | None = Field(None, ge=1, le=2**31 - 1, description="شماره نشست")
    status: ResolutionStatus | None = None
    sort: Literal["id", "-id"] = "id"


class DocumentQuery(CommitteeQuery):
    kind: DraftKind | None = None
    sort: Literal["id", "-id", "title", "-title"] = "id"


class FactQuery(ListQuery):
    municipality: str | None = Field(None, max_length=60, description="نامک شهرداری")
    article: int | None = Id
    measure: FactMeasure | None = None
    out_of_date: bool | None = Field(None, description="فقط رقم‌هایی که دیگر درست نیستند")
    sort: Literal["id", "-id"] = "id"


class GlossaryQuery(Schema):
    committee: str | None = Field(None, max_length=80)
    q: str | None = Field(None, max_length=200, description="جست‌وجو در واژه و تعریف")


SESSION_SORTS = sort_keys(("number", "number", "int"), ("id", "pk", "int"))
RESOLUTION_SORTS = sort_keys(("id", "pk", "int"))
DOCUMENT_SORTS = sort_keys(("id", "pk", "int"), ("title", "title", "str"))
FACT_SORTS = sort_keys(("id", "pk", "int"))


class ResolutionOut(Item):
    id: int
    committee: str
    code: str
    session: int
    row: int
    text: str
    status: str
    status_label: str
    due_on: dt.date | None
    due_on_jalali: str | None
    responsible: list[str]
    secretariat_responsible: bool
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: Resolution) -> ResolutionOut:
        return cls(
            id=row.pk,
            committee=row.session.committee.slug,
            code=row.code,
            session=row.session.number,
            row=row.row,
            text=row.text,
            status=row.status,
            status_label=row.get_status_display(),
            due_on=row.due_on,
            due_on_jalali=jalali_day(row.due_on),
            responsible=[member.name for member in row.responsible.all()],
            secretariat_responsible=row.secretariat_responsible,
        )


class SessionOut(Item):
    id: int
    committee: str
    number: int
    title: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    status_reason: str
    host: str | None
    date: dt.date | None
    date_jalali: str | None
    venue: str
    mode: str
    topics: list[str]
    resolutions: list[int]
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: Session) -> SessionOut:
        return cls(
            id=row.pk,
            committee=row.committee.slug,
            number=row.number,
            title=row.ordinal_title,
            kind=row.kind,
            kind_label=row.get_kind_display(),
            status=row.status,
            status_label=row.get_status_display(),
            status_reason=row.status_reason,
            host=row.host.name if row.host else None,
            date=row.date,
            date_jalali=jalali_day(row.date),
            venue=row.venue,
            mode=row.mode,
            topics=[item.title for item in row.items.all()],
            resolutions=[r.pk for r in getattr(row, "public_resolutions", [])],
        )


class AdoptionOut(Schema):
    city: str
    status: str
    status_label: str
    adopted_on: dt.date | None


class DocumentOut(Item):
    id: int
    committee: str
    kind: str
    kind_label: str
    title: str
    status: str
    status_label: str
    adoptions: list[AdoptionOut]
    updated_at: dt.datetime
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: Draft) -> DocumentOut:
        return cls(
            id=row.pk,
            committee=row.committee.slug,
            kind=row.kind,
            kind_label=row.get_kind_display(),
            title=row.title,
            status=row.status,
            status_label=row.get_status_display(),
            adoptions=[
                AdoptionOut(
                    city=a.member.name,
                    status=a.status,
                    status_label=a.get_status_display(),
                    adopted_on=a.adopted_on,
                )
                for a in row.adoptions.all()
            ],
            updated_at=row.updated_at,
        )


class FactOut(Item):
    id: int
    municipality: str
    article: int
    article_code: int
    slot: str
    measure: str
    measure_label: str
    printed: str
    exact_value: int
    current_value: int | None
    current_printed: str
    checked_at: dt.datetime | None
    checked_at_jalali: str | None
    out_of_date: bool
    lang: Lang = "fa"

    @classmethod
    def of(cls, row: Fact) -> FactOut:
        return cls(
            id=row.pk,
            municipality=row.article.municipality.slug,
            article=row.article_id,
            article_code=row.article.code,
            slot=row.slot,
            measure=row.measure,
            measure_label=row.get_measure_display(),
            printed=row.printed,
            exact_value=row.exact_value,
            current_value=row.current_value,
            current_printed=row.current_printed,
            checked_at=row.checked_at,
            checked_at_jalali=jalali_moment(row.checked_at),
            out_of_date=row.is_out_of_date,
        )


class TermOut(Schema):
    committee: str
    document: int
    term: str
    english: str
    definition: str
    related: list[str]
    source: str
    lang: Lang = "fa"


class SessionPage(Page):
    items: list[SessionOut]


class ResolutionPage(Page):
    items: list[ResolutionOut]


class DocumentPage(Page):
    items: list[DocumentOut]


class FactPage(Page):
    items: list[FactOut]


class Glossary(Schema):
    items: list[TermOut]


def _public_resolutions() -> QuerySet[Resolution]:
    return Resolution.objects.public().filter(session__in=Session.objects.public())


def _in_committee(rows: QuerySet[Any], path: str, slug: str | None) -> QuerySet[Any]:
    return rows if slug is None else rows.filter(**{f"{path}__slug": slug})


def sessions(query: SessionQuery) -> QuerySet[Session]:
    rows: QuerySet[Any] = (
        Session.objects.public()
        .select_related("committee", "host")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.order_by("position").only(
                    "title", "position", "session_id"
                ),
            ),
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.public().order_by("row").only("pk", "session_id"),
                to_attr="public_resolutions",
            ),
        )
    )
    rows = _in_committee(rows, "committee", query.committee)
    if query.status is not None:
        rows = rows.filter(status=query.status)
    start = filters.day("date_from", query.date_from)
    end = filters.day("date_to", query.date_to)
    if start is not None:
        rows = rows.filter(date__gte=start)
    if end is not None:
        rows = rows.filter(date__lte=end)
    return rows


def resolutions(query: ResolutionQuery) -> QuerySet[Resolution]:
    rows = (
        _public_resolutions().select_related("session__committee").prefetch_related("responsible")
    )
    rows = _in_committee(rows, "session__committee", query.committee)
    if query.session is not None:
        rows = rows.filter(session__number=query.session)
    if query.status is not None:
        rows = rows.filter(status=query.status)
    return rows


def documents(query: DocumentQuery) -> QuerySet[Draft]:
    rows: QuerySet[Any] = (
        Draft.objects.public().select_related("committee").prefetch_related("adoptions__member")
    )
    rows = _in_committee(rows, "committee", query.committee)
    if query.kind is not None:
        rows = rows.filter(kind=query.kind)
    return rows


def facts(query: FactQuery) -> QuerySet[Fact]:
    rows = Fact.objects.filter(article__in=Article.objects.published()).select_related(
        "article__municipality"
    )
    if query.municipality is not None:
        rows = rows.filter(article__municipality__slug=query.municipality)
    if query.article is not None:
        rows = rows.filter(article_id=query.article)
    if query.measure is not None:
        rows = rows.filter(measure=query.measure)
    if query.out_of_date is not None:
        rows = rows.filter(drifted_at__isnull=not query.out_of_date)
    return rows


@router.get("/committee-sessions", response={200: SessionPage, **ERRORS})
def session_list(request: HttpRequest, query: Query[SessionQuery]) -> HttpResponse:
    """The committee's sessions (all but cancelled ones), with their topics and the ids of their
    public resolutions."""
    return answers.page(
        request, query, schema=SessionOut, present=SessionOut.of,
        rows=lambda: sessions(query), sorts=SESSION_SORTS, city_slug=None,
        extra=COMMITTEE_TABLES,
    )  # fmt: skip


@router.get("/committee-resolutions", response={200: ResolutionPage, **ERRORS})
def resolution_list(request: HttpRequest, query: Query[ResolutionQuery]) -> HttpResponse:
    """Resolutions the committee made public, numbered «session/row»."""
    return answers.page(
        request, query, schema=ResolutionOut, present=ResolutionOut.of,
        rows=lambda: resolutions(query), sorts=RESOLUTION_SORTS, city_slug=None,
        extra=COMMITTEE_TABLES,
    )  # fmt: skip


@router.get("/committee-documents", response={200: DocumentPage, **ERRORS})
def document_list(request: HttpRequest, query: Query[DocumentQuery]) -> HttpResponse:
    """Approved and public documents (structures, job descriptions, glossaries, texts), with
    where each member city stands in adopting them."""
    return answers.page(
        request, query, schema=DocumentOut, present=DocumentOut.of,
        rows=lambda: documents(query), sorts=DOCUMENT_SORTS, city_slug=None,
        extra=COMMITTEE_TABLES,
    )  # fmt: skip


@router.get("/glossary", response={200: Glossary, **ERRORS})
def glossary(request: HttpRequest, query: Query[GlossaryQuery]) -> HttpResponse:
    """The terms of every public glossary, in Persian dictionary order; ``q`` matches any
    spelling of a term or its definition."""
    etag, modified = conditional.validators(request, city_slug=None, extra=COMMITTEE_TABLES)
    early = conditional.not_modified(request, etag, modified)
    if early is not None:
        return early
    drafts = documents(DocumentQuery.model_validate({"committee": query.committee}))
    items: list[dict[str, Any]] = []
    for draft in drafts.filter(kind=DraftKind.GLOSSARY).order_by("pk"):
        for term in glossary_terms(glossary_rows(draft), query.q or ""):
            items.append(
                TermOut(
                    committee=draft.committee.slug,
                    document=draft.pk,
                    term=term.term,
                    english=term.english,
                    definition=term.definition,
                    related=list(term.related),
                    source=term.source,
                ).model_dump(mode="json")
            )
    return conditional.mark(answers.json_answer({"items": items}), etag, modified)


@router.get("/facts", response={200: FactPage, **ERRORS})
def fact_list(request: HttpRequest, query: Query[FactQuery]) -> HttpResponse:
    """The figures printed in published articles: what was printed, the exact value then, and
    the value at the last re-check (``out_of_date`` when the printed words are no longer true)."""
    return answers.page(
        request, query, schema=FactOut, present=FactOut.of,
        rows=lambda: facts(query), sorts=FACT_SORTS, city_slug=query.municipality,
        articles=True, extra=FACT_TABLE,
    )  # fmt: skip


__all__ = ["router"]
