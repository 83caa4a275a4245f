"""A consumer that dies between the steps of a publication: public first, every channel once.

The steps a dispatch goes through are the fire job (articles public, sends fanned out), the
send jobs (claim, request, outcome), the minute sweep and a starting consumer's recovery. A
crash (a SIGKILLed consumer, a restarted Redis) drops whatever job was queued or held at that
moment. Each test leaves the rows as such a crash leaves them, by queuing the jobs on a queue
nobody consumes and then throwing that queue away, and runs what runs next in production.
Whatever step the crash hit, every due article must end public, at its planned moment, before
any channel gets it, and each channel must receive each article exactly once.
"""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
from collections import Counter

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from huey.storage import MemoryStorage

from jahesh.newsroom import services, tasks
from jahesh.newsroom.models import (
    Article,
    ArticleStatus,
    Dispatch,
    Publication,
    PublicationState,
)
from tests.core.test_queue import UnreachableStorage
from tests.newsroom.conftest import build_wave_scene
from tests.newsroom.servers import StandIn, stand_in_server
from tests.newsroom.test_publishing import KEY, published_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    """``recover_after_restart`` drops the thread's stale connections, as a consumer must; on
    PostgreSQL that would drop the one holding this test's transaction, so here it keeps it."""
    monkeypatch.setattr(tasks, "close_old_connections", lambda: None)


def wave_of_two(staff, city, hook_a: StandIn, hook_b: StandIn, *, at: dt.datetime):
    """Two approved articles of one wave, published together on two webhook channels."""
    wave = build_wave_scene(city).wave
    articles = [
        published_article(staff, city, title="افتتاح بوستان نرگس"),
        published_article(staff, city, title="بهره‌برداری از تقاطع معالی‌آباد"),
    ]
    for article in articles:
        article.waves.add(wave)
    channels = [
        services.channel_create(
            by=staff.publisher,
            municipality=city,
            kind="webhook",
            name=name,
            config={"url": f"{hook.url}/hook", "timeout_s": 2.0},
            secret=KEY,
        )
        for name, hook in (("وب‌هوک الف", hook_a), ("وب‌هوک ب", hook_b))
    ]
    return services.wave_publish(wave=wave, by=staff.publisher, at=at, channels=channels, now=at)


def crash(job_queue, queue_for_a_consumer, step) -> None:
    """Run ``step`` with its jobs queued where no consumer takes them, then lose them all."""
    lost = MemoryStorage("lost-with-the-consumer")
    queue_for_a_consumer(lost)
    step()
    lost.flush_all()
    job_queue.immediate = True  # what runs next runs its jobs at once, in this process


def assert_public_and_sent_once(rows: list[Publication], *hooks: StandIn) -> None:
    dispatch = Dispatch.objects.get(pk=rows[0].dispatch_id)
    articles = Article.objects.filter(pk__in={row.article_id for row in rows})
    assert {a.status for a in articles} == {ArticleStatus.PUBLISHED}
    # Simultaneous: every article of the dispatch carries the dispatch's moment.
    assert {a.published_at for a in articles} == {dispatch.due_at}
    assert dispatch.fired_at is not None
    states = Counter(Publication.objects.filter(pk__in=[r.pk for r in rows]).values_list("state"))
    assert states == Counter({(PublicationState.SENT,): len(rows)})
    keys = Counter(request.key for hook in hooks for request in hook.received)
    assert keys == Counter({row.idempotency_key: 1 for row in rows})


def test_fire_job_lost_then_consumer_restarts(city_a, staff, job_queue, queue_for_a_consumer):
    # The consumer was killed holding the fire job (or Redis lost its schedule): the rows are
    # pending and due, the articles still only scheduled. The starting consumer must fire the
    # dispatch, not send the rows of articles nobody can read on the portal.
    with (
        stand_in_server(answer=lambda r, n: (204, b"")) as a,
        stand_in_server(answer=lambda r, n: (204, b"")) as b,
    ):
        at = timezone.now()
        rows: list[Publication] = []
        crash(
            job_queue,
            queue_for_a_consumer,
            lambda: rows.extend(wave_of_two(staff, city_a, a, b, at=at)),
        )
        assert Dispatch.objects.get(pk=rows[0].dispatch_id).fired_at is None
        tasks.recover_after_restart()
        tasks.recover_after_restart()  # every worker thread runs it
        assert_public_and_sent_once(rows, a, b)


def test_fire_job_lost_the_minute_sweep_fires_it(city_a, staff, job_queue, queue_for_a_consumer):
    with (
        stand_in_server(answer=lambda r, n: (204, b"")) as a,
        stand_in_server(answer=lambda r, n: (204, b"")) as b,
    ):
        at = timezone.now() - services.sending.LOST_TASK_AFTER - dt.timedelta(seconds=5)
        rows: list[Publication] = []
        crash(
            job_queue,
            queue_for_a_consumer,
            lambda: rows.extend(wave_of_two(staff, city_a, a, b, at=at)),
        )
        assert tasks.publications_sweep_task.call_local() == len(rows)
        assert tasks.publications_sweep_task.call_local() == 0
        assert_public_and_sent_once(rows, a, b)


def test_killed_after_firing_before_the_sends_were_queued(
    city_a, staff, job_queue, queue_for_a_consumer
):
    with (
        stand_in_server(answer=lambda r, n: (204, b"")) as a,
        stand_in_server(answer=lambda r, n: (204, b"")) as b,
    ):
        at = timezone.now()
        rows: list[Publication] = []
        crash(
            job_queue,
            queue_for_a_consumer,
            lambda: rows.extend(wave_of_two(staff, city_a, a, b, at=at)),
        )
        # The fire job ran its transaction; the consumer died before the sends were queued.
        crash(
            job_queue,
            queue_for_a_consumer,
            lambda: tasks.dispatch_fire_task.call_local(rows[0].dispatch_id),
        )
        assert not a.received
        assert not b.received
        tasks.recover_after_restart()
        assert_public_and_sent_once(rows, a, b)


def test_killed_in_the_middle_of_a_send(city_a, staff, job_queue, queue_for_a_consumer):
    with (
        stand_in_server(answer=lambda r, n: (204, b"")) as a,
        stand_in_server(answer=lambda r, n: (204, b"")) as b,
    ):
        at = timezone.now()
        rows: list[Publication] = []
        crash(
            job_queue,
            queue_for_a_consumer,
            lambda: rows.extend(wave_of_two(staff, city_a, a, b, at=at)),
        )
        services.dispatch_fire(dispatch_id=rows[0].dispatch_id)
        # One row was claimed by a worker that is gone now; its request may have arrived.
        dead = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"],
            capture_output=True,
            text=True,
            check=True,
        )
        Publication.objects.filter(pk=rows[0].pk).update(
            state=PublicationState.SENDING,
            claimed_by=f"{socket.gethostname()}:{dead.stdout.strip()}:gone",
            claimed_at=timezone.now(),
            attempts=1,
        )
        tasks.recover_after_restart()
        # Webhooks drop a repeated key, so the row went back to pending and went again.
        assert_public_and_sent_once(rows, a, b)


def test_fire_job_and_sweep_both_run(city_a, staff, job_queue, queue_for_a_consumer):
    # The fire job was only late, not lost: it runs after the sweep already fired the dispatch.
    with (
        stand_in_server(answer=lambda r, n: (204, b"")) as a,
        stand_in_server(answer=lambda r, n: (204, b"")) as b,
    ):
        at = timezone.now() - services.sending.LOST_TASK_AFTER - dt.timedelta(seconds=5)
        rows: list[Publication] = []
        crash(
            job_queue,
            queue_for_a_consumer,
            lambda: rows.extend(wave_of_two(staff, city_a, a, b, at=at)),
        )
        tasks.publications_sweep_task.call_local()
        assert tasks.dispatch_fire_task.call_local(rows[0].dispatch_id) == 0
        tasks.recover_after_restart()
        assert_public_and_sent_once(rows, a, b)


def test_a_stray_send_job_fires_the_whole_dispatch_first(
    city_a, staff, job_queue, queue_for_a_consumer
):
    # A send job of an unfired dispatch (queued by a sweep, a retry, an older consumer) runs:
    # the portal gets every article of the wave at its moment before the channel gets one.
    with (
        stand_in_server(answer=lambda r, n: (204, b"")) as a,
        stand_in_server(answer=lambda r, n: (204, b"")) as b,
    ):
        at = timezone.now()
        rows: list[Publication] = []
        crash(
            job_queue,
            queue_for_a_consumer,
            lambda: rows.extend(wave_of_two(staff, city_a, a, b, at=at)),
        )
        assert services.publication_send(publication_id=rows[0].pk).state == PublicationState.SENT
        dispatch = Dispatch.objects.get(pk=rows[0].dispatch_id)
        articles = Article.objects.filter(pk__in={row.article_id for row in rows})
        assert {(x.status, x.published_at) for x in articles} == {
            (ArticleStatus.PUBLISHED, dispatch.due_at)
        }
        tasks.recover_after_restart()
        assert_public_and_sent_once(rows, a, b)


def test_a_row_whose_moment_has_not_come_is_not_sent(
    city_a, staff, job_queue, queue_for_a_consumer
):
    with (
        stand_in_server(answer=lambda r, n: (204, b"")) as a,
        stand_in_server(answer=lambda r, n: (204, b"")) as b,
    ):
        at = timezone.now() + dt.timedelta(hours=1)
        rows: list[Publication] = []
        crash(
            job_queue,
            queue_for_a_consumer,
            lambda: rows.extend(wave_of_two(staff, city_a, a, b, at=at)),
        )
        # Its sends were queued by hand for now (a corrupted schedule): they change nothing.
        Publication.objects.filter(pk=rows[0].pk).update(due_at=timezone.now())
        result = services.publication_send(publication_id=rows[0].pk)
        assert result.state == PublicationState.PENDING
        tasks.recover_after_restart()
        assert not a.received
        assert not b.received
        assert set(
            Article.objects.filter(pk__in={r.article_id for r in rows}).values_list(
                "status", flat=True
            )
        ) == {ArticleStatus.SCHEDULED}


@pytest.mark.django_db(transaction=True)
def test_publish_now_while_the_queue_is_down_saves_answers_and_the_sweep_fires_it(
    client, city_a, staff, queue_for_a_consumer, caplog
):
    with stand_in_server(answer=lambda r, n: (204, b"")) as hook:
        services.channel_create(
            by=staff.publisher,
            municipality=city_a,
            kind="webhook",
            name="وب‌هوک",
            config={"url": f"{hook.url}/hook", "timeout_s": 2.0},
            secret=KEY,
            is_default=True,
        )
        article = published_article(staff, city_a)
        huey = queue_for_a_consumer(UnreachableStorage(ConnectionError("Connection refused")))
        client.force_login(staff.publisher)
        with caplog.at_level("WARNING", logger="jahesh.core.queue"):
            page = client.post(
                reverse("newsroom:article_action", args=[city_a.slug, article.code, "publish-now"]),
                HTTP_X_REQUEST_ID="staff-save-42",
            )
        # The save was kept, so the page says so: no 503 for a queue that could not be reached.
        assert page.status_code == 302
        [line] = [r.getMessage() for r in caplog.records if r.name == "jahesh.core.queue"]
        assert "dispatch_fire_task" in line
        assert "staff-save-42" in line
        row = Publication.objects.get(article=article)
        assert row.state == PublicationState.PENDING
        article.refresh_from_db()
        assert article.status == ArticleStatus.SCHEDULED
        # Redis is back; two minutes on, the sweep finds the dispatch whose job was dropped.
        huey.immediate = True
        earlier = timezone.now() - services.sending.LOST_TASK_AFTER - dt.timedelta(seconds=5)
        Dispatch.objects.filter(pk=row.dispatch_id).update(due_at=earlier)
        Publication.objects.filter(pk=row.pk).update(due_at=earlier)
        Article.objects.filter(pk=article.pk).update(scheduled_for=earlier)
        assert tasks.publications_sweep_task.call_local() == 1
        assert_public_and_sent_once([row], hook)


@pytest.mark.django_db(transaction=True)
def test_a_project_edited_while_the_queue_is_down_is_saved(city_a, queue_for_a_consumer, caplog):
    # What the soak's staff did: edit a project, whose waves' figures must be re-checked. The
    # re-check job cannot be queued; the edit stands and the nightly re-check covers it.
    scene = build_wave_scene(city_a)
    project = scene.ceremonies[0].project
    queue_for_a_consumer(UnreachableStorage(ConnectionError("Connection refused")))
    with caplog.at_level("WARNING", logger="jahesh.core.queue"), transaction.atomic():
        project.title = "تقاطع معالی‌آباد (ویرایش)"
        project.save()
    project.refresh_from_db()
    assert project.title == "تقاطع معالی‌آباد (ویرایش)"
    # One line per job left behind: the figures' re-check, and whatever else listens to a
    # project's changes (the promises' outcomes do too).
    lines = [r.getMessage() for r in caplog.records if r.name == "jahesh.core.queue"]
    assert len([text for text in lines if "facts_recheck_task" in text]) == 1, lines
    assert all("left to the periodic sweep" in text for text in lines), lines
