# ruff: noqa: F811 (the fixtures imported from the apps' conftest files are arguments here)
"""The apps' services tell the audit log what they did: publications (an article, a wave, an
archive) and the deletion of committee rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jahesh.committee import services as committee_services
from jahesh.core.models import AuditEvent, AuditKind
from jahesh.newsroom import services
from jahesh.newsroom.models import ArticleKind
from tests.committee.conftest import scene  # noqa: F401 (a fixture)
from tests.committee.drafts_scenes import structure_draft
from tests.newsroom.conftest import quiet_queue, staff, wave_scene  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def approved(staff, city, *, title, waves=()):
    article = services.article_create(
        by=staff.reporter, municipality=city, kind=ArticleKind.NEWS, title=title, waves=list(waves)
    )
    services.article_submit(by=staff.reporter, article=article)
    return services.article_approve(by=staff.editor, article=article)


def portal(staff, city):
    return services.channel_create(
        by=staff.publisher, municipality=city, kind="portal", name="درگاه", is_default=True
    )


def test_publishing_an_article_now_is_recorded_for_its_city(city_a, staff):
    portal(staff, city_a)
    article = approved(staff, city_a, title="افتتاح بوستان نرگس")
    services.article_publish_now(by=staff.publisher, article=article)
    event = AuditEvent.objects.get(kind=AuditKind.PUBLISHED)
    assert event.actor_username == "publisher"
    assert "«افتتاح بوستان نرگس»" in event.summary
    assert event.target_type == "newsroom.article"
    assert event.target_id == str(article.pk)
    assert list(event.cities.values_list("city_id", flat=True)) == [city_a.pk]


def test_publishing_a_wave_is_one_event_naming_its_articles(wave_scene, staff):
    city = wave_scene.city
    portal(staff, city)
    for number in range(5):
        approved(staff, city, title=f"خبر {number}", waves=[wave_scene.wave])
    at = timezone.now() + dt.timedelta(days=1)
    services.wave_publish(wave=wave_scene.wave, by=staff.publisher, at=at)
    event = AuditEvent.objects.get(kind=AuditKind.PUBLISHED)
    assert "و ۲ مطلب دیگر" in event.summary
    assert event.target_type == ""


def test_a_refused_publication_leaves_no_event(city_a, staff):
    portal(staff, city_a)
    article = approved(staff, city_a, title="افتتاح پل")
    with pytest.raises(Exception, match="اجازه"):
        services.article_publish_now(by=staff.reporter, article=article)
    assert not AuditEvent.objects.filter(kind=AuditKind.PUBLISHED).exists()


def test_removing_a_committee_section_is_recorded_with_what_went_under_it(scene):
    built = structure_draft(scene)
    services_count = built.draft.sections.count()
    committee_services.section_remove(section=built.office, by=scene.secretary)
    event = AuditEvent.objects.get(kind=AuditKind.DELETED)
    gone = services_count - built.draft.sections.count()
    assert event.actor_username == "secretary"
    assert event.target_label == str(built.office)
    assert f"«{built.office.title}»" in event.summary
    assert gone > 1
    assert "ردیف زیرین" in event.summary
    # The secretary serves no city: only superusers read it, in the admin.
    assert not event.cities.exists()


def test_withdrawing_an_article_is_recorded_with_its_reason(city_a, staff):
    portal(staff, city_a)
    article = approved(staff, city_a, title="افتتاح پل")
    services.article_publish_now(by=staff.publisher, article=article)
    article.refresh_from_db()
    services.article_withdraw(by=staff.publisher, article=article, reason="رقم اعتبار نادرست بود")
    event = AuditEvent.objects.get(kind=AuditKind.WITHDRAWN)
    assert "«افتتاح پل»" in event.summary
    assert "رقم اعتبار نادرست بود" in event.summary
    assert list(event.cities.values_list("city_id", flat=True)) == [city_a.pk]
