"""Background jobs of the newsroom: thin Huey wrappers over the publishing services.

The services announce what they did (``newsroom.signals``); ``connect()``, called from the app's
``ready()``, turns those announcements into jobs, so the services never know the queue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import close_old_connections
from django.db.models import Model, Q
from django.db.models.signals import post_delete, post_save
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from jahesh.core.commits import gather_until_commit
from jahesh.leaps.models import Plan, PlanAssignment, Wave
from jahesh.newsroom import services, signals
from jahesh.newsroom.models import Fact
from jahesh.newsroom.services.sending import LOST_TASK_AFTER
from jahesh.registry.models import Ceremony, Project

# Sends are handed to workers in chunks of one channel each: a thousand single jobs would cost
# a thousand queue writes and connection set-ups before the first message leaves, and a slow
# channel holds back only its own chunks.
SEND_CHUNK = 20


def _fire(dispatch_id: int) -> list[int]:
    """Make the dispatch's articles public and fan its sends out to the workers, by channel."""
    by_channel = services.dispatch_fire_by_channel(dispatch_id=dispatch_id)
    for ids in by_channel:
        _send_in_chunks(ids)
    return [pk for ids in by_channel for pk in ids]


def _send_in_chunks(ids: list[int]) -> None:
    for start in range(0, len(ids), SEND_CHUNK):
        publications_send_task(ids[start : start + SEND_CHUNK])


@db_task()  # type: ignore[untyped-decorator]
def dispatch_fire_task(dispatch_id: int) -> int:
    """At the dispatch's moment: make its articles public and fan its sends out to the workers."""
    return len(_fire(dispatch_id))


def _settle(*, overdue_by: dt.timedelta) -> int:
    """Fire the dispatches whose job was lost, then resend the rows whose job was lost.

    Firing comes first: a row is sent only once its article is public (``publication_send``
    also refuses, and fires, a row of an unfired dispatch), so what a dead consumer or a
    restarted queue dropped goes out in the order the jobs would have run it.
    """
    fired: set[int] = set()
    for dispatch_id in services.dispatches_unfired(overdue_by=overdue_by):
        fired |= set(_fire(dispatch_id))
    recovered = services.publications_recover()
    due = services.publications_due(overdue_by=overdue_by)
    ids = sorted((set(recovered) | set(due)) - fired)
    _send_in_chunks(ids)
    return len(fired) + len(ids)


def _send(publication_id: int) -> str:
    result = services.publication_send(publication_id=publication_id)
    if result.retry_at is not None:
        publication_send_task.schedule((publication_id,), eta=result.retry_at)
    return str(result.state)


@db_task()  # type: ignore[untyped-decorator]
def publications_send_task(publication_ids: list[int]) -> list[str]:
    return [_send(publication_id) for publication_id in publication_ids]


@db_task()  # type: ignore[untyped-decorator]
def publication_send_task(publication_id: int) -> str:
    return _send(publication_id)


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def publications_sweep_task() -> int:
    """Each minute: fire dispatches and resend rows whose job was lost, settle dead workers' rows.

    Also the safety net of every job the newsroom queues after a commit (a fire, a staff retry):
    when the queue cannot be reached then, the job is dropped with a log line and found here.
    """
    return _settle(overdue_by=LOST_TASK_AFTER)


@on_startup()  # type: ignore[untyped-decorator]
def recover_after_restart() -> None:
    """A restarted consumer first settles what the previous one left half-done.

    Huey calls this in every worker (thread or process), and each one may do it: only rows
    claimed by a dead process are settled, a dispatch fires once (its row is locked and then
    marked), and of several sends queued for one row only one claim wins, so a second worker's
    pass changes nothing and sends nothing twice.
    """
    close_old_connections()
    try:
        _settle(overdue_by=dt.timedelta(0))
    finally:
        close_old_connections()


def _on_dispatch_scheduled(
    sender: Any, dispatch_id: int, due_at: dt.datetime, **kwargs: Any
) -> None:
    dispatch_fire_task.schedule((dispatch_id,), eta=due_at)


def _on_publication_retried(sender: Any, publication_id: int, **kwargs: Any) -> None:
    publication_send_task(publication_id)


@db_task()  # type: ignore[untyped-decorator]
def facts_recheck_task(wave_ids: list[int]) -> int:
    """Evaluate again the published figures that stand on these waves."""
    return services.facts_recheck(wave_ids=wave_ids).drifted


@db_periodic_task(crontab(hour="3", minute="17"))  # type: ignore[untyped-decorator]
def facts_recheck_nightly_task() -> int:
    """Each night: every published figure of every city, in case a change slipped past."""
    return services.facts_recheck().drifted


# What changed, as (model, primary key, wave or programme id known on the row); resolved into
# waves only after commit, so a save costs no query here.
Change = tuple[str, int, int | None]


def _change_of(instance: Model) -> Change | None:
    if isinstance(instance, PlanAssignment):
        return ("assignment", instance.pk, instance.wave_id)
    if isinstance(instance, Plan):
        return ("plan", instance.pk, instance.programme_id)
    if isinstance(instance, Ceremony):
        return ("ceremony", instance.pk, None)
    if isinstance(instance, Project):
        return ("project", instance.pk, None)
    return None


def _waves_of(changes: set[Change]) -> set[int]:
    waves = {known for kind, _pk, known in changes if kind == "assignment" and known}
    programmes = {known for kind, _pk, known in changes if kind == "plan" and known}
    ceremonies = {pk for kind, pk, _known in changes if kind == "ceremony"}
    projects = {pk for kind, pk, _known in changes if kind == "project"}
    if programmes:
        waves |= set(Wave.objects.filter(programme_id__in=programmes).values_list("pk", flat=True))
    if ceremonies or projects:
        waves |= set(
            PlanAssignment.objects.filter(
                Q(ceremony_id__in=ceremonies) | Q(ceremony__project_id__in=projects)
            ).values_list("wave_id", flat=True)
        )
    return waves


def _announce(changes: set[Change]) -> None:
    waves = _waves_of(changes)
    if waves:
        signals.figures_may_have_changed.send(sender=Fact, wave_ids=sorted(waves))


def _on_figure_rows_changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    """Gather what changed in this transaction and announce it once, after commit: a bulk edit
    of a thousand projects queues one re-check of their waves, not a thousand."""
    if kwargs.get("raw"):
        return
    change = _change_of(instance)
    if change is None:
        return
    gather_until_commit("facts", change, _announce)


def _on_figures_may_have_changed(sender: Any, wave_ids: list[int], **kwargs: Any) -> None:
    facts_recheck_task(wave_ids)


def connect() -> None:
    for model in (Project, Ceremony, Plan, PlanAssignment):
        post_save.connect(_on_figure_rows_changed, sender=model, dispatch_uid=f"facts_{model}")
        post_delete.connect(
            _on_figure_rows_changed, sender=model, dispatch_uid=f"facts_del_{model}"
        )
    signals.figures_may_have_changed.connect(
        _on_figures_may_have_changed, dispatch_uid="newsroom_facts_recheck"
    )
    signals.dispatch_scheduled.connect(_on_dispatch_scheduled, dispatch_uid="newsroom_dispatch")
    signals.publication_retried.connect(_on_publication_retried, dispatch_uid="newsroom_retry")
