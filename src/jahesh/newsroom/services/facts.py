"""Facts behind figures: recorded when a composed text is saved, re-checked when data change.

A fact's rows are frozen when the figure is written; ``facts_recheck`` evaluates its definition
again on today's rows and marks it out of date where the words printed are no longer true (a
credit moved by a few rials that rounds to the same words is still true). The editor corrects
the article in one step with ``article_correct_figures``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jahesh.core.errors import NotFoundError, PermissionDeniedError, require
from jahesh.leaps.models import Programme, Wave
from jahesh.newsroom import composition, selectors, signals
from jahesh.newsroom import permissions as perms
from jahesh.newsroom.errors import FigureOnHiddenRowsError
from jahesh.newsroom.models import VISIBLE_STATUSES, Article, Fact
from jahesh.newsroom.services.articles import article_correct, article_create_composed
from jahesh.registry.models import Ceremony, ProjectQuerySet
from jahesh.registry.permissions import Actor


def _row(project: composition.ProjectFacts) -> dict[str, Any]:
    return {
        "ceremony": project.ceremony_id,
        "project": project.project_id,
        "title": project.title,
        "kind": project.kind,
        "district": project.district,
        "sectors": list(project.sectors),
        "credit_rial": project.credit_rial,
    }


def _hidden_rows(article: Article, projects: Iterable[composition.ProjectFacts]) -> list[str]:
    """Titles of rows a citizen may not see: unknown, of another city, not public or not
    happening."""
    wanted = {p.ceremony_id: p for p in projects}
    shown = set(
        Ceremony.objects.happening()
        .filter(
            ProjectQuerySet.public_q("project"),
            pk__in=[pk for pk in wanted if pk],
            municipality_id=article.municipality_id,
        )
        .values_list("pk", flat=True)
    )
    return [p.title for pk, p in wanted.items() if pk not in shown]


@transaction.atomic
def facts_record(
    *,
    article: Article,
    composed: composition.ComposedArticle,
    facts: composition.WaveFacts,
    wave: Wave,
) -> list[Fact]:
    """Keep every figure ``composed`` printed as a fact of ``article`` with its rows frozen.

    Refused with ``FigureOnHiddenRowsError`` when a figure stands on a row citizens may not see.
    """
    hidden = _hidden_rows(article, facts.projects)
    require(
        not hidden,
        FigureOnHiddenRowsError(
            f"ارقام این مطلب بر «{hidden[0]}» تکیه دارد که منتشر نشده است؛ "
            "آن را عمومی کنید یا از مرحله بیرون بگذارید و دوباره بنویسید."
        )
        if hidden
        else FigureOnHiddenRowsError(),
    )
    made = []
    at = timezone.now()
    for figure in composed.figures:
        rows = composition.figure_rows(figure, facts.projects)
        made.append(
            Fact(
                article=article,
                slot=figure.slot,
                wave=wave,
                programme_id=wave.programme_id,
                measure=figure.measure,
                definition={
                    "municipality": article.municipality_id,
                    "programme": wave.programme_id,
                    "wave": wave.pk,
                    "kinds": list(figure.kinds),
                    "noun": figure.noun,
                    "ceremonies": "happening",
                    "projects": "public",
                },
                rows=[_row(p) for p in rows],
                exact_value=figure.value,
                printed=figure.printed,
                credit_unit=facts.credit_unit,
                # Evaluated this very moment: true until the data change.
                current_value=figure.value,
                current_printed=figure.printed,
                checked_at=at,
            )
        )
    return Fact.objects.bulk_create(made)


@transaction.atomic
def article_create_for_wave(
    *,
    by: Actor,
    wave: Wave,
    composed: composition.ComposedArticle,
    facts: composition.WaveFacts,
) -> Article:
    """Save a wave's composed text as a draft with the facts behind its figures."""
    article = article_create_composed(
        by=by, municipality=wave.programme.municipality, composed=composed, waves=[wave]
    )
    facts_record(article=article, composed=composed, facts=facts, wave=wave)
    return article


def _wave_row(wave: composition.WaveSummary) -> dict[str, Any]:
    return {
        "wave": wave.number,
        "start_date": wave.start_date.isoformat(),
        "project_count": wave.project_count,
        "credit_rial": wave.credit_rial,
    }


@transaction.atomic
def facts_record_programme(
    *,
    article: Article,
    composed: composition.ComposedArticle,
    facts: composition.ProgrammeFacts,
    programme: Programme,
) -> list[Fact]:
    """Keep a programme report's figures with the waves they add up, as of ``facts.as_of``.

    The waves' counts come from public projects and happening ceremonies only (the selector's
    rule), so nothing hidden can stand behind them.
    """
    rows = [_wave_row(w) for w in sorted(facts.waves, key=lambda w: w.number)]
    return Fact.objects.bulk_create(
        Fact(
            article=article,
            slot=figure.slot,
            programme=programme,
            measure=figure.measure,
            definition={
                "municipality": article.municipality_id,
                "programme": programme.pk,
                "as_of": facts.as_of.isoformat(),
                "noun": figure.noun,
                "ceremonies": "happening",
                "projects": "public",
            },
            rows=rows,
            exact_value=figure.value,
            printed=figure.printed,
            credit_unit=facts.credit_unit,
            current_value=figure.value,
            current_printed=figure.printed,
            checked_at=timezone.now(),
        )
        for figure in composed.figures
    )


@transaction.atomic
def article_create_for_programme(
    *,
    by: Actor,
    programme: Programme,
    composed: composition.ComposedArticle,
    facts: composition.ProgrammeFacts,
) -> Article:
    """Save a programme report as a draft with the facts behind its figures."""
    article = article_create_composed(
        by=by, municipality=programme.municipality, composed=composed, programme=programme
    )
    facts_record_programme(article=article, composed=composed, facts=facts, programme=programme)
    return article


@dataclass(frozen=True, slots=True)
class Evaluation:
    value: int
    printed: str
    rows: list[dict[str, Any]]


def fact_evaluate(
    *,
    fact: Fact,
    cache: dict[int, composition.WaveFacts] | None = None,
    with_rows: bool = True,
) -> Evaluation:
    """Evaluate the fact's definition on today's rows; ``cache`` shares a wave's reading among
    the facts of one re-check."""
    cache = {} if cache is None else cache
    if "wave" not in fact.definition:
        return _programme_evaluate(fact)
    wave_id = int(fact.definition["wave"])
    if wave_id not in cache:
        wave = (
            Wave.objects.select_related("programme__municipality", "occasion")
            .filter(pk=wave_id)
            .first()
        )
        cache[wave_id] = (
            selectors.wave_facts(wave=wave)
            if wave is not None
            else composition.WaveFacts("", "", "", "", 0, dt.date.min, dt.date.min, ())
        )
    figure = composition.Figure(
        slot=fact.slot,
        measure=fact.measure,
        value=0,
        printed="",
        kinds=tuple(fact.definition.get("kinds", ())),
        noun=str(fact.definition.get("noun", "")),
    )
    rows = composition.figure_rows(figure, cache[wave_id].projects)
    value = (
        cache[wave_id].number
        if fact.measure == composition.WAVE_ORDINAL
        else composition.figure_value(fact.measure, rows)
    )
    printed = composition.figure_words(
        fact.measure, value, noun=figure.noun, credit_unit=fact.credit_unit
    )
    return Evaluation(
        value=value, printed=printed, rows=[_row(p) for p in rows] if with_rows else []
    )


def _programme_evaluate(fact: Fact) -> Evaluation:
    programme = (
        Programme.objects.select_related("municipality")
        .filter(pk=fact.definition.get("programme"))
        .first()
    )
    if programme is None:
        return Evaluation(value=0, printed="", rows=[])
    facts = selectors.programme_facts(
        programme=programme, as_of=dt.date.fromisoformat(str(fact.definition["as_of"]))
    )
    value = composition.programme_value(fact.measure, facts)
    printed = composition.figure_words(
        fact.measure,
        value,
        noun=str(fact.definition.get("noun", "")),
        credit_unit=fact.credit_unit,
    )
    rows = [_wave_row(w) for w in sorted(facts.waves, key=lambda w: w.number)]
    return Evaluation(value=value, printed=printed, rows=rows)


_UPDATE_CHUNK = 2_000


@dataclass(frozen=True, slots=True)
class Recheck:
    checked: int
    drifted: int


@transaction.atomic
def facts_recheck(
    *,
    article: Article | None = None,
    municipality_id: int | None = None,
    wave_ids: Iterable[int] | None = None,
    at: dt.datetime | None = None,
) -> Recheck:
    """Evaluate every published fact again (of one article, one city or some waves) and mark
    those whose printed words are no longer true; a fact true again loses its mark.

    ``wave_ids`` narrows the check to the facts of those waves and the programme reports of
    their programmes, which add those waves up.
    """
    at = at or timezone.now()
    facts = Fact.objects.filter(article__status__in=VISIBLE_STATUSES)
    if article is not None:
        facts = facts.filter(article=article)
    if municipality_id is not None:
        facts = facts.filter(article__municipality_id=municipality_id)
    if wave_ids is not None:
        waves = list(wave_ids)
        programmes = Wave.objects.filter(pk__in=waves).values("programme_id")
        facts = facts.filter(
            Q(wave_id__in=waves) | Q(wave__isnull=True, programme_id__in=programmes)
        )
    cache: dict[int, composition.WaveFacts] = {}
    # Facts that share a wave and a slot share their new values: one UPDATE per distinct value
    # instead of Django's CASE-per-row bulk_update, which took seconds per thousand rows.
    changed: dict[tuple[int, str, dt.datetime | None], list[int]] = defaultdict(list)
    cities: set[int] = set()
    checked = drifted = 0
    fields = ("slot", "measure", "definition", "printed", "credit_unit", "current_value")
    # Articles of one wave print the same figures: each distinct definition is evaluated once.
    evaluated: dict[tuple[Any, ...], Evaluation] = {}
    for fact in facts.only(*fields, "current_printed", "drifted_at").order_by("wave_id", "pk"):
        d = fact.definition
        key = (
            d.get("wave"),
            d.get("programme"),
            d.get("as_of"),
            fact.measure,
            tuple(d.get("kinds", ())),
            d.get("noun"),
            fact.credit_unit,
        )
        if key not in evaluated:
            evaluated[key] = fact_evaluate(fact=fact, cache=cache, with_rows=False)
        now = evaluated[key]
        checked += 1
        out_of_date = now.printed != fact.printed
        drifted += out_of_date
        # A fact already out of date keeps the moment it first was.
        drifted_at = (fact.drifted_at or at) if out_of_date else None
        new = (now.value, now.printed, drifted_at)
        if (fact.current_value, fact.current_printed, fact.drifted_at) != new:
            changed[new].append(fact.pk)
            cities.add(int(d["municipality"]))
    for (value, printed, drifted_at), pks in changed.items():
        for start in range(0, len(pks), _UPDATE_CHUNK):
            Fact.objects.filter(pk__in=pks[start : start + _UPDATE_CHUNK]).update(
                current_value=value, current_printed=printed, drifted_at=drifted_at
            )
    facts.update(checked_at=at)
    if cities:
        ids = sorted(cities)
        transaction.on_commit(
            lambda: signals.facts_rechecked.send(sender=Fact, municipality_ids=ids)
        )
    return Recheck(checked=checked, drifted=drifted)


def _replace_figure(text: str, old: str, new: str) -> str:
    """Replace the words of a figure where they stand alone: «۴ پروژه» is not the end of
    «۱۴ پروژه», nor «نهمین» of «بیست‌ونهمین»."""
    return re.sub(rf"(?<![\w\u200c٬]){re.escape(old)}", lambda _match: new, text)


@transaction.atomic
def article_correct_figures(
    *, by: Actor, article: Article, at: dt.datetime | None = None
) -> Article:
    """Correct every out-of-date figure of a published article in one step.

    The printed words are replaced by today's wherever they stand for one figure only (words two
    figures share, «۲ پروژه» of two kinds, are left for the editor and named in the note); the
    address and code stay, the correction note says what changed, and the facts take today's
    rows as their new snapshot.
    """
    require(perms.can_correct_article(by, article), PermissionDeniedError())
    stale = list(article.facts.filter(drifted_at__isnull=False).order_by("pk"))
    require(bool(stale), NotFoundError("رقم کهنه‌ای در این مطلب نیست."))
    printed_counts: dict[str, int] = {}
    for fact in article.facts.all():
        printed_counts[fact.printed] = printed_counts.get(fact.printed, 0) + 1
    texts = {name: getattr(article, name) for name in ("title", "lead", "body")}
    notes = []
    for fact in stale:
        now = fact_evaluate(fact=fact)
        notes.append(f"«{fact.printed}» به «{now.printed}»")
        if printed_counts[fact.printed] == 1:
            texts = {
                name: _replace_figure(t, fact.printed, now.printed) for name, t in texts.items()
            }
        fact.exact_value = now.value
        fact.printed = now.printed
        fact.rows = now.rows
        fact.current_value = now.value
        fact.current_printed = now.printed
        fact.checked_at = at or timezone.now()
        fact.drifted_at = None
    note = "ارقام این خبر با داده‌های تازه اصلاح شد: " + "، ".join(notes) + "."
    corrected = article_correct(by=by, article=article, note=note, at=at, **texts)
    Fact.objects.bulk_update(
        stale,
        [
            "exact_value",
            "printed",
            "rows",
            "current_value",
            "current_printed",
            "checked_at",
            "drifted_at",
        ],
    )
    return corrected
