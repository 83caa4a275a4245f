"""What a city's announcements promised and what became of it. The promises are the rows
``promises_record`` wrote when each wave was announced (frozen, so a date changed afterwards
cannot rewrite them); their outcomes are computed here from the live rows and the registry's
history, the one home of that rule (docs/accountability.md). The rule has two uses: the queued
refresh (``leaps.services.promise_outcomes_refresh``) stores what it computes on each promise
(``outcomes_computed``), and the pages, downloads and API read those stored outcomes, the
figures counted by the database (``city_promises``, ``city_promise_figures``). What depends on
the day of reading (overdue or not yet due, days overdue) is never stored: a promise not met
stores no outcome and is dated against ``today`` when read.

Two kinds of promise:

- a **ceremony**: an announced wave put a ceremony of a public project on one of its days; its
  outcome is held (on that day or how many days later), postponed (to the ceremony's new date,
  read from the history of its date, or to the later day the plan now gives it), cancelled,
  overdue, or not yet due;
- a **completion**: a groundbreaking announced in a wave promised the project's planned end
  date and its credit as they stood then; its outcome is the first commissioning or
  inauguration held, or the first change of the project's status to completion, on time or how
  many days late, with the credit recorded then.

A promise outlives the ceremony (or, for a completion, the project) it was about: once that is
deleted, the promise keeps the outcome it had if it was met by then, and is otherwise cancelled
on the day of the deletion (``leaps.removals`` keeps what the rows showed of them).
"""

from __future__ import annotations

import bisect
import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from jahesh.leaps.models import (
    PlanAssignment,
    PlanQuerySet,
    PromiseKind,
    PromiseRecord,
    WaveQuerySet,
)
from jahesh.registry.models import (
    Ceremony,
    CeremonyKind,
    CeremonyStatus,
    Municipality,
    Project,
    ProjectQuerySet,
    ProjectStatus,
)


class Outcome(models.TextChoices):
    ON_TIME = "on_time", "به‌موقع انجام شد"
    LATE = "late", "با تأخیر انجام شد"
    OVERDUE = "overdue", "موعدش گذشته و انجام نشده"
    POSTPONED = "postponed", "به تعویق افتاد"
    CANCELLED = "cancelled", "لغو شد"
    PENDING = "pending", "هنوز به موعد نرسیده"
    DONE_UNDATED = "done_undated", "انجام شد، تاریخش ثبت نشده"


# Outcomes whose date has come: the on-time rate is counted over these.
DUE_OUTCOMES = (
    Outcome.ON_TIME,
    Outcome.LATE,
    Outcome.OVERDUE,
    Outcome.POSTPONED,
    Outcome.CANCELLED,
)
COMPLETED_STATUSES = (ProjectStatus.COMPLETION, ProjectStatus.MAINTENANCE)
FINISHING_KINDS = (CeremonyKind.COMMISSIONING, CeremonyKind.INAUGURATION)
OVERDUE_SHOWN = 50


@dataclass(frozen=True, slots=True)
class Promise:
    municipality_id: int
    kind: str  # PromiseKind
    ceremony_id: int
    ceremony_kind: str
    project_id: int
    project_code: str
    project_slug: str
    project_title: str
    district_number: int | None
    district_name: str
    sectors: tuple[str, ...]
    programme_slug: str
    programme_name: str
    wave_number: int
    wave_noun: str
    made_at: dt.datetime  # when the promise was made (the wave's announcement, or the holding)
    promised_date: dt.date
    promised_date_today: dt.date | None  # the same field read today (differs if it changed)
    promised_credit_rial: int | None
    final_credit_rial: int | None  # the credit when the promise was met
    outcome: str  # Outcome
    outcome_date: dt.date | None  # held, completed, cancelled, or postponed to
    delay_days: int | None  # late by (met), overdue by (not met), None otherwise
    record_id: int = 0  # the PromiseRecord
    removed: bool = False  # its ceremony (or, for a completion, its project) was deleted

    @property
    def kind_label(self) -> str:
        return PromiseKind(self.kind).label

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    @property
    def ceremony_kind_label(self) -> str:
        return CeremonyKind(self.ceremony_kind).label

    @property
    def date_changed(self) -> bool:
        return self.promised_date_today is not None and self.promised_date_today != (
            self.promised_date
        )

    @property
    def credit_changed(self) -> bool:
        return (
            self.final_credit_rial is not None
            and self.promised_credit_rial is not None
            and self.final_credit_rial != self.promised_credit_rial
        )


@dataclass(frozen=True, slots=True)
class PromiseFigures:
    label: str
    total: int
    on_time: int
    late: int
    overdue: int
    postponed: int
    cancelled: int
    pending: int
    done_undated: int
    on_time_rate_pct: float | None  # on time among the promises whose date has come
    median_delay_days: float | None  # over the promises met with a known date (0 = on time)

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.overdue + self.postponed + self.cancelled


@dataclass(frozen=True, slots=True)
class CityPromises:
    city: Municipality
    today: dt.date
    promises: Sequence[Promise]  # every promise, read from the database on first use
    overall: PromiseFigures
    by_kind: list[PromiseFigures]
    by_programme: list[PromiseFigures]
    by_district: list[PromiseFigures]
    by_sector: list[PromiseFigures]
    overdue: list[Promise]  # the longest overdue first, at most OVERDUE_SHOWN
    overdue_total: int
    # Promises whose date or credit today differs from the promise, in the order of
    # ``promises``, at most OVERDUE_SHOWN, and how many there are.
    changed: list[Promise]
    changed_total: int


def _local_date(moment: dt.datetime) -> dt.date:
    # The site's zone (Tehran), read once: timezone.localtime asks a thread-local each call,
    # which cost more than the rest of a promise.
    return moment.astimezone(timezone.get_default_timezone()).date()


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class _History:
    """One row's history records (oldest first), read as of a moment."""

    __slots__ = ("dates", "records")

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records
        self.dates = [r["history_date"] for r in records]

    def as_of(self, moment: dt.datetime, current: dict[str, Any]) -> dict[str, Any]:
        """The row as it stood at ``moment``; before its first record, the first record (the
        oldest thing known); without any record, the row as it is today."""
        if not self.records:
            return current
        index = bisect.bisect_right(self.dates, moment) - 1
        return self.records[max(index, 0)]


def histories(
    model: type[models.Model], ids: Iterable[int] | models.QuerySet[Any], fields: Sequence[str]
) -> dict[int, _History]:
    """The history of the rows ``ids`` names (a subquery: a city's thousands of ids sent as
    parameters cost more in Django's preparing them than the query itself)."""
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    history = model.history.filter(id__in=ids).order_by(  # type: ignore[attr-defined]
        "history_date", "history_id"
    )
    for record in history.values("id", "history_date", *fields):
        rows[record["id"]].append(record)
    return {pk: _History(records) for pk, records in rows.items()}


def _first_completion(history: _History | None) -> dt.date | None:
    """The day the project's status first changed to completed; None when it never did, or
    when its oldest record already says completed (the day is then not known)."""
    if history is None:
        return None
    before = None
    for record in history.records:
        done = record["status"] in COMPLETED_STATUSES
        if done and before is False:
            return _local_date(record["history_date"])
        before = done
    return None


def _status_since(history: _History | None, status: str) -> dt.date | None:
    if history is None:
        return None
    since = None
    for record in history.records:
        matches = record["status"] == status
        since = (since or _local_date(record["history_date"])) if matches else None
    return since


def _overdue_or_pending(promised: dt.date, today: dt.date) -> tuple[str, int | None]:
    if promised < today:
        return Outcome.OVERDUE, (today - promised).days
    return Outcome.PENDING, None


def _ceremony_outcome(
    row: dict[str, Any], history: _History | None, moved_to: dt.date | None, today: dt.date
) -> tuple[str, dt.date | None, int | None]:
    promised: dt.date = row["promised_date"]
    status = row["ceremony__status"]
    if status == CeremonyStatus.HELD:
        held_at = row["ceremony__held_at"]
        held = _local_date(held_at) if held_at else (moved_to or promised)
        late = (held - promised).days
        return (Outcome.LATE, held, late) if late > 0 else (Outcome.ON_TIME, held, 0)
    if status == CeremonyStatus.CANCELLED:
        return Outcome.CANCELLED, _status_since(history, status), None
    if status == CeremonyStatus.POSTPONED:
        # Postponed to the ceremony's date as it stands now, if it moved past the promised day.
        current = {"ready_from": row["ceremony__ready_from"]}
        before = history.as_of(row["made_at"], current) if history else current
        now = row["ceremony__ready_from"]
        moved = now != before["ready_from"] and now > promised
        return Outcome.POSTPONED, now if moved else None, None
    if moved_to is not None and moved_to > promised:
        # The plan moved it to a later day after the promise (its wave unlocked and changed).
        return Outcome.POSTPONED, moved_to, None
    outcome, days = _overdue_or_pending(promised, today)
    return outcome, None, days


# What a promise shows of its ceremony and project once they are deleted.
_REMOVED_FIELDS = (
    "removed_at",
    "removed_ceremony_ref",
    "removed_project_code",
    "removed_project_title",
    "removed_district_number",
    "removed_district_name",
    "removed_sectors",
)
# A promise met before what it was about was deleted keeps these.
_MET = (Outcome.ON_TIME, Outcome.LATE, Outcome.DONE_UNDATED)
_KEPT_FIELDS = ("outcome", "outcome_date", "delay_days", "final_credit_rial")

_FIELDS = (
    "id",
    "kind",
    "made_at",
    "promised_date",
    "project_credit_rial",
    "municipality_id",
    "ceremony_id",
    "ceremony_kind",
    "ceremony__status",
    "ceremony__held_at",
    "ceremony__ready_from",
    "project_id",
    "project__code",
    "project__slug",
    "project__title",
    "project__status",
    "project__planned_end_date",
    "project__credit_rial",
    "project__district__number",
    "project__district__name",
    "wave__number",
    "programme__slug",
    "programme__name",
    "programme__wave_noun",
    *_REMOVED_FIELDS,
    *_KEPT_FIELDS,
)
_PROJECT_FIELDS = ("planned_end_date", "credit_rial", "status")


def _promising(cities: Sequence[Municipality]) -> models.QuerySet[PromiseRecord]:
    """The promises stored for the cities' public waves, of their public projects, whatever
    became of them (a cancelled ceremony is an outcome, so ``happening`` is not asked for here,
    unlike every counter of the portal); of a deleted project, if it was public then."""
    shown = [city.pk for city in cities if city.is_public]
    condition = WaveQuerySet.public_q("wave", city_checked=True) & (
        ProjectQuerySet.public_q("project", city_checked=True)
        | models.Q(project__isnull=True, removed_project_public=True)
    )
    return PromiseRecord.objects.filter(condition, municipality__in=shown).order_by()


def _gone(row: dict[str, Any]) -> bool:
    """Whether what the promise was about (its ceremony; for a completion, its project) was
    deleted."""
    about = "project_id" if row["kind"] == PromiseKind.COMPLETION else "ceremony_id"
    return row[about] is None


def _removed_promise(row: dict[str, Any], sectors: dict[int, list[str]]) -> Promise:
    """A promise whose ceremony or project was deleted: met by then, it keeps that outcome;
    otherwise it was cancelled on the day of the deletion."""
    outcome: tuple[str, dt.date | None, int | None]
    final_credit = None
    if row["outcome"] in _MET:
        outcome = (row["outcome"], row["outcome_date"], row["delay_days"])
        final_credit = row["final_credit_rial"]
    else:
        removed_at = row["removed_at"]
        outcome = (Outcome.CANCELLED, _local_date(removed_at) if removed_at else None, None)
    completion = row["kind"] == PromiseKind.COMPLETION
    return _promise(
        row,
        sectors,
        promised_today=None,
        credit=row["project_credit_rial"] if completion else None,
        final_credit=final_credit,
        outcome=outcome,
    )


def outcomes_computed(
    promising: models.QuerySet[PromiseRecord], today: dt.date | None = None
) -> list[Promise]:
    """The promises ``promising`` selects with their outcomes computed afresh from the live
    rows and the history (six queries however many): what the refresh stores. ``today`` only
    decides overdue or pending, which is not stored."""
    today = today or timezone.localdate()
    rows = [
        dict(zip(_FIELDS, values, strict=True))
        for values in promising.order_by(
            "programme_id", "wave__number", "promised_date", "ceremony_id", "kind"
        ).values_list(*_FIELDS)
    ]
    if not rows:
        return []
    sectors: dict[int, list[str]] = defaultdict(list)
    for project_id, name in (
        Project.sectors.through.objects.filter(project_id__in=promising.values("project_id"))
        .order_by("sector__name")
        .values_list("project_id", "sector__name")
    ):
        sectors[project_id].append(name)
    ceremonies = promising.filter(kind=PromiseKind.CEREMONY)
    # Where the current plan puts each promised ceremony today: a day moved after the promise
    # shows as a change (and, when later and not yet held, as a postponement).
    day_today = dict(
        PlanAssignment.objects.filter(
            PlanQuerySet.current_q("plan"), ceremony_id__in=ceremonies.values("ceremony_id")
        )
        .order_by()
        .values_list("ceremony_id", "day")
    )
    # Only the ceremonies whose outcome needs a date from history, and the projects of
    # completion promises, have their history read.
    called_off = (CeremonyStatus.CANCELLED, CeremonyStatus.POSTPONED)
    ceremony_history = histories(
        Ceremony,
        ceremonies.filter(ceremony__status__in=called_off).values("ceremony_id"),
        ("status", "ready_from"),
    )
    completions = promising.filter(kind=PromiseKind.COMPLETION).values("project_id")
    project_history = histories(Project, completions, _PROJECT_FIELDS)
    finished: dict[int, dt.datetime] = {}
    for project_id, held_at in (
        Ceremony.objects.filter(
            project_id__in=completions,
            kind__in=FINISHING_KINDS,
            status=CeremonyStatus.HELD,
            held_at__isnull=False,
        )
        .order_by()
        .values_list("project_id", "held_at")
    ):
        if held_at is not None and (project_id not in finished or held_at < finished[project_id]):
            finished[project_id] = held_at

    promises: list[Promise] = []
    for row in rows:
        if _gone(row):
            promises.append(_removed_promise(row, sectors))
            continue
        if row["kind"] == PromiseKind.COMPLETION:
            promises.append(
                _completion_promise(
                    row, sectors, project_history.get(row["project_id"]), finished, today
                )
            )
            continue
        moved_to = day_today.get(row["ceremony_id"])
        outcome = _ceremony_outcome(row, ceremony_history.get(row["ceremony_id"]), moved_to, today)
        promises.append(
            _promise(
                row,
                sectors,
                promised_today=moved_to,
                credit=None,
                final_credit=None,
                outcome=outcome,
            )
        )
    return promises


def _completion_promise(
    row: dict[str, Any],
    sectors: dict[int, list[str]],
    history: _History | None,
    finished: dict[int, dt.datetime],
    today: dt.date,
) -> Promise:
    promised: dt.date = row["promised_date"]
    current = {
        "planned_end_date": row["project__planned_end_date"],
        "credit_rial": row["project__credit_rial"],
        "status": row["project__status"],
    }
    held = finished.get(row["project_id"])
    dates = [d for d in (_local_date(held) if held else None, _first_completion(history)) if d]
    done_on = min(dates) if dates else None
    outcome: tuple[str, dt.date | None, int | None]
    final_credit: int | None = None
    if done_on is not None:
        late = (done_on - promised).days
        outcome = (Outcome.LATE, done_on, late) if late > 0 else (Outcome.ON_TIME, done_on, 0)
        at_done = _day_start(done_on + dt.timedelta(days=1))
        final_credit = (history.as_of(at_done, current) if history else current)["credit_rial"]
    elif current["status"] in COMPLETED_STATUSES:
        outcome = (Outcome.DONE_UNDATED, None, None)
        final_credit = current["credit_rial"]
    elif current["status"] == ProjectStatus.CANCELLED:
        outcome = (Outcome.CANCELLED, _status_since(history, ProjectStatus.CANCELLED), None)
    else:
        status, days = _overdue_or_pending(promised, today)
        outcome = (status, None, days)
    return _promise(
        row,
        sectors,
        promised_today=current["planned_end_date"],
        credit=row["project_credit_rial"],
        final_credit=final_credit,
        outcome=outcome,
    )


def promises_computed(*, city: Municipality, today: dt.date | None = None) -> list[Promise]:
    """Every promise the city's public announcements made, its outcome computed now rather
    than read as stored (the refresh's view, to check the stored one against)."""
    return outcomes_computed(_promising([city]), today)


def _promise(
    row: dict[str, Any],
    sectors: dict[int, list[str]],
    *,
    promised_today: dt.date | None,
    credit: int | None,
    final_credit: int | None,
    outcome: tuple[str, dt.date | None, int | None],
) -> Promise:
    if row["project_id"] is None:  # deleted: as it stood then
        project = (0, row["removed_project_code"], "", row["removed_project_title"])
        district = (row["removed_district_number"], row["removed_district_name"])
        named = tuple(row["removed_sectors"].splitlines())
    else:
        project = (
            row["project_id"],
            row["project__code"],
            row["project__slug"],
            row["project__title"],
        )
        district = (row["project__district__number"], row["project__district__name"] or "")
        named = tuple(sectors.get(row["project_id"], ()))
    return Promise(
        municipality_id=row["municipality_id"],
        kind=row["kind"],
        ceremony_id=row["ceremony_id"] or row["removed_ceremony_ref"] or 0,
        ceremony_kind=row["ceremony_kind"],
        project_id=project[0],
        project_code=project[1],
        project_slug=project[2],
        project_title=project[3],
        district_number=district[0],
        district_name=district[1],
        sectors=named,
        programme_slug=row["programme__slug"],
        programme_name=row["programme__name"],
        wave_number=row["wave__number"],
        wave_noun=row["programme__wave_noun"],
        made_at=row["made_at"],
        promised_date=row["promised_date"],
        promised_date_today=promised_today,
        promised_credit_rial=credit,
        final_credit_rial=final_credit,
        outcome=outcome[0],
        outcome_date=outcome[1],
        delay_days=outcome[2],
        record_id=row["id"],
        removed=_gone(row),
    )


def promise_figures(label: str, promises: Iterable[Promise]) -> PromiseFigures:
    """Count outcomes; the on-time rate is over promises whose date has come, the median delay
    over promises met on a known day."""
    counts: dict[str, int] = defaultdict(int)
    delays: list[int] = []
    total = 0
    for p in promises:
        total += 1
        counts[p.outcome] += 1
        if p.outcome in (Outcome.ON_TIME, Outcome.LATE) and p.delay_days is not None:
            delays.append(p.delay_days)
    due = sum(counts[o] for o in DUE_OUTCOMES)
    return PromiseFigures(
        label=label,
        total=total,
        on_time=counts[Outcome.ON_TIME],
        late=counts[Outcome.LATE],
        overdue=counts[Outcome.OVERDUE],
        postponed=counts[Outcome.POSTPONED],
        cancelled=counts[Outcome.CANCELLED],
        pending=counts[Outcome.PENDING],
        done_undated=counts[Outcome.DONE_UNDATED],
        on_time_rate_pct=round(100 * counts[Outcome.ON_TIME] / due, 1) if due else None,
        median_delay_days=float(statistics.median(delays)) if delays else None,
    )


NO_DISTRICT = "فرامنطقه‌ای"
NO_SECTOR = "بی‌حوزه"

# The stored promise as the pages read it: the frozen promise, the outcome the refresh stored,
# and what a row shows of its project, programme and wave.
_STORED_FIELDS = (
    "id",
    "kind",
    "made_at",
    "promised_date",
    "project_credit_rial",
    "municipality_id",
    "ceremony_id",
    "ceremony_kind",
    "project_id",
    "project__code",
    "project__slug",
    "project__title",
    "project__district__number",
    "project__district__name",
    "wave__number",
    "programme__slug",
    "programme__name",
    "programme__wave_noun",
    "outcome",
    "outcome_date",
    "delay_days",
    "promised_date_today",
    "final_credit_rial",
    *_REMOVED_FIELDS,
)
_ORDER = ("programme_id", "wave__number", "promised_date", "ceremony_id", "kind")


def _state(today: dt.date) -> models.Case:
    """The outcome as read on ``today``: the stored one, or overdue or pending for a promise
    not met (which stores none)."""
    return models.Case(
        models.When(outcome="", promised_date__lt=today, then=models.Value(Outcome.OVERDUE)),
        models.When(outcome="", then=models.Value(Outcome.PENDING)),
        default=models.F("outcome"),
        output_field=models.CharField(),
    )


def _stored(
    promising: models.QuerySet[PromiseRecord], today: dt.date, *, limit: int | None = None
) -> list[Promise]:
    """The promises ``promising`` selects (in its order), built from their stored outcomes."""
    values = promising.values_list(*_STORED_FIELDS)
    rows = [
        dict(zip(_STORED_FIELDS, v, strict=True))
        for v in (values[:limit] if limit is not None else values)
    ]
    if not rows:
        return []
    # A few rows: their ids; every promise: a subquery (thousands of ids cost more as params).
    projects: Any = (
        {row["project_id"] for row in rows} if limit is not None else promising.values("project_id")
    )
    sectors: dict[int, list[str]] = defaultdict(list)
    for project_id, name in (
        Project.sectors.through.objects.filter(project_id__in=projects)
        .order_by("sector__name")
        .values_list("project_id", "sector__name")
    ):
        sectors[project_id].append(name)
    promises = []
    for row in rows:
        outcome: str = row["outcome"]
        days = row["delay_days"] if outcome in (Outcome.ON_TIME, Outcome.LATE) else None
        if not outcome:
            outcome, days = _overdue_or_pending(row["promised_date"], today)
        promises.append(
            _promise(
                row,
                sectors,
                promised_today=row["promised_date_today"],
                credit=row["project_credit_rial"]
                if row["kind"] == PromiseKind.COMPLETION
                else None,
                final_credit=row["final_credit_rial"],
                outcome=(outcome, row["outcome_date"], days),
            )
        )
    return promises


class _StoredPromises(Sequence[Promise]):
    """Every promise of a city with its stored outcome, read from the database when first
    used: the page does not use them (it reads counts), the downloads and the API do."""

    def __init__(
        self, promising: models.QuerySet[PromiseRecord], today: dt.date, total: int
    ) -> None:
        self._promising = promising
        self._today = today
        self._total = total  # counted with the figures: "any promise?" reads no row
        self._rows: list[Promise] | None = None

    def __bool__(self) -> bool:
        return self._total > 0

    def _all(self) -> list[Promise]:
        if self._rows is None:
            self._rows = _stored(self._promising, self._today)
        return self._rows

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Any:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]


def promises_of(*, city: Municipality, today: dt.date | None = None) -> list[Promise]:
    """Every promise the city's public announcements made, with its stored outcome."""
    return _stored(_promising([city]).order_by(*_ORDER), today or timezone.localdate())


class _Tally:
    """Outcome counts and the delays of promises met, of one group, added up from the
    database's counts (``_tallied``)."""

    __slots__ = ("counts", "delays")

    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.delays: list[int] = []

    def add(self, state: str, delay: int | None, n: int) -> None:
        self.counts[state] += n
        if state in (Outcome.ON_TIME, Outcome.LATE) and delay is not None:
            self.delays.extend([delay] * n)

    def figures(self, label: str) -> PromiseFigures:
        counts = self.counts
        due = sum(counts[o] for o in DUE_OUTCOMES)
        return PromiseFigures(
            label=label,
            total=sum(counts.values()),
            on_time=counts[Outcome.ON_TIME],
            late=counts[Outcome.LATE],
            overdue=counts[Outcome.OVERDUE],
            postponed=counts[Outcome.POSTPONED],
            cancelled=counts[Outcome.CANCELLED],
            pending=counts[Outcome.PENDING],
            done_undated=counts[Outcome.DONE_UNDATED],
            on_time_rate_pct=round(100 * counts[Outcome.ON_TIME] / due, 1) if due else None,
            median_delay_days=float(statistics.median(self.delays)) if self.delays else None,
        )


def _tallied(
    promising: models.QuerySet[PromiseRecord], today: dt.date, keys: Sequence[str]
) -> list[tuple[Any, ...]]:
    """Counts by ``keys``, outcome as read today and delay (one query): a group's promises met
    late on the same number of days are one row, so the median is taken over a few rows."""
    return list(
        promising.annotate(state=_state(today))
        .values(*keys, "state", "delay_days")
        .annotate(n=models.Count("id"))
        .order_by()
        .values_list(*keys, "state", "delay_days", "n")
    )


def _figures_of(tallies: dict[Any, _Tally], order: Any = None) -> list[PromiseFigures]:
    ordered = sorted(tallies, key=order) if order else sorted(tallies)
    return [tallies[key].figures(str(key[1] if isinstance(key, tuple) else key)) for key in ordered]


def city_promises(*, city: Municipality, today: dt.date | None = None) -> CityPromises:
    """The promises page's figures: overall, by kind, programme, district and sector, counted
    by the database from the stored outcomes; the 50 longest overdue and the first 50 changed
    promises as rows (six queries however many promises)."""
    today = today or timezone.localdate()
    promising = _promising([city])
    overall = _Tally()
    by_kind: dict[str, _Tally] = {kind: _Tally() for kind in PromiseKind}
    by_programme: dict[str, _Tally] = defaultdict(_Tally)
    by_district: dict[tuple[int, str], _Tally] = defaultdict(_Tally)
    keys = (
        "kind",
        "programme__name",
        "project__district__number",
        "project__district__name",
        "removed_district_number",
        "removed_district_name",
    )
    for row in _tallied(promising, today, keys):
        kind, programme, number, district, gone_number, gone_district, state, delay, n = row
        # A deleted project's district is the one it had (the live pair is empty then).
        number, district = (number, district) if district else (gone_number, gone_district)
        for tally in (
            overall,
            by_kind[kind],
            by_programme[programme],
            by_district[(number or 0, district or NO_DISTRICT)],
        ):
            tally.add(state, delay, n)
    by_sector: dict[str, _Tally] = defaultdict(_Tally)
    sector_keys = ("project__sectors__name", "removed_sectors")
    for sector, gone_sectors, state, delay, n in _tallied(promising, today, sector_keys):
        for name in [sector] if sector else gone_sectors.splitlines() or [NO_SECTOR]:
            by_sector[name].add(state, delay, n)
    overdue = promising.filter(outcome="", promised_date__lt=today).order_by(
        "promised_date", "project__code", "kind"
    )
    changed = promising.filter(
        models.Q(promised_date_today__isnull=False)
        & ~models.Q(promised_date_today=models.F("promised_date"))
        | models.Q(
            kind=PromiseKind.COMPLETION,
            final_credit_rial__isnull=False,
            project_credit_rial__isnull=False,
        )
        & ~models.Q(final_credit_rial=models.F("project_credit_rial"))
    ).order_by(*_ORDER)
    figures = overall.figures("همه وعده‌ها")
    return CityPromises(
        city=city,
        today=today,
        promises=_StoredPromises(promising.order_by(*_ORDER), today, figures.total),
        overall=figures,
        by_kind=[by_kind[kind].figures(kind.label) for kind in PromiseKind],
        by_programme=_figures_of(by_programme),
        by_district=_figures_of(by_district),
        by_sector=_figures_of(by_sector),
        overdue=_stored(overdue, today, limit=OVERDUE_SHOWN),
        overdue_total=figures.overdue,
        changed=_stored(changed, today, limit=OVERDUE_SHOWN),
        changed_total=changed.count(),
    )


def city_promise_figures(
    *, cities: Sequence[Municipality], today: dt.date | None = None
) -> dict[int, PromiseFigures]:
    """Each city's overall figures, for the comparison of member cities (one query)."""
    today = today or timezone.localdate()
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    for city_id, state, delay, n in _tallied(_promising(cities), today, ("municipality_id",)):
        tallies[city_id].add(state, delay, n)
    return {city.pk: tallies[city.pk].figures(city.name) for city in cities}


__all__ = [
    "DUE_OUTCOMES",
    "OVERDUE_SHOWN",
    "CityPromises",
    "Outcome",
    "Promise",
    "PromiseFigures",
    "PromiseKind",
    "city_promise_figures",
    "city_promises",
    "outcomes_computed",
    "promise_figures",
    "promises_computed",
    "promises_of",
]
