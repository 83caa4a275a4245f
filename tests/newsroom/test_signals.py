"""The newsroom's services announce what they did after commit; the queue listens in tasks.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.dispatch import Signal
from django.utils import timezone

from jahesh.newsroom import services, signals
from jahesh.newsroom.models import Dispatch, PublicationState
from tests.newsroom.test_publishing import bot_channel, published_article, schedule_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard() -> Iterator[Any]:
    """Listen to a signal for the test: ``calls = heard(signals.x)``."""
    connected: list[Signal] = []

    def listen(signal: Signal) -> list[dict[str, Any]]:
        calls: list[dict[str, Any]] = []
        signal.connect(lambda **kwargs: calls.append(kwargs), weak=False, dispatch_uid="heard")
        connected.append(signal)
        return calls

    yield listen
    for signal in connected:
        signal.disconnect(dispatch_uid="heard")


def test_scheduling_a_wave_announces_its_dispatch_only_once_committed(
    wave_scene, staff, heard, django_capture_on_commit_callbacks
):
    for ceremony in wave_scene.ceremonies[:1]:
        article = published_article(staff, wave_scene.city, title=f"افتتاح {ceremony.pk}")
        article.waves.add(wave_scene.wave)
    bot_channel(staff, wave_scene.city, "http://127.0.0.1:9")
    calls = heard(signals.dispatch_scheduled)
    at = timezone.now() + dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.wave_publish(wave=wave_scene.wave, by=staff.publisher, at=at)
    assert calls == []
    for callback in callbacks:
        callback()
    dispatch = Dispatch.objects.get()
    assert [(c["dispatch_id"], c["due_at"]) for c in calls] == [(dispatch.pk, at)]


def test_the_queue_keeps_the_announced_dispatch_for_its_moment(
    wave_scene, staff, job_queue, django_capture_on_commit_callbacks
):
    article = published_article(staff, wave_scene.city)
    article.waves.add(wave_scene.wave)
    bot_channel(staff, wave_scene.city, "http://127.0.0.1:9")
    at = timezone.now() + dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.wave_publish(wave=wave_scene.wave, by=staff.publisher, at=at)
    [task] = job_queue.scheduled()
    assert (task.name, task.args) == ("dispatch_fire_task", (Dispatch.objects.get().pk,))
    assert abs(task.eta - at.astimezone(dt.UTC).replace(tzinfo=None)) < dt.timedelta(seconds=1)


def test_a_retry_is_announced_with_its_publication(
    city_a, staff, heard, django_capture_on_commit_callbacks
):
    row = schedule_now(
        staff, published_article(staff, city_a), bot_channel(staff, city_a, "http://127.0.0.1:9")
    )
    type(row).objects.filter(pk=row.pk).update(state=PublicationState.UNCERTAIN)
    calls = heard(signals.publication_retried)
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_retry(by=staff.publisher, publication=row)
    assert [c["publication_id"] for c in calls] == [row.pk]
