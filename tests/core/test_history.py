"""Who a history row names: the one acting in that save, never one left from an earlier save."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from simple_history.models import HistoricalRecords

from jahesh.core.history import acting_user
from jahesh.newsroom import services as newsroom
from jahesh.registry import services as registry
from jahesh.registry.models import Project, Role
from tests.registry.factories import ProjectFactory


@pytest.fixture
def request_by() -> Iterator[Any]:
    """Make later saves happen inside a request by ``user``, as the history middleware would."""

    def enter(user: Any) -> None:
        HistoricalRecords.context.request = SimpleNamespace(user=user)

    yield enter
    if hasattr(HistoricalRecords.context, "request"):
        del HistoricalRecords.context.request


def latest_author(row: Any) -> Any:
    return row.history.order_by("-history_id").first().history_user


def test_a_later_save_by_someone_else_is_credited_to_them(city_a, member_of, request_by):
    reporter = member_of(city_a, Role.REPORTER)
    editor = member_of(city_a, Role.EDITOR)
    article = newsroom.article_create(
        by=reporter, municipality=city_a, kind="news", title="خبر بوستان"
    )
    assert latest_author(article) == reporter
    request_by(editor)
    article.title = "خبر بوستان نرگس"
    article.save()
    assert latest_author(article) == editor


def test_a_later_save_with_no_user_names_nobody(city_a, member_of):
    reporter = member_of(city_a, Role.REPORTER)
    article = newsroom.article_create(
        by=reporter, municipality=city_a, kind="news", title="خبر تقاطع"
    )
    article.title = "خبر تقاطع معالی‌آباد"
    article.save()
    assert latest_author(article) is None


def test_a_project_saved_by_the_registry_then_by_a_script_names_nobody_the_second_time(
    city_a, member_of
):
    editor = member_of(city_a, Role.EDITOR)
    project = registry.project_create(by=editor, municipality=city_a, code="P-1", title="پل غدیر")
    assert latest_author(project) == editor
    project.title = "پل سعدی"
    project.save()
    assert latest_author(project) is None


def test_the_author_is_cleared_even_when_the_save_fails(city_a, member_of):
    editor = member_of(city_a, Role.EDITOR)
    project = ProjectFactory(municipality=city_a)
    with pytest.raises(RuntimeError), acting_user(project, editor, "ویرایش"):
        raise RuntimeError
    project.save()
    assert latest_author(project) is None
    assert Project.objects.filter(pk=project.pk).exists()


def test_an_anonymous_actor_is_recorded_as_nobody_and_the_reason_is_cut_to_its_column(city_a):
    project = ProjectFactory(municipality=city_a)
    anonymous = SimpleNamespace(pk=None, is_authenticated=False)
    with acting_user(project, anonymous, "د" * 150):
        project.save()
    row = project.history.order_by("-history_id").first()
    assert row.history_user is None
    assert row.history_change_reason == "د" * 100
