"""The demo newsroom: composed articles for the demo waves, published and drafted, built once."""

from __future__ import annotations

import pytest

from jahesh.leaps.models import WaveStatus
from jahesh.newsroom import selectors
from jahesh.newsroom.demo import build_demo_newsroom
from jahesh.newsroom.models import Article, ArticleKind, ArticleStatus

pytestmark = pytest.mark.django_db


def test_demo_newsroom_publishes_held_waves_and_drafts_the_rest_once(wave_scene, staff):
    wave_scene.wave.status = WaveStatus.HELD
    wave_scene.wave.save()
    added = build_demo_newsroom(municipality=wave_scene.city)
    kinds = dict(Article.objects.values_list("kind", "status"))
    assert kinds[ArticleKind.WAVE_ANNOUNCEMENT] == ArticleStatus.PUBLISHED
    assert kinds[ArticleKind.WAVE_REPORT] == ArticleStatus.PUBLISHED
    assert kinds[ArticleKind.PROGRAMME_REPORT] == ArticleStatus.PUBLISHED
    assert kinds[ArticleKind.SESSION_REPORT] == ArticleStatus.DRAFT
    assert added == Article.objects.count()
    report = Article.objects.get(kind=ArticleKind.WAVE_REPORT)
    assert report.reporter == staff.reporter
    assert report.approved_by == staff.editor
    assert "نهمین مرحله جهش عمرانی" in report.lead
    assert report in selectors.public_article_list(municipality=wave_scene.city)
    assert build_demo_newsroom(municipality=wave_scene.city) == 0


def test_demo_newsroom_without_demo_people_leaves_drafts_only(wave_scene):
    wave_scene.wave.status = WaveStatus.HELD
    wave_scene.wave.save()
    build_demo_newsroom(municipality=wave_scene.city)
    assert set(Article.objects.values_list("status", flat=True)) == {ArticleStatus.DRAFT}
