"""Facts behind figures: recorded at composition, refused on hidden rows, re-checked for drift."""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction

from jahesh import persian
from jahesh.leaps.models import PlanAssignment
from jahesh.newsroom import composition, selectors, services
from jahesh.newsroom.errors import FigureOnHiddenRowsError
from jahesh.newsroom.models import Article, ArticleStatus, Fact
from jahesh.registry.models import CeremonyStatus, Project

PUBLISHED_AT = dt.datetime(2023, 2, 3, 8, 0, tzinfo=dt.UTC)


def compose_report(scene: SimpleNamespace, by: Any) -> Article:
    facts = selectors.wave_facts(wave=scene.wave)
    return services.article_create_for_wave(
        by=by, wave=scene.wave, composed=composition.wave_report(facts), facts=facts
    )


def publish(article: Article, staff: SimpleNamespace) -> Article:
    services.article_approve(by=staff.editor2, article=article)
    return services.article_record_published(
        by=staff.publisher, article=article, at=PUBLISHED_AT, now=PUBLISHED_AT
    )


def facts_by_slot(article: Article) -> dict[str, Fact]:
    return {f.slot: f for f in Fact.objects.filter(article=article)}


def test_a_composed_wave_report_keeps_each_figure_with_its_rows(wave_scene, staff) -> None:
    article = compose_report(wave_scene, staff.editor)
    facts = facts_by_slot(article)

    assert set(facts) == {
        "ordinal",
        "projects",
        "credit",
        "districts",
        "kind-inauguration",
        "kind-commissioning",
        "kind-groundbreaking",
    }
    credit = facts["credit"]
    assert credit.exact_value == wave_scene.total_credit
    assert credit.printed == "۳۴۵ میلیارد تومان"
    assert credit.printed in article.title
    assert sum(r["credit_rial"] for r in credit.rows) == wave_scene.total_credit
    assert {r["ceremony"] for r in credit.rows} == {c.pk for c in wave_scene.ceremonies}
    assert facts["projects"].printed == "۴ پروژه"
    assert facts["projects"].exact_value == 4
    assert facts["kind-inauguration"].exact_value == 2
    assert {r["kind"] for r in facts["kind-inauguration"].rows} == {"inauguration"}
    # The city-wide walkway has no district: two districts, three rows behind them.
    assert facts["districts"].exact_value == 2
    assert len(facts["districts"].rows) == 3
    assert credit.definition["wave"] == wave_scene.wave.pk
    assert facts["ordinal"].printed == persian.ordinal_word(wave_scene.wave.number)
    assert facts["ordinal"].printed in article.title
    assert facts["ordinal"].rows == []


def test_the_composer_reports_the_figures_it_printed_in_the_text(wave_scene) -> None:
    facts = selectors.wave_facts(wave=wave_scene.wave)
    composed = composition.wave_announcement(facts, written_on=dt.date(2023, 1, 31))
    text = composed.as_text()
    for figure in composed.figures:
        assert figure.printed in text, figure.slot


def test_a_figure_on_a_row_citizens_cannot_see_is_refused(wave_scene, staff) -> None:
    facts = selectors.wave_facts(wave=wave_scene.wave)
    hidden = wave_scene.ceremonies[1].project
    Project.objects.filter(pk=hidden.pk).update(is_public=False)
    composed = composition.wave_report(facts)

    with pytest.raises(FigureOnHiddenRowsError) as caught:
        services.article_create_for_wave(
            by=staff.editor, wave=wave_scene.wave, composed=composed, facts=facts
        )

    assert hidden.title in caught.value.message
    assert not Article.objects.filter(municipality=wave_scene.city).exists()


def test_a_figure_on_rows_built_by_hand_without_ids_is_refused(wave_scene, staff) -> None:
    facts = selectors.wave_facts(wave=wave_scene.wave)
    by_hand = dataclasses.replace(
        facts, projects=tuple(dataclasses.replace(p, ceremony_id=0) for p in facts.projects)
    )

    with pytest.raises(FigureOnHiddenRowsError):
        services.article_create_for_wave(
            by=staff.editor,
            wave=wave_scene.wave,
            composed=composition.wave_report(by_hand),
            facts=by_hand,
        )


def test_a_credit_change_that_alters_the_words_marks_the_figure_out_of_date(
    wave_scene, staff
) -> None:
    article = publish(compose_report(wave_scene, staff.editor), staff)
    biggest = wave_scene.ceremonies[0].project
    Project.objects.filter(pk=biggest.pk).update(credit_rial=biggest.credit_rial * 2)

    result = services.facts_recheck(article=article)

    facts = facts_by_slot(article)
    assert result.checked == len(facts)
    assert result.drifted == 1
    credit = facts["credit"]
    assert credit.is_out_of_date
    assert credit.current_value == wave_scene.total_credit + biggest.credit_rial
    assert credit.current_printed == persian.credit_phrase(credit.current_value, "toman")
    assert credit.printed == "۳۴۵ میلیارد تومان"
    assert not facts["projects"].is_out_of_date


def test_a_credit_change_that_rounds_to_the_same_words_is_not_drift(wave_scene, staff) -> None:
    article = publish(compose_report(wave_scene, staff.editor), staff)
    small = wave_scene.ceremonies[3].project
    Project.objects.filter(pk=small.pk).update(credit_rial=small.credit_rial + 10_000)

    assert services.facts_recheck(article=article).drifted == 0
    assert facts_by_slot(article)["credit"].current_value == wave_scene.total_credit + 10_000


def test_a_project_dropped_from_the_wave_makes_its_counts_out_of_date(wave_scene, staff) -> None:
    article = publish(compose_report(wave_scene, staff.editor), staff)
    dropped = wave_scene.ceremonies[2]  # the only groundbreaking
    PlanAssignment.objects.filter(ceremony=dropped).delete()

    services.facts_recheck(municipality_id=wave_scene.city.pk)

    facts = facts_by_slot(article)
    assert facts["projects"].is_out_of_date
    assert facts["projects"].current_printed == "۳ پروژه"
    assert facts["kind-groundbreaking"].current_value == 0
    assert facts["credit"].is_out_of_date


def test_a_cancelled_ceremony_no_longer_counts(wave_scene, staff) -> None:
    article = publish(compose_report(wave_scene, staff.editor), staff)
    wave_scene.ceremonies[1].status = CeremonyStatus.CANCELLED
    wave_scene.ceremonies[1].save()

    services.facts_recheck(article=article)

    assert facts_by_slot(article)["projects"].current_value == 3


def test_drafts_are_not_rechecked(wave_scene, staff) -> None:
    compose_report(wave_scene, staff.editor)

    assert services.facts_recheck(municipality_id=wave_scene.city.pk).checked == 0


def test_one_step_correction_rewrites_the_figures_and_keeps_the_address(wave_scene, staff) -> None:
    article = publish(compose_report(wave_scene, staff.editor), staff)
    PlanAssignment.objects.filter(ceremony=wave_scene.ceremonies[2]).delete()
    services.facts_recheck(article=article)

    corrected = services.article_correct_figures(by=staff.editor, article=article)

    assert corrected.code == article.code
    assert corrected.pk == article.pk
    assert corrected.status == ArticleStatus.CORRECTED
    assert "«۴ پروژه» به «۳ پروژه»" in corrected.correction_note
    assert "۳ پروژه" in corrected.title
    assert "۴ پروژه" not in corrected.title
    facts = facts_by_slot(article)
    assert not any(f.is_out_of_date for f in facts.values())
    assert facts["projects"].printed == "۳ پروژه"
    assert len(facts["projects"].rows) == 3


def test_a_viewer_may_not_issue_the_figures_correction(wave_scene, staff) -> None:
    from jahesh.core.errors import PermissionDeniedError

    article = publish(compose_report(wave_scene, staff.editor), staff)
    PlanAssignment.objects.filter(ceremony=wave_scene.ceremonies[2]).delete()
    services.facts_recheck(article=article)

    with pytest.raises(PermissionDeniedError):
        services.article_correct_figures(by=staff.viewer, article=article)
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.PUBLISHED


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_queues_a_recheck_of_the_city(city_a, member_of) -> None:
    from jahesh.registry.models import Role
    from tests.newsroom.conftest import build_wave_scene

    scene = build_wave_scene(city_a)
    staff = SimpleNamespace(
        editor=member_of(city_a, Role.EDITOR, "e1"),
        editor2=member_of(city_a, Role.EDITOR, "e2"),
        publisher=member_of(city_a, Role.PUBLISHER, "p1"),
    )
    article = publish(compose_report(scene, staff.editor), staff)
    project = scene.ceremonies[0].project

    with transaction.atomic():
        project.credit_rial *= 2
        project.save()
        assert not facts_by_slot(article)["credit"].is_out_of_date  # not before commit

    assert facts_by_slot(article)["credit"].is_out_of_date


def test_a_programme_report_keeps_its_wave_count_with_the_waves_behind_it(
    wave_scene, staff
) -> None:
    as_of = dt.date(2023, 3, 1)
    pfacts = selectors.programme_facts(programme=wave_scene.programme, as_of=as_of)
    composed = composition.programme_report(pfacts)
    article = services.article_create_for_programme(
        by=staff.editor, programme=wave_scene.programme, composed=composed, facts=pfacts
    )
    facts = facts_by_slot(article)

    assert facts["waves"].printed == "یک مرحله"
    assert facts["waves"].printed in article.title
    assert facts["credit"].exact_value == wave_scene.total_credit
    assert [r["wave"] for r in facts["waves"].rows] == [wave_scene.wave.number]
    assert facts["projects"].rows[0]["project_count"] == len(wave_scene.ceremonies)


def test_a_programme_report_drifts_when_a_past_wave_loses_a_project(wave_scene, staff) -> None:
    as_of = dt.date(2023, 3, 1)
    pfacts = selectors.programme_facts(programme=wave_scene.programme, as_of=as_of)
    article = services.article_create_for_programme(
        by=staff.editor,
        programme=wave_scene.programme,
        composed=composition.programme_report(pfacts),
        facts=pfacts,
    )
    publish(article, staff)
    PlanAssignment.objects.filter(ceremony=wave_scene.ceremonies[0]).delete()

    services.facts_recheck(article=article)

    facts = facts_by_slot(article)
    assert facts["projects"].is_out_of_date
    assert facts["projects"].current_value == len(wave_scene.ceremonies) - 1
    assert facts["credit"].is_out_of_date
    assert not facts["waves"].is_out_of_date


@pytest.mark.django_db(transaction=True)
def test_changes_are_announced_once_per_commit_with_their_waves_and_never_after_rollback(
    city_a,
) -> None:
    from jahesh.newsroom import signals
    from tests.newsroom.conftest import build_wave_scene

    scene = build_wave_scene(city_a)
    heard: list[list[int]] = []

    def listen(sender: Any, wave_ids: list[int], **kwargs: Any) -> None:
        heard.append(wave_ids)

    def save_then_fail(project: Project) -> None:
        with transaction.atomic():
            project.save()
            raise RuntimeError

    signals.figures_may_have_changed.connect(listen, dispatch_uid="test_listen")
    try:
        with pytest.raises(RuntimeError):
            save_then_fail(scene.ceremonies[0].project)
        assert heard == []
        with transaction.atomic():
            for ceremony in scene.ceremonies:
                ceremony.project.save()
        with transaction.atomic():
            Project.objects.create(municipality=city_a, title="بی‌مرحله", code="NEW-1")
    finally:
        signals.figures_may_have_changed.disconnect(dispatch_uid="test_listen")

    assert heard == [[scene.wave.pk]]


def test_a_renumbered_wave_makes_its_ordinal_out_of_date(wave_scene, staff) -> None:
    article = publish(compose_report(wave_scene, staff.editor), staff)
    type(wave_scene.wave).objects.filter(pk=wave_scene.wave.pk).update(
        number=wave_scene.wave.number + 1
    )

    services.facts_recheck(article=article)

    ordinal = facts_by_slot(article)["ordinal"]
    assert ordinal.is_out_of_date
    assert ordinal.current_printed == persian.ordinal_word(wave_scene.wave.number + 1)


def test_the_one_step_correction_leaves_larger_numbers_that_end_alike(wave_scene, staff) -> None:
    article = compose_report(wave_scene, staff.editor)
    services.article_update(
        by=staff.editor, article=article, body=article.body + "\nدر سال گذشته ۱۴ پروژه افتتاح شد."
    )
    article = publish(Article.objects.get(pk=article.pk), staff)
    PlanAssignment.objects.filter(ceremony=wave_scene.ceremonies[2]).delete()
    services.facts_recheck(article=article)

    corrected = services.article_correct_figures(by=staff.editor, article=article)

    assert "۱۴ پروژه افتتاح شد" in corrected.body
    assert "۳ پروژه" in corrected.title


def test_the_nightly_task_catches_a_bulk_change_no_signal_announced(wave_scene, staff) -> None:
    from jahesh.newsroom import tasks

    article = publish(compose_report(wave_scene, staff.editor), staff)
    Project.objects.filter(pk=wave_scene.ceremonies[0].project.pk).update(credit_rial=1)

    tasks.facts_recheck_nightly_task()

    assert facts_by_slot(article)["credit"].is_out_of_date
