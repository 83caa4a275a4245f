"""The newsroom's page of out-of-date figures, seen by three people, and its one-step correction."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from jahesh.leaps.models import PlanAssignment
from jahesh.newsroom import services
from jahesh.newsroom.models import Article, ArticleStatus
from jahesh.registry.models import Role
from tests.newsroom.test_facts import compose_report, publish


@pytest.fixture
def drifted(wave_scene, staff) -> SimpleNamespace:
    article = publish(compose_report(wave_scene, staff.editor), staff)
    PlanAssignment.objects.filter(ceremony=wave_scene.ceremonies[2]).delete()
    services.facts_recheck(article=article)
    return SimpleNamespace(article=article, url=reverse("newsroom:figures", args=["city-a"]))


def test_an_editor_of_the_city_sees_old_and_new_values(client, drifted, staff) -> None:
    client.force_login(staff.editor)

    page = client.get(drifted.url).content.decode()

    assert drifted.article.title in page
    assert "«۴ پروژه»" in page
    assert "«۳ پروژه»" in page
    assert "صدور اصلاحیه" in page


def test_someone_signed_out_is_sent_to_sign_in(client, drifted) -> None:
    response = client.get(drifted.url)

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_of_another_city_see_nothing(client, drifted, city_b, member_of) -> None:
    client.force_login(member_of(city_b, Role.EDITOR, "other"))

    response = client.get(drifted.url)

    assert response.status_code in (403, 404)
    assert drifted.article.title not in response.content.decode()


def test_a_reporter_sees_the_figures_but_may_not_correct_them(client, drifted, staff) -> None:
    client.force_login(staff.reporter)

    page = client.get(drifted.url).content.decode()

    assert "«۳ پروژه»" in page
    assert "صدور اصلاحیه" not in page
    refused = client.post(
        reverse("newsroom:figures_correct", args=["city-a", drifted.article.code])
    )
    assert refused.status_code == 403
    assert Article.objects.get(pk=drifted.article.pk).status == ArticleStatus.PUBLISHED


def test_the_editor_corrects_the_article_in_one_step(client, drifted, staff) -> None:
    client.force_login(staff.editor)

    client.post(reverse("newsroom:figures_correct", args=["city-a", drifted.article.code]))

    article = Article.objects.get(pk=drifted.article.pk)
    assert article.status == ArticleStatus.CORRECTED
    assert "«۴ پروژه» به «۳ پروژه»" in article.correction_note
    assert "همه ارقام منتشرشده" in client.get(drifted.url).content.decode()


def test_the_article_s_staff_page_says_which_figure_is_out_of_date(client, drifted, staff) -> None:
    client.force_login(staff.editor)

    page = client.get(
        reverse("newsroom:article", args=["city-a", drifted.article.code])
    ).content.decode()

    assert "رقم کهنه" in page
    assert "«۴ پروژه» امروز «۳ پروژه» است" in page
