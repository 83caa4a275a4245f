"""Articles: codes, sanitising, the review workflow, corrections, withdrawals, tenancy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jahesh.core.errors import PermissionDeniedError, ValidationError
from jahesh.newsroom import services
from jahesh.newsroom.errors import (
    ArticleStateError,
    NothingToPublishError,
    PhotoRejectedError,
    ScheduleInPastError,
    SelfApprovalForbiddenError,
)
from jahesh.newsroom.models import (
    Article,
    ArticleKind,
    ArticleStatus,
    Publication,
    PublicationState,
)
from tests.registry.factories import ProjectFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2023, 2, 1, 8, 0, tzinfo=dt.UTC)


def draft(by, city, **fields):
    fields.setdefault("kind", ArticleKind.NEWS)
    fields.setdefault("title", "افتتاح بوستان")
    return services.article_create(by=by, municipality=city, **fields)


def approved(staff, city, **fields):
    article = draft(staff.reporter, city, **fields)
    services.article_submit(by=staff.reporter, article=article)
    return services.article_approve(by=staff.editor, article=article)


def test_codes_are_sequential_per_city_and_never_reused(city_a, city_b, staff, member_of):
    first = draft(staff.reporter, city_a)
    second = draft(staff.reporter, city_a)
    other_city = draft(member_of(city_b, "reporter"), city_b)
    second.delete()
    third = draft(staff.reporter, city_a)
    assert (first.code, second.code, third.code) == (1, 2, 3)
    assert other_city.code == 1


def test_title_gets_a_persian_slug_and_is_normalised(city_a, staff):
    article = draft(staff.reporter, city_a, title="افتتاح بوستان شيراز  در منطقه 3")
    assert "ي" not in article.title
    assert article.slug.startswith("افتتاح-بوستان")
    assert " " not in article.slug


def test_scripts_and_html_are_stripped_and_text_is_kept(city_a, staff):
    article = draft(
        staff.reporter,
        city_a,
        title="<script>alert(1)</script>تیتر <b>پررنگ</b>",
        body='بند نخست <img src=x onerror="alert(1)">\n<p>بند دوم</p><style>p{}</style>',
    )
    assert article.title == "تیتر پررنگ"
    assert "<" not in article.body
    assert "alert" not in article.body
    assert "بند نخست" in article.body
    assert "بند دوم" in article.body


def test_a_body_of_100000_characters_is_refused_with_a_persian_sentence(city_a, staff):
    with pytest.raises(ValidationError) as caught:
        draft(staff.reporter, city_a, body="ا" * 100_000)
    assert caught.value.field == "body"
    assert "نویسه" in caught.value.message
    assert not Article.objects.exists()


def test_an_empty_title_is_refused(city_a, staff):
    with pytest.raises(ValidationError, match="تیتر"):
        draft(staff.reporter, city_a, title="<b> </b>")


def test_a_viewer_and_an_outsider_cannot_write(city_a, staff, outsider):
    for user in (staff.viewer, outsider):
        with pytest.raises(PermissionDeniedError):
            draft(user, city_a)


def test_links_must_belong_to_the_same_city(city_a, city_b, staff):
    foreign = ProjectFactory(municipality=city_b)
    with pytest.raises(ValidationError, match="همین شهرداری"):
        draft(staff.reporter, city_a, projects=[foreign])


def test_workflow_draft_review_approve_schedule(city_a, staff):
    article = draft(staff.reporter, city_a)
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article, at=NOW)
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED
    assert article.approved_by == staff.editor
    with pytest.raises(PermissionDeniedError):
        services.article_schedule(
            by=staff.editor, article=article, at=NOW + dt.timedelta(hours=1), now=NOW
        )


def test_self_approval_is_refused_unless_the_city_allows_it(city_a, staff):
    article = draft(staff.editor, city_a)
    with pytest.raises(SelfApprovalForbiddenError) as caught:
        services.article_approve(by=staff.editor, article=article)
    assert "نویسنده" in caught.value.message
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    city_a.allow_self_approval = True
    city_a.save()
    services.article_approve(by=staff.editor, article=article)
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED


def test_a_reporter_cannot_approve(city_a, staff):
    article = draft(staff.editor, city_a)
    with pytest.raises(PermissionDeniedError):
        services.article_approve(by=staff.reporter, article=article)


def test_editing_an_approved_article_sends_it_back_to_review(city_a, staff):
    article = approved(staff, city_a)
    services.article_update(by=staff.editor2, article=article, lead="لید تازه")
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW
    assert article.approved_by is None


def test_a_reporter_edits_only_their_own_draft(city_a, staff, member_of):
    other = member_of(city_a, "reporter", "reporter2")
    article = draft(staff.reporter, city_a)
    with pytest.raises(PermissionDeniedError):
        services.article_update(by=other, article=article, title="دیگر")
    services.article_update(by=staff.reporter, article=article, title="تیتر نو")
    article.refresh_from_db()
    assert article.title == "تیتر نو"
    assert article.slug == "تیتر-نو"


def test_every_change_is_kept_in_the_history(city_a, staff):
    article = draft(staff.reporter, city_a)
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article)
    rows = list(article.history.order_by("history_date"))
    assert [r.status for r in rows] == ["draft", "in_review", "approved"]
    assert [r.history_user for r in rows] == [staff.reporter, staff.reporter, staff.editor]


def test_schedule_in_the_past_is_refused_with_a_persian_error(city_a, staff):
    article = approved(staff, city_a)
    with pytest.raises(ScheduleInPastError) as caught:
        services.article_schedule(
            by=staff.publisher, article=article, at=NOW - dt.timedelta(hours=1), now=NOW
        )
    assert "گذشته" in caught.value.message
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED
    assert not Publication.objects.exists()


def test_only_approved_articles_are_scheduled(city_a, staff, portal_channel):
    article = draft(staff.reporter, city_a)
    with pytest.raises(ArticleStateError):
        services.article_schedule(
            by=staff.publisher, article=article, at=NOW + dt.timedelta(hours=1), now=NOW
        )


@pytest.fixture
def portal_channel(city_a, staff):
    return services.channel_create(
        by=staff.publisher, municipality=city_a, kind="portal", name="درگاه"
    )


def test_correction_keeps_code_and_address_and_shows_its_note(city_a, staff, portal_channel):
    article = approved(staff, city_a, title="تیتر نخست")
    services.article_schedule(by=staff.publisher, article=article, at=NOW, now=NOW)
    services.dispatch_fire(dispatch_id=Publication.objects.get().dispatch_id, now=NOW)
    article.refresh_from_db()
    code, slug = article.code, article.slug
    services.article_correct(
        by=staff.editor, article=article, note="رقم اعتبار درست شد.", lead="لید درست"
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.CORRECTED
    assert (article.code, article.slug) == (code, slug)
    assert article.correction_note == "رقم اعتبار درست شد."
    assert article.history.filter(lead="").exists()


def test_withdrawing_cancels_unsent_publications(city_a, staff, portal_channel):
    article = approved(staff, city_a)
    services.article_schedule(
        by=staff.publisher, article=article, at=NOW + dt.timedelta(hours=1), now=NOW
    )
    services.article_withdraw(by=staff.publisher, article=article, reason="اشتباه بود")
    assert Publication.objects.get().state == PublicationState.CANCELLED
    with pytest.raises(ArticleStateError):
        services.article_withdraw(by=staff.publisher, article=article, reason="دوباره")


def test_wave_publish_schedules_every_approved_article_on_every_channel_for_one_moment(
    wave_scene, staff, portal_channel
):
    city = wave_scene.city
    webhook = services.channel_create(
        by=staff.publisher,
        municipality=city,
        kind="webhook",
        name="وب‌هوک",
        config={"url": "https://example.org/hook"},
        secret="a-signing-key-for-tests",
    )
    first = approved(staff, city, waves=[wave_scene.wave])
    second = approved(staff, city, title="دومی", waves=[wave_scene.wave])
    unapproved = draft(staff.reporter, city, waves=[wave_scene.wave])
    at = NOW + dt.timedelta(days=1)
    rows = services.wave_publish(wave=wave_scene.wave, by=staff.publisher, at=at, now=NOW)
    assert len(rows) == 4
    assert {r.due_at for r in rows} == {at}
    assert {r.channel_id for r in rows} == {portal_channel.pk, webhook.pk}
    assert {r.article_id for r in rows} == {first.pk, second.pk}
    assert len({r.idempotency_key for r in rows}) == 4
    assert len({r.dispatch_id for r in rows}) == 1
    unapproved.refresh_from_db()
    assert unapproved.status == ArticleStatus.DRAFT
    # Publishing the wave again moves the same rows; it never doubles them.
    later = at + dt.timedelta(hours=2)
    again = services.wave_publish(wave=wave_scene.wave, by=staff.publisher, at=later, now=NOW)
    assert Publication.objects.count() == 4
    assert {r.due_at for r in again} == {later}


def test_wave_publish_with_no_approved_article_says_so(wave_scene, staff, portal_channel):
    with pytest.raises(NothingToPublishError, match="مرحله"):
        services.wave_publish(
            wave=wave_scene.wave, by=staff.publisher, at=NOW + dt.timedelta(hours=1), now=NOW
        )


def test_wave_publish_needs_a_publisher(wave_scene, staff):
    with pytest.raises(PermissionDeniedError):
        services.wave_publish(
            wave=wave_scene.wave, by=staff.editor, at=NOW + dt.timedelta(hours=1), now=NOW
        )


def test_dispatch_fire_publishes_at_the_planned_moment_not_before(city_a, staff, portal_channel):
    article = approved(staff, city_a)
    at = NOW + dt.timedelta(hours=1)
    services.article_schedule(by=staff.publisher, article=article, at=at, now=NOW)
    dispatch_id = Publication.objects.get().dispatch_id
    assert services.dispatch_fire(dispatch_id=dispatch_id, now=NOW) == []
    ids = services.dispatch_fire(dispatch_id=dispatch_id, now=at + dt.timedelta(seconds=3))
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at == at
    assert ids == [Publication.objects.get().pk]


def test_scheduling_enqueues_the_fire_task_for_that_moment(
    city_a, staff, portal_channel, quiet_queue, django_capture_on_commit_callbacks
):
    article = approved(staff, city_a)
    at = timezone.now() + dt.timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_schedule(by=staff.publisher, article=article, at=at)
    scheduled = quiet_queue.scheduled()
    assert len(scheduled) == 1
    assert scheduled[0].name.endswith("dispatch_fire_task")
    assert abs((scheduled[0].eta.replace(tzinfo=dt.UTC) - at).total_seconds()) < 1


def test_photos_are_checked_by_their_bytes(city_a, staff, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    article = draft(staff.reporter, city_a)
    png = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "image/png")
    photo = services.article_photo_add(
        by=staff.reporter, article=article, file=png, caption="<i>نمای</i> بوستان"
    )
    assert photo.content_type == "image/png"
    assert photo.caption == "نمای بوستان"
    fake = SimpleUploadedFile("evil.jpg", b"<script>alert(1)</script>", "image/jpeg")
    with pytest.raises(PhotoRejectedError):
        services.article_photo_add(by=staff.reporter, article=article, file=fake)
    assert article.photos.count() == 1


def test_a_photo_is_stored_under_the_extension_of_its_bytes_not_the_uploaded_name(
    city_a, staff, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    article = draft(staff.reporter, city_a)
    polyglot = SimpleUploadedFile(
        "page.html", b"GIF89a<script>alert(document.cookie)</script>", "text/html"
    )
    photo = services.article_photo_add(by=staff.reporter, article=article, file=polyglot)
    assert photo.content_type == "image/gif"
    assert photo.file.name.endswith(".gif")
    assert ".html" not in photo.file.name


def test_staff_of_another_city_neither_see_nor_change_its_articles(
    city_a, city_b, staff, member_of
):
    from jahesh.newsroom import selectors

    article = draft(staff.reporter, city_a)
    services.article_submit(by=staff.reporter, article=article)
    foreign_editor = member_of(city_b, "editor", "foreign-editor")
    with pytest.raises(PermissionDeniedError):
        selectors.article_list(user=foreign_editor, municipality=city_a)
    with pytest.raises(PermissionDeniedError):
        selectors.article_get(user=foreign_editor, municipality=city_a, code=article.code)
    with pytest.raises(PermissionDeniedError):
        services.article_approve(by=foreign_editor, article=article)
    with pytest.raises(PermissionDeniedError):
        services.article_update(by=foreign_editor, article=article, title="دست‌برده")
    assert selectors.public_article_list(municipality=city_a).count() == 0


def test_rescheduling_cancels_the_dispatch_left_empty(city_a, staff, portal_channel):
    article = approved(staff, city_a)
    first = services.article_schedule(
        by=staff.publisher, article=article, at=NOW + dt.timedelta(hours=1), now=NOW
    )[0].dispatch
    services.article_schedule(
        by=staff.publisher, article=article, at=NOW + dt.timedelta(hours=2), now=NOW
    )
    first.refresh_from_db()
    assert first.cancelled_at is not None
    assert services.dispatch_fire(dispatch_id=first.pk, now=NOW + dt.timedelta(hours=3)) == []
    assert Publication.objects.count() == 1
