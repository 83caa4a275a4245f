"""The session report: composed from a held session's rows, published by the committee on its
public page, and taken by a member city into its own newsroom in its own voice — for the three
personas (the secretary, Shiraz's representative, an outsider) and the people in between."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jahesh.committee import selectors, services
from jahesh.committee.errors import CommitteeActionDeniedError, CommitteeNotFoundError
from jahesh.committee.models import (
    AgendaItem,
    AgendaItemKind,
    CommitteeRole,
    CommitteeRoleKind,
    Resolution,
    Session,
    SessionArticle,
    SessionKind,
    SessionReport,
    SessionStatus,
)
from jahesh.newsroom import services as newsroom_services
from jahesh.newsroom.models import Article, ArticleKind, ArticleStatus, ChannelKind
from jahesh.registry.models import Role
from tests.committee.conftest import TIR_1_1402, Scene, past_session
from tests.newsroom.conftest import build_wave_scene
from tests.registry.factories import MembershipFactory, OfficialFactory

pytestmark = pytest.mark.django_db

TEHRAN_UNIT = "مرکز ارتباطات و امور بین‌الملل شهرداری تهران"
STRUCTURE = "بررسی ساختار سازمانی ادارات کل ارتباطات شهرداری‌ها"
WORDS = "تعریف واژه‌های نو حوزه ارتباطات"
PUBLIC_DECISION = "فرستادن ساختار پیشنهادی به مراجع ذی‌ربط"
PRIVATE_DECISION = "بررسی بودجه محرمانه دبیرخانه"


def held_31(scene: Scene, **fields: Any) -> Session:
    """The 31st, held in Tehran after the 30th in Yazd, with an extraordinary session planned in
    Tir and another after the next regular session (which the report must not count)."""
    s30 = past_session(scene, 30, scene.yazd, date=dt.date(2023, 5, 10))
    structure_30 = AgendaItem.objects.create(
        session=s30, position=1, title=STRUCTURE, is_finished=False
    )
    s31 = Session.objects.create(
        committee=scene.committee,
        number=31,
        host=scene.tehran,
        host_unit=TEHRAN_UNIT,
        date=TIR_1_1402,
        status=fields.pop("status", SessionStatus.HELD),
        **fields,
    )
    AgendaItem.objects.create(
        session=s31,
        position=1,
        title="تصویب صورت‌جلسه نشست قبل",
        kind=AgendaItemKind.DECISION,
        earlier_session=s30,
    )
    AgendaItem.objects.create(
        session=s31, position=2, title=STRUCTURE, earlier_session=s30, carried_from=structure_30
    )
    AgendaItem.objects.create(session=s31, position=3, title=WORDS)
    old = Resolution.objects.create(session=s30, row=1, text="نظر مکتوب هر شهر")
    AgendaItem.objects.create(
        session=s31, position=4, title="پیگیری مصوبه ۳۰/۱", follows_resolution=old
    )
    Resolution.objects.create(session=s31, row=1, text=PUBLIC_DECISION, is_public=True)
    Resolution.objects.create(session=s31, row=2, text=PRIVATE_DECISION)
    Session.objects.create(
        committee=scene.committee,
        number=32,
        kind=SessionKind.EXTRAORDINARY,
        host=scene.shiraz,
        date=dt.date(2023, 7, 10),  # 19 Tir 1402
    )
    Session.objects.create(
        committee=scene.committee, number=33, host=scene.yazd, date=dt.date(2023, 9, 1)
    )
    Session.objects.create(
        committee=scene.committee,
        number=34,
        kind=SessionKind.EXTRAORDINARY,
        host=scene.yazd,
        date=dt.date(2023, 10, 1),  # Mehr: after the next regular session
    )
    return s31


def written_31(scene: Scene) -> Session:
    """The 31st with the committee's report written by the secretary."""
    session = held_31(scene)
    services.session_report_compose(session=session, by=scene.secretary)
    return session


def newsroom_reporter(scene: Scene, role: str = Role.REPORTER) -> Any:
    """Shiraz's representative is also a reporter in Shiraz's newsroom (city_a)."""
    municipality = scene.shiraz.municipality
    assert municipality is not None
    MembershipFactory(user=scene.representative, municipality=municipality, role=role)
    return scene.representative


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report_url(scene: Scene, action: str, number: int = 31) -> str:
    return reverse("committee:session-report", args=[scene.committee.slug, number, action])


# ---- the composed text ------------------------------------------------------------------------


def test_the_report_tells_ordinal_host_previous_city_topics_decisions_and_month(
    scene: Scene,
) -> None:
    report = services.session_report_compose(session=held_31(scene), by=scene.secretary)
    text = f"{report.title}\n{report.lead}\n{report.body}"
    assert "سی‌ویکمین نشست" in text
    assert f"به میزبانی {TEHRAN_UNIT}" in text
    assert "در نشست پیشین در یزد نیز بررسی شده بود" in report.body
    assert STRUCTURE in report.body
    assert WORDS in report.body
    assert report.title == STRUCTURE
    # The approval of the last minutes and the follow-up of an old resolution are housekeeping.
    assert "تصویب صورت‌جلسه نشست قبل" not in text
    assert "پیگیری مصوبه" not in text
    assert PUBLIC_DECISION in report.body
    assert "یک مصوبه به تصویب رسید" in report.body
    assert PRIVATE_DECISION not in text
    assert "یک نشست فوق‌العاده در تیر ۱۴۰۲ پیش‌بینی شد" in report.body
    assert "مهر" not in report.body
    assert report.lead.endswith("۲ موضوع بررسی و یک مصوبه تصویب شد.")
    # The secretary's city (Tehran) does not run Jahesh: no programme to tell.
    assert "تاکنون" not in text
    assert not any(ch in text for ch in "0123456789")
    # The secretary has no name on record: the report speaks by position, never by username.
    assert not re.search("[A-Za-z]", text)
    assert f"دبیر {scene.committee.name} در سی‌ویکمین نشست" in report.body


def test_the_previous_city_is_left_out_when_the_last_session_was_in_the_same_city(
    scene: Scene,
) -> None:
    past_session(scene, 30, scene.tehran)
    s31 = Session.objects.create(
        committee=scene.committee, number=31, host=scene.tehran, status=SessionStatus.HELD
    )
    AgendaItem.objects.create(session=s31, position=1, title=WORDS)
    report = services.session_report_compose(session=s31, by=scene.secretary)
    assert "نشست پیشین" not in report.body
    assert "به میزبانی شهرداری تهران" in report.body


def test_the_programme_sentence_comes_only_from_a_city_that_runs_a_programme(
    scene: Scene, member_of: Any
) -> None:
    session = written_31(scene)
    reporter = newsroom_reporter(scene)
    without = services.session_report_take(session=session, by=reporter).link.article
    assert "تاکنون" not in without.body
    without.delete()
    assert scene.shiraz.municipality is not None
    build_wave_scene(scene.shiraz.municipality)  # the 9th wave, 13 Bahman 1401
    taken = services.session_report_take(session=session, by=reporter).link.article
    assert "تاکنون یک مرحله جهش عمرانی در این کلان‌شهر از بهمن ۱۴۰۱" in taken.body
    assert "هم‌زمان با دهه فجر" in taken.body


# ---- the committee's own report ---------------------------------------------------------------


def test_only_the_secretariat_composes_and_strangers_are_told_nothing(scene: Scene) -> None:
    session = held_31(scene)
    with pytest.raises(CommitteeActionDeniedError):
        services.session_report_compose(session=session, by=scene.representative)
    for stranger in (scene.outsider, scene.city_staff):
        with pytest.raises(CommitteeNotFoundError):
            services.session_report_compose(session=session, by=stranger)
    assert not SessionReport.objects.exists()
    report = services.session_report_compose(session=session, by=scene.secretary)
    assert report.composed_by == scene.secretary
    assert report.kicker == f"دبیر {scene.committee.name}:"


def test_a_session_not_yet_held_has_no_report_and_nothing_is_written(scene: Scene) -> None:
    session = held_31(scene, status=SessionStatus.INVITED)
    newsroom_reporter(scene)
    with pytest.raises(services.SessionNotHeldError, match="پس از برگزاری"):
        services.session_report_compose(session=session, by=scene.secretary)
    with pytest.raises(services.SessionNotHeldError):
        services.session_report_take(session=session, by=scene.representative)
    assert not SessionReport.objects.exists()
    assert not Article.objects.exists()


def test_compose_again_until_published_then_the_text_stays(scene: Scene) -> None:
    session = held_31(scene)
    with pytest.raises(services.ReportNotComposedError):
        services.session_report_publish(session=session, by=scene.secretary)
    services.session_report_compose(session=session, by=scene.secretary)
    Resolution.objects.create(session=session, row=3, text="برگزاری دوره آموزشی", is_public=True)
    again = services.session_report_compose(session=session, by=scene.secretary)
    assert "برگزاری دوره آموزشی" in again.body
    assert SessionReport.objects.count() == 1
    with pytest.raises(CommitteeActionDeniedError):
        services.session_report_publish(session=session, by=scene.representative)
    published = services.session_report_publish(session=session, by=scene.secretary)
    assert published.is_published
    assert services.session_report_publish(session=session, by=scene.secretary).published_at == (
        published.published_at
    )
    with pytest.raises(services.ReportPublishedError):
        services.session_report_compose(session=session, by=scene.secretary)


def test_the_public_page_shows_the_report_only_once_published(scene: Scene) -> None:
    session = held_31(scene)
    report = services.session_report_compose(session=session, by=scene.secretary)
    public = reverse("committee:public", args=[scene.committee.slug])
    assert 'id="report-31"' not in Client().get(public).content.decode()
    services.session_report_publish(session=session, by=scene.secretary)
    page = Client().get(public).content.decode()
    assert 'id="report-31"' in page
    assert report.lead in page
    assert PRIVATE_DECISION not in page


# ---- a member city takes it -------------------------------------------------------------------


def test_the_representative_takes_it_as_a_draft_in_the_citys_own_voice(scene: Scene) -> None:
    session = written_31(scene)
    city = scene.shiraz.municipality
    assert city is not None
    city.outlet_name = "حافظ خبر"
    city.save()
    OfficialFactory(
        municipality=city,
        name="رضا جاویدی",
        position="مدیرکل ارتباطات و امور بین‌الملل شهرداری شیراز",
        rank=40,
    )
    taken = services.session_report_take(session=session, by=newsroom_reporter(scene))
    article = taken.link.article
    assert taken.created
    assert article.municipality == city
    assert article.status == ArticleStatus.DRAFT
    assert article.kind == ArticleKind.SESSION_REPORT
    assert article.reporter == scene.representative
    assert article.session == session
    assert article.kicker == "مدیرکل ارتباطات و امور بین‌الملل شهرداری شیراز:"
    assert "به گزارش حافظ خبر، رضا جاویدی در سی‌ویکمین نشست" in article.body
    assert taken.link.member == scene.shiraz


def test_without_an_official_the_voting_representative_speaks_for_the_city(scene: Scene) -> None:
    scene.representative.first_name, scene.representative.last_name = "مینا", "راستی"
    scene.representative.save()
    article = services.session_report_take(
        session=written_31(scene), by=newsroom_reporter(scene)
    ).link.article
    assert "مینا راستی در سی‌ویکمین نشست" in article.body
    assert article.kicker.startswith("نماینده ")


def test_taking_twice_gives_the_same_draft_never_a_second(scene: Scene) -> None:
    session = written_31(scene)
    reporter = newsroom_reporter(scene)
    first = services.session_report_take(session=session, by=reporter)
    second = services.session_report_take(session=session, by=reporter)
    assert not second.created
    assert second.link.article.pk == first.link.article.pk
    assert Article.objects.count() == 1
    assert SessionArticle.objects.count() == 1


def test_who_may_not_take_it_is_told_why_and_nothing_is_written(
    scene: Scene, member_of: Any
) -> None:
    session = written_31(scene)
    # Strangers, and Shiraz's own publisher with no committee role, are told nothing exists.
    for stranger in (scene.outsider, scene.city_staff):
        with pytest.raises(CommitteeNotFoundError):
            services.session_report_take(session=session, by=stranger)
    # A representative with no role in the city's newsroom.
    with pytest.raises(services.NewsroomRoleRequiredError, match="نقش گزارشگر"):
        services.session_report_take(session=session, by=scene.representative)
    # The secretary comes from Tehran, which does not run Jahesh.
    with pytest.raises(services.NoNewsroomError, match="تهران"):
        services.session_report_take(session=session, by=scene.secretary)
    # The secretary may not take it into Shiraz's newsroom in Shiraz's name.
    with pytest.raises(services.NotCityRepresentativeError):
        services.session_report_take(session=session, by=scene.secretary, member=scene.shiraz)
    with pytest.raises(services.NotCityRepresentativeError):
        services.session_report_take(session=session, by=scene.observer)
    assert not Article.objects.exists()


def test_a_city_that_took_it_edits_reviews_and_publishes_it_through_its_newsroom(
    scene: Scene, member_of: Any
) -> None:
    session = written_31(scene)
    city = scene.shiraz.municipality
    assert city is not None
    reporter = newsroom_reporter(scene)
    article = services.session_report_take(session=session, by=reporter).link.article
    article = newsroom_services.article_update(
        by=reporter, article=article, title="کلان‌شهرها ساختار ارتباطات را بررسی کردند"
    )
    newsroom_services.article_submit(by=reporter, article=article)
    editor = member_of(city, Role.PUBLISHER, username="shiraz-editor")
    newsroom_services.article_approve(by=editor, article=article)
    newsroom_services.channel_create(
        by=editor, municipality=city, kind=ChannelKind.PORTAL, name="درگاه"
    )
    newsroom_services.article_publish_now(by=editor, article=article)
    article.refresh_from_db()
    assert article.status in (ArticleStatus.SCHEDULED, ArticleStatus.PUBLISHED)
    assert SessionArticle.objects.get().article == article


# ---- pages ------------------------------------------------------------------------------------


def test_the_session_page_offers_each_persona_its_own_step(scene: Scene) -> None:
    held_31(scene)
    page = reverse("committee:session", args=[scene.committee.slug, 31])
    secretary = client_for(scene.secretary).get(page).content.decode()
    assert report_url(scene, "compose") in secretary
    assert report_url(scene, "take") not in secretary
    services.session_report_compose(session=Session.objects.get(number=31), by=scene.secretary)
    newsroom_reporter(scene)
    representative = client_for(scene.representative).get(page).content.decode()
    assert report_url(scene, "take") in representative
    assert "بردن گزارش به اتاق خبر شیراز" in representative
    assert report_url(scene, "compose") not in representative
    for stranger in (scene.outsider, scene.city_staff):
        assert client_for(stranger).get(page).status_code == 404


def test_a_planned_session_page_says_the_report_comes_after_it_is_held(scene: Scene) -> None:
    held_31(scene, status=SessionStatus.PLANNED)
    page = reverse("committee:session", args=[scene.committee.slug, 31])
    body = client_for(scene.secretary).get(page).content.decode()
    assert "پس از برگزاری آن از داده‌های نشست نوشته می‌شود" in body
    assert report_url(scene, "compose") not in body
    client_for(scene.secretary).post(report_url(scene, "compose"))
    assert not SessionReport.objects.exists()


def test_compose_publish_and_take_through_the_pages(scene: Scene) -> None:
    held_31(scene)
    secretary = client_for(scene.secretary)
    assert secretary.post(report_url(scene, "compose")).status_code == 302
    assert secretary.post(report_url(scene, "publish")).status_code == 302
    assert SessionReport.objects.get().is_published
    newsroom_reporter(scene)
    representative = client_for(scene.representative)
    assert representative.post(report_url(scene, "compose")).status_code == 403
    answer = representative.post(report_url(scene, "take"))
    article = Article.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse(
        "newsroom:article", args=[article.municipality.slug, article.code]
    )
    again = representative.post(report_url(scene, "take"), follow=True)
    assert "پیش‌تر به اتاق خبر شیراز برده شده است" in again.content.decode()
    assert Article.objects.count() == 1
    session_page = representative.get(
        reverse("committee:session", args=[scene.committee.slug, 31])
    ).content.decode()
    assert 'id="my-article"' in session_page
    for stranger in (scene.outsider, scene.city_staff):
        assert client_for(stranger).post(report_url(scene, "take")).status_code == 404
    assert client_for(scene.secretary).post(report_url(scene, "nonsense")).status_code == 404


def test_the_report_panel_is_a_fixed_number_of_queries(
    scene: Scene, django_assert_max_num_queries: Any
) -> None:
    session = written_31(scene)
    reporter = newsroom_reporter(scene)
    services.session_report_take(session=session, by=reporter)
    seat = selectors.seat_for(user=reporter, slug=scene.committee.slug)
    with django_assert_max_num_queries(4):
        panel = selectors.report_panel(seat=seat, session=session, user=reporter)
        assert panel.mine is not None
        assert panel.mine.article.code
    assert panel.take_for == scene.shiraz


def test_a_chair_from_a_member_city_may_take_it_for_that_city(scene: Scene) -> None:
    chair = scene.city_staff  # Shiraz's publisher, now also the committee's chair from Shiraz
    CommitteeRole.objects.create(
        committee=scene.committee, user=chair, kind=CommitteeRoleKind.CHAIR, member=scene.shiraz
    )
    taken = services.session_report_take(session=written_31(scene), by=chair)
    assert taken.link.member == scene.shiraz


def test_a_city_takes_the_report_only_once_the_secretariat_has_written_it(scene: Scene) -> None:
    session = held_31(scene)
    reporter = newsroom_reporter(scene)
    with pytest.raises(services.ReportNotWrittenError, match="هنوز گزارش"):
        services.session_report_take(session=session, by=reporter)
    page = reverse("committee:session", args=[scene.committee.slug, 31])
    assert report_url(scene, "take") not in client_for(reporter).get(page).content.decode()
    services.session_report_compose(session=session, by=scene.secretary)
    assert report_url(scene, "take") in client_for(reporter).get(page).content.decode()
    assert services.session_report_take(session=session, by=reporter).created


def test_the_demo_publishes_the_31st_report_and_shiraz_takes_it_as_a_draft() -> None:
    from jahesh.committee.demo import COMMITTEE_SLUG, MEMBER_USERNAME, build_demo_committee
    from jahesh.leaps.demo import build_demo_programme
    from jahesh.registry.demo import build_demo_city

    today = dt.date(2026, 12, 4)
    city = build_demo_city(today=today)
    build_demo_programme(municipality=city, today=today)
    committee = build_demo_committee(today=today)
    report = SessionReport.objects.get(session__committee=committee, session__number=31)
    assert report.is_published
    assert "سی‌ویکمین نشست" in report.body
    assert "در نشست پیشین در یزد نیز بررسی شده بود" in report.body
    assert "نشست فوق‌العاده در" in report.body
    link = SessionArticle.objects.select_related("article", "taken_by").get()
    assert link.member.slug == "shiraz"
    assert link.taken_by.username == MEMBER_USERNAME
    assert link.article.municipality == city
    assert link.article.status == ArticleStatus.DRAFT
    assert "تاکنون" in link.article.body
    public = Client().get(reverse("committee:public", args=[COMMITTEE_SLUG])).content.decode()
    assert 'id="report-31"' in public


def test_other_members_see_that_a_city_took_it_but_not_its_draft(
    scene: Scene, member_of: Any
) -> None:
    session = written_31(scene)
    city = scene.shiraz.municipality
    assert city is not None
    reporter = newsroom_reporter(scene)
    article = services.session_report_take(session=session, by=reporter).link.article
    article.title = "عنوان پیش‌نویس شیراز"
    article.save()
    page = reverse("committee:session", args=[scene.committee.slug, 31])
    seen = client_for(scene.secretary).get(page).content.decode()
    assert "شیراز: در اتاق خبر شهر" in seen
    assert "پیش‌نویس شیراز" not in seen
    assert f"/articles/{article.code}/" not in seen
    editor = member_of(city, Role.PUBLISHER, username="shiraz-editor")
    newsroom_services.article_submit(by=reporter, article=article)
    newsroom_services.article_approve(by=editor, article=article)
    newsroom_services.article_record_published(by=editor, article=article, at=timezone.now())
    seen = client_for(scene.secretary).get(page).content.decode()
    assert "منتشر شد</a>" in seen


def test_a_held_session_with_nothing_public_to_tell_gets_a_message_not_an_error_page(
    scene: Scene,
) -> None:
    past_session(scene, 30, scene.yazd)
    s31 = Session.objects.create(
        committee=scene.committee, number=31, host=scene.tehran, status=SessionStatus.HELD
    )
    AgendaItem.objects.create(session=s31, position=1, title="تصویب صورت‌جلسه نشست قبل")
    Resolution.objects.create(session=s31, row=1, text=PRIVATE_DECISION)
    with pytest.raises(services.NothingToReportError, match="نه موضوعی"):
        services.session_report_compose(session=s31, by=scene.secretary)
    answer = client_for(scene.secretary).post(report_url(scene, "compose"), follow=True)
    assert answer.status_code == 200
    assert "نه موضوعی در دستور کار دارد" in answer.content.decode()
    assert not SessionReport.objects.exists()
