"""Writing down what an announcement promised, at the moment it is made (docs/accountability.md).

``promises_record`` is called by ``wave_announce``: every ceremony the current plan puts in the
wave becomes a ceremony promise on its day, and every groundbreaking among them whose project
has a planned end becomes a completion promise of that end at the project's credit. The rows
are frozen: nothing updates them, and announcing the wave again after unlocking it adds only the
ceremonies that were not promised before, so a day moved afterwards cannot rewrite the promise.

``promises_backfill`` writes the promises of waves announced before promises were stored, reading
each project as its history had it at the moment of the announcement.

``promise_outcomes_refresh`` stores what became of each promise, computed by
``leaps.selectors.promises.outcomes_computed`` (the one home of the rule): after the commits
that may change it (``leaps.tasks``), nightly, when promises are written and by the backfill.
``promise_outcomes_sweep``, every five minutes (``leaps.sweeps``), refreshes the promises whose
rows changed after their outcome was last computed: a job lost while the queue was down.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from jahesh.leaps.models import (
    PUBLIC_WAVE_STATUSES,
    PlanAssignment,
    PlanQuerySet,
    PromiseKind,
    PromiseRecord,
    Wave,
)
from jahesh.leaps.selectors.promises import Outcome, histories, outcomes_computed
from jahesh.registry.models import (
    Ceremony,
    CeremonyKind,
    CeremonyStatus,
    Municipality,
    Project,
)

# A ceremony already called off when the wave is announced promises no completion.
_CALLED_OFF = (CeremonyStatus.CANCELLED, CeremonyStatus.POSTPONED)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@transaction.atomic
def promises_record(*, wave: Wave, from_history: bool = False) -> int:
    """Write the promises of ``wave``'s ceremonies in the current plan that are not written
    yet; return how many were written. With ``from_history`` (waves announced before promises
    were stored), each project is read as its history had it at the moment of the promise."""
    assignments = list(
        PlanAssignment.objects.filter(
            PlanQuerySet.current_q("plan"), wave=wave, plan__programme_id=wave.programme_id
        )
        .order_by("day", "slot", "ceremony_id")
        .values_list(
            "ceremony_id",
            "day",
            "ceremony__kind",
            "ceremony__status",
            "ceremony__held_at",
            "ceremony__project_id",
            "ceremony__project__planned_end_date",
            "ceremony__project__credit_rial",
        )
    )
    if not assignments:
        return 0
    history = (
        histories(
            Project,
            [row[5] for row in assignments],
            ("planned_end_date", "credit_rial", "status"),
        )
        if from_history
        else {}
    )
    city_id = wave.programme.municipality_id
    rows: list[PromiseRecord] = []
    for ceremony_id, day, kind, status, held_at, project_id, end, credit in assignments:
        # The moment of the promise: the announcement; a wave with none (loaded from before
        # Jahesh) promised when the ceremony was held, else on its first day.
        made_at = wave.announced_at or held_at or _day_start(wave.start_date)
        current: dict[str, Any] = {"planned_end_date": end, "credit_rial": credit}
        past = history.get(project_id)
        then = past.as_of(made_at, current) if past else current
        common: dict[str, Any] = {
            "municipality_id": city_id,
            "programme_id": wave.programme_id,
            "wave_id": wave.pk,
            "ceremony_id": ceremony_id,
            "project_id": project_id,
            "made_at": made_at,
            "ceremony_kind": kind,
            "project_planned_end_date": then["planned_end_date"],
            "project_credit_rial": then["credit_rial"],
        }
        rows.append(PromiseRecord(kind=PromiseKind.CEREMONY, promised_date=day, **common))
        if (
            kind == CeremonyKind.GROUNDBREAKING
            and status not in _CALLED_OFF
            and then["planned_end_date"] is not None
        ):
            rows.append(
                PromiseRecord(
                    kind=PromiseKind.COMPLETION, promised_date=then["planned_end_date"], **common
                )
            )
    before = PromiseRecord.objects.filter(wave=wave).count()
    PromiseRecord.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    written = PromiseRecord.objects.filter(wave=wave).count() - before
    if written:
        promise_outcomes_refresh(records=PromiseRecord.objects.filter(wave=wave))
    return written


def promises_backfill(*, municipality: Municipality | None = None) -> int:
    """Write the promises of every announced or held wave (of ``municipality``, or of every
    city) that are not written yet, from the history; return how many were written."""
    waves = Wave.objects.filter(status__in=PUBLIC_WAVE_STATUSES).select_related("programme")
    if municipality is not None:
        waves = waves.filter(programme__municipality=municipality)
    written = sum(
        promises_record(wave=wave, from_history=True)
        for wave in waves.order_by("programme_id", "number")
    )
    # Promises written before outcomes were stored (leaps 0007) get theirs, and any outcome a
    # lost job left behind is put right.
    records = PromiseRecord.objects.all()
    if municipality is not None:
        records = records.filter(municipality=municipality)
    promise_outcomes_refresh(records=records)
    return written


# What the refresh stores on a promise; the rest of the row is frozen.
OUTCOME_FIELDS = (
    "outcome",
    "outcome_date",
    "delay_days",
    "promised_date_today",
    "final_credit_rial",
    "outcome_refreshed_at",
)
_NOT_MET = (Outcome.OVERDUE, Outcome.PENDING)
_REFRESH_CHUNK = 2000


def promise_outcomes_refresh(
    *,
    records: models.QuerySet[PromiseRecord] | None = None,
    project_ids: list[int] | None = None,
    ceremony_ids: list[int] | None = None,
    programme_ids: list[int] | None = None,
) -> int:
    """Compute again the outcomes of the promises ``records`` selects, or of those of the
    projects, ceremonies or programmes named (every promise when none is named; empty lists
    name nothing), and store
    those that changed; return how many changed.

    The outcome stored is the rule's, except that a promise not met stores none (it is
    overdue or pending by the day it is read). Rows are written in bulk; one changed row of
    each city is saved on its own afterwards, so that listeners of saves (the portal's page
    cache) learn the city's promises changed.
    """
    if records is None:
        records = PromiseRecord.objects.all()
        if (project_ids, ceremony_ids, programme_ids) != (None, None, None):
            records = records.filter(
                models.Q(project_id__in=project_ids or [])
                | models.Q(ceremony_id__in=ceremony_ids or [])
                | models.Q(programme_id__in=programme_ids or [])
            )
    ids = list(records.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), _REFRESH_CHUNK):
        changed += _refresh_chunk(ids[start : start + _REFRESH_CHUNK])
    return changed


@transaction.atomic
def _refresh_chunk(ids: list[int]) -> int:
    chunk = PromiseRecord.objects.filter(pk__in=ids)
    computed = {p.record_id: p for p in outcomes_computed(chunk)}
    now = timezone.now()
    changed: list[PromiseRecord] = []
    unchanged: list[int] = []
    for record in chunk.select_for_update().only("pk", "municipality_id", *OUTCOME_FIELDS):
        promise = computed.get(record.pk)
        if promise is None:
            continue
        met = promise.outcome not in _NOT_MET
        stored = (
            promise.outcome if met else "",
            promise.outcome_date,
            promise.delay_days if met else None,
            promise.promised_date_today,
            promise.final_credit_rial,
        )
        if record.outcome_refreshed_at is not None and stored == (
            record.outcome,
            record.outcome_date,
            record.delay_days,
            record.promised_date_today,
            record.final_credit_rial,
        ):
            unchanged.append(record.pk)
            continue
        (
            record.outcome,
            record.outcome_date,
            record.delay_days,
            record.promised_date_today,
            record.final_credit_rial,
        ) = stored
        record.outcome_refreshed_at = now
        changed.append(record)
    PromiseRecord.objects.bulk_update(changed, OUTCOME_FIELDS, batch_size=500)
    # Computed now though unchanged: the sweep reads this moment to leave them alone.
    PromiseRecord.objects.filter(pk__in=unchanged).update(outcome_refreshed_at=now)
    one_per_city = {record.municipality_id: record for record in changed}
    for record in one_per_city.values():
        record.save(update_fields=OUTCOME_FIELDS)
    return len(changed)


# A save's timestamp is taken before its transaction commits, and a refresh run in between
# reads the row as it was: a change stays news to the sweep this long after its timestamp
# (longer than the slowest import's transaction), so such a promise is refreshed once more.
SWEEP_MARGIN = dt.timedelta(minutes=10)


def _stale() -> Q:
    """Promises whose rows changed after their outcome was last computed: never computed; their
    project or any ceremony of it saved since; or the current plan giving their ceremony
    another day than the one stored (a move, a removal from the plan, another plan adopted)."""
    since = F("outcome_refreshed_at") - SWEEP_MARGIN
    ceremony_saved = Ceremony.objects.filter(
        project_id=OuterRef("project_id"),
        updated_at__gt=OuterRef("outcome_refreshed_at") - SWEEP_MARGIN,
    )
    placed = PlanAssignment.objects.filter(
        PlanQuerySet.current_q("plan"), ceremony_id=OuterRef("ceremony_id")
    )
    day_moved = Q(kind=PromiseKind.CEREMONY) & (
        Q(promised_date_today__isnull=True, ceremony__isnull=False) & Exists(placed)
        | Q(promised_date_today__isnull=False, ceremony__isnull=False)
        & ~Exists(placed.filter(day=OuterRef("promised_date_today")))
    )
    return (
        Q(outcome_refreshed_at__isnull=True)
        | Q(project__updated_at__gt=since)
        | Exists(ceremony_saved)
        | day_moved
    )


def promise_outcomes_sweep() -> int:
    """Refresh the promises whose rows changed after their outcome was last computed (the
    safety net of the refresh queued after commits); return how many outcomes changed."""
    return promise_outcomes_refresh(records=PromiseRecord.objects.filter(_stale()))
