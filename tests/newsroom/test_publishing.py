"""Sending publications to real local stand-ins: success, errors, retries, never twice."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from jahesh.newsroom import services
from jahesh.newsroom.models import (
    Article,
    ArticleKind,
    Channel,
    Publication,
    PublicationState,
)
from jahesh.newsroom.services import sending
from tests.newsroom.servers import stand_in_server, valid_signature

pytestmark = pytest.mark.django_db

TOKEN = "123456:secret-bot-token-for-tests"
KEY = "webhook-signing-key-for-tests"


def published_article(staff, city, *, title="افتتاح بوستان نرگس"):
    article = services.article_create(
        by=staff.reporter,
        municipality=city,
        kind=ArticleKind.NEWS,
        title=title,
        lead="بوستان نرگس با حضور شهردار افتتاح شد.",
        body="متن خبر",
    )
    services.article_submit(by=staff.reporter, article=article)
    return services.article_approve(by=staff.editor, article=article)


def schedule_now(staff, article, channel) -> Publication:
    now = timezone.now()
    [row] = services.article_schedule(
        by=staff.publisher, article=article, at=now, channels=[channel], now=now
    )
    services.dispatch_fire(dispatch_id=row.dispatch_id, now=now + dt.timedelta(seconds=1))
    return Publication.objects.get(pk=row.pk)


def bot_channel(staff, city, url, *, timeout_s=2.0, token=TOKEN) -> Channel:
    return services.channel_create(
        by=staff.publisher,
        municipality=city,
        kind="bot",
        name="کانال بله",
        config={"base_url": url, "chat_id": "@city_news", "timeout_s": timeout_s},
        secret=token,
    )


def webhook_channel(staff, city, url, *, timeout_s=2.0) -> Channel:
    return services.channel_create(
        by=staff.publisher,
        municipality=city,
        kind="webhook",
        name="وب‌هوک",
        config={"url": f"{url}/hook", "timeout_s": timeout_s},
        secret=KEY,
    )


def send(row: Publication, **kwargs) -> sending.SendResult:
    result = services.publication_send(publication_id=row.pk, **kwargs)
    row.refresh_from_db()
    return result


def test_bot_message_goes_out_once_with_the_token_in_the_path(city_a, staff):
    with stand_in_server() as bot:
        row = schedule_now(
            staff, published_article(staff, city_a), bot_channel(staff, city_a, bot.url)
        )
        assert send(row).state == PublicationState.SENT
        assert send(row).state == PublicationState.SENT  # a repeated task does nothing
    assert len(bot.received) == 1
    request = bot.received[0]
    assert request.path == f"/bot{TOKEN}/sendMessage"
    payload = request.json()
    assert payload["chat_id"] == "@city_news"
    assert "افتتاح بوستان نرگس" in payload["text"]
    assert f"/news/{row.article.code}/" in payload["text"]
    assert request.key == row.idempotency_key
    assert row.external_id == "1"


def test_bot_sends_a_photo_with_its_caption_when_the_article_has_one(
    city_a, staff, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    article = published_article(staff, city_a)
    services.article_photo_add(
        by=staff.editor,
        article=article,
        file=SimpleUploadedFile("p.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20),
        caption="نمای بوستان",
    )
    with stand_in_server() as bot:
        row = schedule_now(staff, article, bot_channel(staff, city_a, bot.url))
        send(row)
    request = bot.received[0]
    assert request.path.endswith("/sendPhoto")
    # The file itself is uploaded, so the photo arrives whatever the site's address.
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    parts = multipart_parts(request)
    assert parts["photo"] == (b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg")
    assert parts["chat_id"][0] == b"@city_news"
    assert article.title in parts["caption"][0].decode("utf-8")


def multipart_parts(request) -> dict[str, tuple[bytes, str]]:
    """Read a multipart/form-data body with the standard library's e-mail parser."""
    from email.parser import BytesParser
    from email.policy import HTTP

    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.body)
    return {
        part.get_param("name", header="content-disposition"): (
            part.get_payload(decode=True),
            part.get_content_type(),
        )
        for part in message.iter_parts()
    }


def test_bot_sends_the_photo_address_when_the_file_is_not_on_this_server(
    city_a, staff, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    article = published_article(staff, city_a)
    photo = services.article_photo_add(
        by=staff.editor,
        article=article,
        file=SimpleUploadedFile("p.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20),
        caption="نمای بوستان",
    )
    Path(photo.file.path).unlink()
    with stand_in_server() as bot:
        row = schedule_now(staff, article, bot_channel(staff, city_a, bot.url))
        send(row)
    assert bot.received[0].path.endswith("/sendPhoto")
    assert bot.received[0].json()["photo"].endswith(".jpg")


def test_webhook_is_signed_over_timestamp_and_body_with_the_key_header(city_a, staff):
    with stand_in_server(answer=lambda r, n: (204, b"")) as hook:
        row = schedule_now(
            staff, published_article(staff, city_a), webhook_channel(staff, city_a, hook.url)
        )
        assert send(row).state == PublicationState.SENT
    request = hook.received[0]
    assert valid_signature(request, KEY)
    assert not valid_signature(request, "another-key")
    assert request.headers["idempotency-key"] == row.idempotency_key
    assert json.loads(request.body)["code"] == row.article.code


def test_email_goes_to_every_recipient_through_django_mail(city_a, staff, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    channel = services.channel_create(
        by=staff.publisher,
        municipality=city_a,
        kind="email",
        name="خبرنامه",
        config={"recipients": "a@example.org, b@example.org"},
    )
    row = schedule_now(staff, published_article(staff, city_a), channel)
    assert send(row).state == PublicationState.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "افتتاح بوستان نرگس"
    assert set(mail.outbox[0].bcc) == {"a@example.org", "b@example.org"}


def test_a_500_is_retried_with_back_off_and_shown_with_its_error(city_a, staff):
    with stand_in_server(answer=lambda r, n: (500, b"oops")) as bot:
        row = schedule_now(
            staff, published_article(staff, city_a), bot_channel(staff, city_a, bot.url)
        )
        before = timezone.now()
        result = send(row)
        assert result.state == PublicationState.FAILED
        assert row.state == PublicationState.FAILED
        assert "۵۰۰" in row.last_error
        assert result.retry_at is not None
        first_delay = (result.retry_at - before).total_seconds()
        assert 25 <= first_delay <= 40
        # Not due yet: a second task at once sends nothing.
        assert send(row).state == PublicationState.FAILED
        assert len(bot.received) == 1
        before_second = timezone.now()
        second = send(row, now=result.retry_at + dt.timedelta(seconds=1))
        assert second.retry_at is not None
        # The delay doubles; measured from the moment of the failure, as the first one was.
        assert 55 <= (second.retry_at - before_second).total_seconds() <= 70
        bot.answer = lambda r, n: (200, b'{"ok": true, "result": {"message_id": 7}}')
        assert (
            send(row, now=second.retry_at + dt.timedelta(seconds=1)).state == PublicationState.SENT
        )
    assert row.attempts == 3
    assert len(bot.received) == 3


def test_failing_forever_stops_after_the_last_attempt(city_a, staff):
    with stand_in_server(answer=lambda r, n: (503, b"")) as bot:
        row = schedule_now(
            staff, published_article(staff, city_a), bot_channel(staff, city_a, bot.url)
        )
        now = timezone.now()
        for _ in range(sending.MAX_ATTEMPTS):
            result = send(row, now=now)
            now = (result.retry_at or now) + dt.timedelta(seconds=1)
    assert row.state == PublicationState.FAILED
    assert row.next_attempt_at is None
    assert "متوقف" in row.last_error
    assert len(bot.received) == sending.MAX_ATTEMPTS


def test_an_expired_token_fails_at_once_without_retry_and_without_showing_the_token(city_a, staff):
    answer = (401, b'{"ok": false, "error_code": 401, "description": "Unauthorized"}')
    with stand_in_server(answer=lambda r, n: answer) as bot:
        row = schedule_now(
            staff, published_article(staff, city_a), bot_channel(staff, city_a, bot.url)
        )
        result = send(row)
    assert result.state == PublicationState.FAILED
    assert result.retry_at is None
    assert "توکن" in row.last_error
    assert TOKEN not in row.last_error


def test_a_token_with_a_space_fails_at_once_and_never_reaches_the_log_or_the_error(
    city_a, staff, caplog
):
    token = "123456:secret token-with-a-space"
    with stand_in_server() as bot:
        channel = bot_channel(staff, city_a, bot.url, token=token)
        row = schedule_now(staff, published_article(staff, city_a), channel)
        result = send(row)
    assert result.state == PublicationState.FAILED
    assert result.retry_at is None
    assert bot.received == []
    assert "secret token" not in row.last_error
    assert "secret token" not in caplog.text


def test_garbage_from_the_bot_is_uncertain_and_never_resent_by_itself(city_a, staff):
    with stand_in_server(answer=lambda r, n: (200, b"<html>proxy</html>")) as bot:
        row = schedule_now(
            staff, published_article(staff, city_a), bot_channel(staff, city_a, bot.url)
        )
        assert send(row).state == PublicationState.UNCERTAIN
        assert send(row, now=timezone.now() + dt.timedelta(days=1)).state == (
            PublicationState.UNCERTAIN
        )
    assert len(bot.received) == 1
    assert "معلوم نیست" in row.last_error


def test_a_bot_timeout_is_uncertain_but_a_webhook_timeout_is_retried(city_a, staff):
    with stand_in_server(delay_s=1.0) as slow:
        article = published_article(staff, city_a)
        bot = bot_channel(staff, city_a, slow.url, timeout_s=0.2)
        hook = webhook_channel(staff, city_a, slow.url, timeout_s=0.2)
        now = timezone.now()
        rows = services.article_schedule(
            by=staff.publisher, article=article, at=now, channels=[bot, hook], now=now
        )
        services.dispatch_fire(dispatch_id=rows[0].dispatch_id, now=now + dt.timedelta(seconds=1))
        by_kind = {r.channel.kind: r for r in Publication.objects.select_related("channel")}
        assert send(by_kind["bot"]).state == PublicationState.UNCERTAIN
        assert send(by_kind["webhook"]).state == PublicationState.FAILED
    assert by_kind["webhook"].next_attempt_at is not None


def test_a_refused_connection_is_retried(city_a, staff):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    channel = bot_channel(staff, city_a, f"http://127.0.0.1:{port}")
    row = schedule_now(staff, published_article(staff, city_a), channel)
    result = send(row)
    assert result.state == PublicationState.FAILED
    assert result.retry_at is not None


def test_one_failing_channel_does_not_hold_back_the_others(city_a, staff):
    with stand_in_server(answer=lambda r, n: (500, b"")) as broken, stand_in_server() as good:
        article = published_article(staff, city_a)
        channels = [
            bot_channel(staff, city_a, broken.url),
            webhook_channel(staff, city_a, good.url),
        ]
        now = timezone.now()
        rows = services.article_schedule(
            by=staff.publisher, article=article, at=now, channels=channels, now=now
        )
        for pk in services.dispatch_fire(dispatch_id=rows[0].dispatch_id, now=now):
            services.publication_send(publication_id=pk)
    states = dict(Publication.objects.values_list("channel__kind", "state"))
    assert states == {"bot": PublicationState.FAILED, "webhook": PublicationState.SENT}


def test_a_claimed_row_is_not_sent_by_a_second_worker(city_a, staff):
    with stand_in_server() as bot:
        row = schedule_now(
            staff, published_article(staff, city_a), bot_channel(staff, city_a, bot.url)
        )
        Publication.objects.filter(pk=row.pk).update(
            state=PublicationState.SENDING,
            claimed_by=sending.worker_id(),
            claimed_at=timezone.now(),
        )
        assert send(row).state == PublicationState.SENDING
    assert bot.received == []


def test_recovery_settles_rows_of_a_dead_worker_by_what_their_channel_allows(city_a, staff):
    article = published_article(staff, city_a)
    bot = bot_channel(staff, city_a, "http://127.0.0.1:9")
    hook = webhook_channel(staff, city_a, "http://127.0.0.1:9")
    now = timezone.now()
    rows = services.article_schedule(
        by=staff.publisher, article=article, at=now, channels=[bot, hook], now=now
    )
    dead = f"{socket.gethostname()}:{2**22 + 12345}:0badf00d"
    Publication.objects.update(state=PublicationState.SENDING, claimed_by=dead, claimed_at=now)
    alive_elsewhere = "another-host:1"
    extra = Publication.objects.get(channel=hook)
    resend = services.publications_recover(now=now)
    assert resend == [extra.pk]
    states = dict(Publication.objects.values_list("channel__kind", "state"))
    assert states == {"bot": PublicationState.UNCERTAIN, "webhook": PublicationState.PENDING}
    # A live claim elsewhere is left alone until its lease runs out.
    Publication.objects.filter(pk=extra.pk).update(
        state=PublicationState.SENDING, claimed_by=alive_elsewhere, claimed_at=now
    )
    assert services.publications_recover(now=now) == []
    later = now + sending.CLAIM_LEASE + dt.timedelta(seconds=1)
    assert services.publications_recover(now=later) == [extra.pk]
    assert len(rows) == 2


def test_staff_retry_resends_an_uncertain_row_with_the_same_key(
    city_a, staff, django_capture_on_commit_callbacks
):
    with stand_in_server(answer=lambda r, n: (200, b"garbage")) as bot:
        row = schedule_now(
            staff, published_article(staff, city_a), bot_channel(staff, city_a, bot.url)
        )
        send(row)
        bot.answer = lambda r, n: (200, b'{"ok": true, "result": {"message_id": 9}}')
        with django_capture_on_commit_callbacks(execute=True):
            services.publication_retry(by=staff.publisher, publication=row)
        row.refresh_from_db()
    assert row.state == PublicationState.SENT
    assert [r.key for r in bot.received] == [row.idempotency_key] * 2


def test_only_a_publisher_retries_or_marks_sent(city_a, staff):
    from jahesh.core.errors import PermissionDeniedError

    with stand_in_server(answer=lambda r, n: (200, b"x")) as bot:
        row = schedule_now(
            staff, published_article(staff, city_a), bot_channel(staff, city_a, bot.url)
        )
        send(row)
    with pytest.raises(PermissionDeniedError):
        services.publication_mark_sent(by=staff.editor, publication=row)
    services.publication_mark_sent(by=staff.publisher, publication=row)
    row.refresh_from_db()
    assert row.state == PublicationState.SENT


def test_a_withdrawn_article_is_not_sent(city_a, staff):
    with stand_in_server() as bot:
        article = published_article(staff, city_a)
        row = schedule_now(staff, article, bot_channel(staff, city_a, bot.url))
        Article.objects.filter(pk=article.pk).update(status="withdrawn")
        assert send(row).state == PublicationState.CANCELLED
    assert bot.received == []


def test_a_secret_is_stored_encrypted_and_shown_masked(city_a, staff):
    channel = bot_channel(staff, city_a, "https://tapi.bale.ai")
    assert TOKEN not in channel.secret_encrypted
    assert channel.masked_secret == "••••ests"
    assert TOKEN not in str(Channel.objects.filter(pk=channel.pk).values().get())


def test_channel_settings_are_checked(city_a, staff):
    from jahesh.core.errors import ValidationError

    with pytest.raises(ValidationError, match="http"):
        services.channel_create(
            by=staff.publisher,
            municipality=city_a,
            kind="webhook",
            name="بد",
            config={"url": "javascript:alert(1)"},
        )
    with pytest.raises(ValidationError, match="درست نیست"):
        services.channel_create(
            by=staff.publisher,
            municipality=city_a,
            kind="email",
            name="بد",
            config={"recipients": "not-an-address"},
        )


def test_a_timeout_that_is_not_a_number_is_refused_with_a_persian_sentence(city_a, staff):
    from jahesh.core.errors import ValidationError

    with pytest.raises(ValidationError, match="زمان انتظار"):
        bot_channel(staff, city_a, "https://tapi.bale.ai", timeout_s="ده ثانیه")
    assert not Channel.objects.exists()


def test_changing_a_channel_without_naming_its_timeout_keeps_the_timeout(city_a, staff):
    channel = bot_channel(staff, city_a, "https://tapi.bale.ai", timeout_s=3.0)
    services.channel_update(
        by=staff.publisher,
        channel=channel,
        name="کانال تازه",
        config={"base_url": "https://tapi.bale.ai", "chat_id": "@other"},
    )
    channel.refresh_from_db()
    assert channel.config["timeout_s"] == 3.0
    assert channel.config["chat_id"] == "@other"


def test_the_worker_id_names_this_host_and_process():
    host, pid, token = sending.worker_id().split(":")
    assert (host, int(pid)) == (socket.gethostname(), os.getpid())
    assert sending._pid_is_dead(f"{host}:{pid}:{token}") is False
    # The same pid in an earlier life of this host (a restarted container) is a dead claim.
    assert sending._pid_is_dead(f"{host}:{pid}:earlier1") is True


def test_a_bot_asking_to_slow_down_is_retried_after_the_time_it_names(city_a, staff):
    answer = (429, b'{"ok": false, "parameters": {"retry_after": 120}}')
    with stand_in_server(answer=lambda r, n: answer) as bot:
        row = schedule_now(
            staff, published_article(staff, city_a), bot_channel(staff, city_a, bot.url)
        )
        before = timezone.now()
        result = send(row)
    assert result.state == PublicationState.FAILED
    assert 115 <= (result.retry_at - before).total_seconds() <= 130


def test_an_unreachable_mail_server_is_retried(city_a, staff, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    channel = services.channel_create(
        by=staff.publisher,
        municipality=city_a,
        kind="email",
        name="خبرنامه",
        config={"recipients": ["a@example.org"]},
    )
    row = schedule_now(staff, published_article(staff, city_a), channel)
    result = send(row)
    assert result.state == PublicationState.FAILED
    assert result.retry_at is not None
    assert "رایانامه" in row.last_error
