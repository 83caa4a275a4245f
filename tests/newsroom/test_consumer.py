"""The real Huey consumer, as a separate process, publishing a wave at one moment.

These tests need a database both processes open: PostgreSQL (DATABASE_URL), or SQLite with
``JAHESH_TEST_DATABASE_NAME=/tmp/some-file.sqlite3`` (pytest-django's SQLite test database is in
memory otherwise). The Redis variants also need REDIS_URL.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from huey.storage import PriorityRedisStorage, SqliteStorage

from jahesh.newsroom import services
from jahesh.newsroom.models import Article, ArticleStatus, Publication, PublicationState
from tests.newsroom.conftest import build_wave_scene
from tests.newsroom.servers import StandIn, stand_in_server, valid_signature
from tests.registry.factories import MembershipFactory, MunicipalityFactory, UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TOKEN = "424242:consumer-test-token"
KEY = "consumer-test-signing-key"


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        if "memory" in name or not name.startswith("/"):
            pytest.skip(
                "the consumer process needs a file database: set "
                "JAHESH_TEST_DATABASE_NAME=/tmp/jahesh-test.sqlite3 (or use PostgreSQL)"
            )
        return f"sqlite:///{name}"
    if connection.vendor == "postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    pytest.skip(f"no consumer test for {connection.vendor}")
    raise AssertionError


@dataclass
class Queue:
    env: dict[str, str]
    log: Path

    def start(self, *, workers: int = 1) -> subprocess.Popen[bytes]:
        command = [
            sys.executable, "-m", "jahesh.config.cli", "run_huey",
            "--workers", str(workers), "--worker-type", "thread",
            "--delay", "0.05", "--max-delay", "0.2", "--no-periodic",
        ]  # fmt: skip
        with self.log.open("ab") as log:
            return subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def queue(request, tmp_path, queue_for_a_consumer) -> Queue:
    """Point this process's Huey and a consumer process at one shared, fresh queue."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "JAHESH_DATA_DIR": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
        "JAHESH_HUEY_IMMEDIATE": "false",
        "JAHESH_SITE_URL": "http://portal.test",
    }
    env.pop("JAHESH_TEST_DATABASE_NAME", None)
    if request.param == "redis-queue":
        if not settings.REDIS_URL:
            pytest.skip("REDIS_URL is not set: no Redis queue to test")
        name = f"jahesh-test-{uuid.uuid4().hex[:8]}"
        storage = PriorityRedisStorage(name=name, url=settings.REDIS_URL)
        env["JAHESH_QUEUE_NAME"] = name
    else:
        env.pop("REDIS_URL", None)
        storage = SqliteStorage(name="jahesh", filename=str(tmp_path / "queue.sqlite3"))
        env["JAHESH_QUEUE_NAME"] = "jahesh"
    queue_for_a_consumer(storage)
    return Queue(env, tmp_path / "consumer.log")


def wait_until(condition, *, timeout_s: float, log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise AssertionError(f"condition not met in {timeout_s} s; consumer log:\n{tail}")
        time.sleep(0.05)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wave_with_articles(n: int, bot: StandIn, hook: StandIn | None = None):
    city = MunicipalityFactory(slug="consumer-city")
    reporter, editor, publisher = UserFactory(), UserFactory(), UserFactory()
    for user, role in ((reporter, "reporter"), (editor, "editor"), (publisher, "publisher")):
        MembershipFactory(user=user, municipality=city, role=role)
    scene = build_wave_scene(city)
    services.channel_create(
        by=publisher,
        municipality=city,
        kind="bot",
        name="بات",
        config={"base_url": bot.url, "chat_id": "@news", "timeout_s": 5},
        secret=TOKEN,
    )
    if hook is not None:
        services.channel_create(
            by=publisher,
            municipality=city,
            kind="webhook",
            name="وب‌هوک",
            config={"url": f"{hook.url}/in", "timeout_s": 5},
            secret=KEY,
        )
    for i in range(n):
        article = services.article_create(
            by=reporter,
            municipality=city,
            kind="wave_report",
            title=f"خبر شماره {i + 1} مرحله",
            lead="لید",
            waves=[scene.wave],
        )
        services.article_submit(by=reporter, article=article)
        services.article_approve(by=editor, article=article)
    return scene, publisher


def unsettled() -> int:
    return Publication.objects.filter(
        state__in=(PublicationState.PENDING, PublicationState.SENDING)
    ).count()


def test_a_wave_goes_out_at_one_moment_on_every_channel_exactly_once(queue):
    with stand_in_server() as bot, stand_in_server(answer=lambda r, n: (200, b"{}")) as hook:
        scene, publisher = wave_with_articles(5, bot, hook)
        at = timezone.now() + dt.timedelta(seconds=2)
        rows = services.wave_publish(wave=scene.wave, by=publisher, at=at)
        assert len(rows) == 10
        consumer = queue.start(workers=2)
        try:
            wait_until(lambda: unsettled() == 0, timeout_s=40, log=queue.log)
        finally:
            stop(consumer)
        keys = {r.idempotency_key for r in rows}
        sent = Publication.objects.filter(state=PublicationState.SENT)
        assert sent.count() == 10
        assert min(sent.values_list("sent_at", flat=True)) >= at
        counts = bot.counts() + hook.counts()
        assert set(counts) == keys
        assert set(counts.values()) == {1}
        assert all(valid_signature(r, KEY) for r in hook.received)
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    assert published.count() == 5
    assert set(published.values_list("published_at", flat=True)) == {at}


def test_killing_the_consumer_mid_publication_sends_nothing_twice(queue):
    with stand_in_server() as bot:
        scene, publisher = wave_with_articles(8, bot)
        bot.hold_nth = 4
        at = timezone.now() + dt.timedelta(seconds=1)
        rows = services.wave_publish(wave=scene.wave, by=publisher, at=at)
        keys = {r.idempotency_key for r in rows}
        consumer = queue.start(workers=1)
        try:
            assert bot.held.wait(40), queue.log.read_text(errors="replace")[-3000:]
            consumer.kill()
            consumer.wait()
        finally:
            if consumer.poll() is None:
                consumer.kill()
        in_flight = Publication.objects.get(state=PublicationState.SENDING)
        assert Publication.objects.filter(state=PublicationState.SENT).count() == 3
        restarted = queue.start(workers=2)
        try:
            wait_until(lambda: unsettled() == 0, timeout_s=40, log=queue.log)
        finally:
            stop(restarted)
        counts = bot.counts()
    assert set(counts) == keys
    assert set(counts.values()) == {1}, counts
    in_flight.refresh_from_db()
    # It reached the bot once; whether the bot acted on it is unknown, so a person decides.
    assert in_flight.state == PublicationState.UNCERTAIN
    assert "معلوم نیست" in in_flight.last_error
    assert Publication.objects.filter(state=PublicationState.SENT).count() == 7
