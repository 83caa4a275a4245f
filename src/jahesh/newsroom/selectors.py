"""Reads of the newsroom: staff lists, the public view of articles, and the facts composers need."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from jahesh import persian
from jahesh.core.errors import NotFoundError, PermissionDeniedError, require
from jahesh.leaps.models import Plan, PlanAssignment, PlanQuerySet, Programme, Wave, WaveStatus
from jahesh.newsroom import composition
from jahesh.newsroom import permissions as perms
from jahesh.newsroom.composition import reading
from jahesh.newsroom.models import (
    VISIBLE_STATUSES,
    Article,
    ArticleQuerySet,
    ArticleStatus,
    Channel,
    Dispatch,
    Fact,
    FactMeasure,
    Publication,
    PublicationState,
)
from jahesh.registry.models import (
    Ceremony,
    CeremonyKind,
    CeremonyQuerySet,
    Municipality,
    MunicipalityQuerySet,
    Official,
    Project,
    ProjectQuerySet,
)
from jahesh.registry.permissions import Actor

# Staff reads


def article_list(
    *,
    user: Actor,
    municipality: Municipality,
    status: str | None = None,
    kind: str | None = None,
) -> QuerySet[Article]:
    require(perms.can_view_newsroom(user, municipality), PermissionDeniedError())
    rows = Article.objects.filter(municipality=municipality).select_related("reporter")
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-code")


def article_get(*, user: Actor, municipality: Municipality, code: int) -> Article:
    require(perms.can_view_newsroom(user, municipality), PermissionDeniedError())
    try:
        return (
            Article.objects.select_related("municipality", "reporter", "approved_by", "programme")
            .prefetch_related("waves", "photos", "projects")
            .get(municipality=municipality, code=code)
        )
    except Article.DoesNotExist as exc:
        raise NotFoundError("مطلبی با این کد نیست.") from exc


def article_history(*, article: Article) -> list[Any]:
    return list(article.history.select_related("history_user").order_by("-history_date")[:50])


def publication_list(
    *, user: Actor, municipality: Municipality, state: str | None = None
) -> QuerySet[Publication]:
    require(perms.can_view_newsroom(user, municipality), PermissionDeniedError())
    rows = Publication.objects.filter(municipality=municipality).select_related(
        "article", "channel", "dispatch__wave"
    )
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-due_at", "pk")


def publication_get(*, user: Actor, municipality: Municipality, pk: int) -> Publication:
    require(perms.can_view_newsroom(user, municipality), PermissionDeniedError())
    try:
        return Publication.objects.select_related("article__municipality", "channel").get(
            municipality=municipality, pk=pk
        )
    except Publication.DoesNotExist as exc:
        raise NotFoundError("این انتشار پیدا نشد.") from exc


def publication_counts(*, municipality: Municipality) -> list[tuple[str, str, int]]:
    """Return (state, Persian label, count) for every publication state, counted in the database."""
    counted = dict(
        Publication.objects.filter(municipality=municipality)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return [(state.value, state.label, counted.get(state.value, 0)) for state in PublicationState]


def dispatch_list(*, user: Actor, municipality: Municipality) -> QuerySet[Dispatch]:
    require(perms.can_view_newsroom(user, municipality), PermissionDeniedError())
    return Dispatch.objects.filter(municipality=municipality).select_related("wave__programme")


def channel_list(*, user: Actor, municipality: Municipality) -> QuerySet[Channel]:
    require(perms.can_view_newsroom(user, municipality), PermissionDeniedError())
    return Channel.objects.filter(municipality=municipality).order_by("kind", "name")


def channel_get(*, user: Actor, municipality: Municipality, pk: int) -> Channel:
    require(perms.can_manage_channels(user, municipality), PermissionDeniedError())
    try:
        return Channel.objects.get(municipality=municipality, pk=pk)
    except Channel.DoesNotExist as exc:
        raise NotFoundError("این مجرا پیدا نشد.") from exc


def waves_for_publishing(*, municipality: Municipality) -> QuerySet[Wave]:
    return (
        Wave.objects.filter(programme__municipality=municipality)
        .select_related("programme")
        .order_by("-start_date", "programme__name")
    )


# Public reads (the portal and the feeds)


def public_article_list(
    *,
    municipality: Municipality,
    programme: Programme | None = None,
    wave: Wave | None = None,
    project: Project | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Article]:
    """Published articles of a public city, newest first; the feeds read this."""
    rows = Article.objects.published_in(municipality, now=now)
    if programme is not None:
        rows = rows.filter(Q(programme=programme) | Q(waves__programme=programme)).distinct()
    if wave is not None:
        rows = rows.filter(waves=wave)
    if project is not None:
        rows = rows.filter(projects=project)
    return (
        rows.select_related("municipality", "reporter")
        .prefetch_related("photos")
        .order_by("-published_at", "-scheduled_for", "-code")
    )


def public_article_get(
    *, municipality: Municipality, code: int, now: dt.datetime | None = None
) -> Article:
    """A published or withdrawn article by code: its address answers for ever (a withdrawn one
    shows only its title and the reason)."""
    try:
        return (
            Article.objects.filter(
                ArticleQuerySet.published_q(now=now) | Q(status=ArticleStatus.WITHDRAWN),
                MunicipalityQuerySet.public_q("municipality"),
            )
            .select_related("municipality", "reporter")
            .prefetch_related("photos", "waves__programme", "projects")
            .get(municipality=municipality, code=code)
        )
    except Article.DoesNotExist as exc:
        raise NotFoundError("خبری با این کد نیست.") from exc


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def article_url(article: Article) -> str:
    """The permanent address: the city and the code; the slug is only decoration."""
    city = article.municipality.slug
    try:
        path = reverse(
            "portal:article", kwargs={"city": city, "code": article.code, "slug": article.slug}
        )
    except NoReverseMatch:
        path = f"/{city}/news/{article.code}/"
    return absolute_url(path)


# Facts behind published figures


@dataclass(frozen=True, slots=True)
class FactRowView:
    """One row behind a figure as the public fact page shows it."""

    title: str
    kind: str
    kind_label: str
    district: str
    sectors: tuple[str, ...]
    credit_rial: int
    project_code: str
    project_slug: str


@dataclass(frozen=True, slots=True)
class FactWaveRowView:
    """One wave a programme report's figure adds up."""

    number: int
    start_date: dt.date
    project_count: int
    credit_rial: int


@dataclass(frozen=True, slots=True)
class FactView:
    """A published figure, its visible rows and how the words were written."""

    fact: Fact
    article: Article
    rows: tuple[FactRowView, ...]
    rows_withheld: int  # rows no longer public: counted, never shown
    is_credit: bool
    waves: tuple[FactWaveRowView, ...] = ()
    as_of: dt.date | None = None


def hand_figure_warnings(*, article: Article) -> list[str]:
    """Figures typed in the article's text that its wave's data do not bear out, as Persian
    sentences naming the figure and the data's value; empty for an article without one wave."""
    waves = list(article.waves.all()[:2])
    if len(waves) != 1:
        return []
    wave = waves[0]
    text = "\n".join((article.title, article.lead, article.body))
    typed = reading.read_figures(text, wave_noun=wave.programme.wave_noun)
    if not typed:
        return []
    facts = wave_facts(wave=wave)
    projects = facts.projects
    total = len(projects)
    credit = sum(p.credit_rial for p in projects)
    districts = Counter(p.district for p in projects)
    kinds = Counter(p.kind for p in projects)
    headlines = len(composition.choose_headlines(projects, facts.headline_cap)) if total > 1 else 0
    counts = {total, total - headlines, *districts.values(), *kinds.values()}
    credits = {credit, *(p.credit_rial for p in projects)}
    credits |= {sum(p.credit_rial for p in projects if p.kind == k) for k in kinds}
    held = None
    warnings = []
    for figure in typed:
        if figure.what == reading.CREDIT:
            if not any(figure.admits(v) for v in credits):
                said = composition.figure_words(
                    composition.CREDIT_SUM, credit, noun="", credit_unit=facts.credit_unit
                )
                warnings.append(
                    f"«{figure.text}» در متن با داده‌ها نمی‌خواند: اعتبار پروژه‌های این "
                    f"{facts.wave_noun} {said} است."
                )
        elif figure.what == reading.PROJECTS:
            if not any(figure.admits(v) for v in counts):
                warnings.append(
                    f"«{figure.text}» در متن با داده‌ها نمی‌خواند: این {facts.wave_noun} "
                    f"{composition.count_of(total, figure.noun)} دارد."
                )
        else:
            if held is None:
                held = len(programme_facts(programme=wave.programme, as_of=wave.end_date).waves)
            if not (figure.admits(held) or figure.admits(wave.number)):
                warnings.append(
                    f"«{figure.text}» در متن با داده‌ها نمی‌خواند: تا این {facts.wave_noun} "
                    f"{composition.count_of(held, facts.wave_noun)} برگزار شده است."
                )
    return warnings


def facts_out_of_date(*, user: Actor, municipality: Municipality) -> list[Fact]:
    """The city's published figures that are no longer true, newest article first."""
    require(perms.can_view_newsroom(user, municipality), PermissionDeniedError())
    return list(
        Fact.objects.filter(
            article__municipality=municipality,
            article__status__in=VISIBLE_STATUSES,
            drifted_at__isnull=False,
        )
        .select_related("article")
        .order_by("-article__code", "pk")[:500]
    )


def public_article_facts(*, article: Article) -> list[Fact]:
    """The facts of a published article, in the order they were written."""
    return list(Fact.objects.filter(article=article).order_by("pk"))


def public_fact_get(
    *, municipality: Municipality, pk: int, now: dt.datetime | None = None
) -> FactView:
    """A fact of a published article of a public city, with only the rows citizens may see."""
    if not municipality.is_public:
        raise NotFoundError("رقمی با این شناسه منتشر نشده است.")
    fact = (
        Fact.objects.filter(
            ArticleQuerySet.published_q("article", now=now, city_checked=True),
            article__municipality=municipality,
            pk=pk,
        )
        .select_related("article")
        .first()
    )
    if fact is None:
        raise NotFoundError("رقمی با این شناسه منتشر نشده است.")
    fact.article.municipality = municipality
    if "wave" not in fact.definition:
        # A programme report's figure adds up waves, each already counted from public rows.
        return FactView(
            fact=fact,
            article=fact.article,
            rows=(),
            rows_withheld=0,
            is_credit=fact.measure == FactMeasure.CREDIT_SUM,
            waves=tuple(
                FactWaveRowView(
                    number=int(r["wave"]),
                    start_date=dt.date.fromisoformat(r["start_date"]),
                    project_count=int(r["project_count"]),
                    credit_rial=int(r["credit_rial"]),
                )
                for r in fact.rows
            ),
            as_of=dt.date.fromisoformat(str(fact.definition["as_of"])),
        )
    wanted = [int(r["project"]) for r in fact.rows if r.get("project")]
    public = {
        pk: (code, slug)
        for pk, code, slug in Project.objects.filter(
            ProjectQuerySet.public_q(city_checked=True), municipality=municipality, pk__in=wanted
        ).values_list("pk", "code", "slug")
    }
    rows = tuple(
        FactRowView(
            title=r["title"],
            kind=r["kind"],
            kind_label=CeremonyKind(r["kind"]).label,
            district=r["district"],
            sectors=tuple(r["sectors"]),
            credit_rial=int(r["credit_rial"]),
            project_code=public[int(r["project"])][0],
            project_slug=public[int(r["project"])][1],
        )
        for r in fact.rows
        if int(r.get("project") or 0) in public
    )
    return FactView(
        fact=fact,
        article=fact.article,
        rows=rows,
        rows_withheld=len(fact.rows) - len(rows),
        is_credit=fact.measure == FactMeasure.CREDIT_SUM,
    )


# What normalisation did, for the editor


@dataclass(frozen=True, slots=True)
class NormalisationChange:
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class NormalisationReport:
    field: str
    changes: tuple[NormalisationChange, ...]
    suggestions: tuple[Any, ...]


_TOKENS = re.compile(r"\S+|\s+")


def normalisation_report(*, field: str, raw: str, stored: str) -> NormalisationReport:
    """What the normaliser changed between what was typed and what was kept, word by word, and
    the changes it only suggests (joining words written apart …) for the editor to decide."""
    before = _TOKENS.findall(raw.replace("\r\n", "\n"))
    after = _TOKENS.findall(stored)
    changes: list[NormalisationChange] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old = "".join(before[a1:a2]).strip()
        new = "".join(after[b1:b2]).strip()
        if old != new:
            changes.append(NormalisationChange(old, new))
        if len(changes) >= 200:
            break
    return NormalisationReport(
        field=field,
        changes=tuple(changes),
        suggestions=tuple(persian.normalization_suggestions(stored)),
    )


# Facts for composition


def wave_ceremonies(*, wave: Wave) -> list[Ceremony]:
    """The wave's public ceremonies in the programme's current plan that are still happening."""
    plan = Plan.objects.current_for(wave.programme)
    if plan is None:
        return []
    ids = PlanAssignment.objects.filter(plan=plan, wave=wave).values_list("ceremony_id", flat=True)
    return list(
        # A project kept off the portal is not announced either: the composed text is public,
        # and its figures must agree with the portal's wave page.
        Ceremony.objects.happening()
        .filter(ProjectQuerySet.public_q("project", city_checked=True), pk__in=ids)
        .select_related("project__district", "project__unit")
        .prefetch_related(
            "project__sectors",
            Prefetch("officials_requested", queryset=Official.objects.order_by("-rank", "name")),
        )
        .order_by("pk")
    )


def _project_facts(ceremony: Ceremony) -> composition.ProjectFacts:
    project = ceremony.project
    return composition.ProjectFacts(
        title=project.title,
        kind=ceremony.kind,
        credit_rial=project.credit_rial,
        district=project.district.name if project.district else "",
        sectors=tuple(sorted(s.name for s in project.sectors.all())),
        unit=project.unit.name if project.unit else "",
        length_m=project.length_m,
        area_m2=project.area_m2,
        is_headline=project.is_headline,
        importance=ceremony.importance,
        ceremony_id=ceremony.pk,
        project_id=project.pk,
    )


def wave_facts(*, wave: Wave) -> composition.WaveFacts:
    """Everything a wave announcement or report says, read from the rows."""
    programme = wave.programme
    city = programme.municipality
    ceremonies = wave_ceremonies(wave=wave)
    officials: dict[int, Official] = {}
    for ceremony in ceremonies:
        for official in ceremony.officials_requested.all():
            officials[official.pk] = official
    spokesman = (
        Official.objects.filter(municipality=city, is_active=True, position__contains="سخنگو")
        .order_by("-rank")
        .first()
    )
    return composition.WaveFacts(
        city_name=city.city_name,
        outlet_name=city.outlet_name or city.name,
        programme_name=programme.name,
        wave_noun=programme.wave_noun,
        number=wave.number,
        start_date=wave.start_date,
        end_date=wave.end_date,
        projects=tuple(_project_facts(c) for c in ceremonies),
        officials=tuple(
            composition.OfficialFacts(o.name, o.position, o.rank) for o in officials.values()
        ),
        occasion=wave.occasion.name if wave.occasion else "",
        theme=wave.theme,
        credit_unit=city.credit_display_unit,
        spokesman=spokesman.name if spokesman else "",
        headline_cap=wave.headline_cap,
    )


def programme_facts(*, programme: Programme, as_of: dt.date) -> composition.ProgrammeFacts:
    """The programme so far: waves held (or over) by ``as_of``, with counts and credit summed."""
    city = programme.municipality
    waves = [
        w
        for w in Wave.objects.filter(programme=programme)
        .select_related("occasion")
        .order_by("number")
        if w.status == WaveStatus.HELD or w.end_date <= as_of
    ]
    summaries = []
    kinds: Counter[str] = Counter()
    kinds_known = True
    for wave in waves:
        ceremonies = wave_ceremonies(wave=wave)
        project_count = len(ceremonies)
        credit_rial = sum(c.project.credit_rial for c in ceremonies)
        if wave.has_reported_figures:
            # A wave from before Jahesh counts what the press reported; rows attached to it
            # only detail those figures (the history import keeps them inside), never add to them.
            project_count = wave.reported_project_count or 0
            credit_rial = wave.reported_credit_rial or 0
            if len(wave.reported_kinds) == 1:
                kinds[wave.reported_kinds[0]] += project_count
            else:
                kinds_known = False
        else:
            kinds.update(c.kind for c in ceremonies)
        summaries.append(
            composition.WaveSummary(
                number=wave.number,
                start_date=wave.start_date,
                project_count=project_count,
                credit_rial=credit_rial,
                end_date=wave.end_date,
            )
        )
    first_occasion = waves[0].occasion.name if waves and waves[0].occasion else ""
    return composition.ProgrammeFacts(
        city_name=city.city_name,
        outlet_name=city.outlet_name or city.name,
        programme_name=programme.name,
        wave_noun=programme.wave_noun,
        as_of=as_of,
        waves=tuple(summaries),
        # Counts by kind only where every wave's are known: a partial split would not add up.
        counts_by_kind=tuple((k, kinds[k]) for k in composition.KIND_ORDER) if kinds_known else (),
        first_occasion=first_occasion,
        credit_unit=city.credit_display_unit,
    )


def agenda_facts(*, official: Official, day: dt.date) -> composition.AgendaFacts:
    """The official's ceremonies on ``day`` in every current plan of the city."""
    tehran = composition.TEHRAN
    rows = (
        PlanAssignment.objects.filter(
            PlanQuerySet.current_q("plan"),
            CeremonyQuerySet.happening_q("ceremony"),
            plan__municipality_id=official.municipality_id,
            ceremony__officials_requested=official,
            day=day,
        )
        .select_related("wave", "ceremony__project__district")
        .order_by("slot", "ceremony_id")
    )
    entries = []
    for row in rows:
        start = row.wave.slot_start(row.day, row.slot).replace(tzinfo=tehran)
        entries.append(
            composition.AgendaEntry(
                start=start,
                end=start + dt.timedelta(minutes=row.ceremony.duration_min),
                kind=row.ceremony.kind,
                title=row.ceremony.project.title,
                district=row.ceremony.project.district.name
                if row.ceremony.project.district
                else "",
                venue=row.ceremony.venue,
            )
        )
    return composition.AgendaFacts(
        official_name=official.name,
        official_position=official.position,
        day=day,
        entries=tuple(entries),
    )
