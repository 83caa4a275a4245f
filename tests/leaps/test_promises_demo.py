"""The demo's promises page tells a believable story: the ceremonies of held waves were held
(on their day, a few late), a few postponed or cancelled, none falsely overdue."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from jahesh.leaps.demo import build_demo_programme
from jahesh.leaps.models import PromiseKind, PromiseRecord, WaveStatus
from jahesh.leaps.selectors.promises import Outcome, promises_of
from jahesh.registry.demo import build_demo_city

TODAY = dt.date(2026, 12, 4)


@pytest.mark.slow
def test_the_demo_ceremonies_of_held_waves_are_held_a_few_late_postponed_or_cancelled(db):
    city = build_demo_city(today=TODAY)
    programme = build_demo_programme(municipality=city, today=TODAY, time_limit_s=1.5)
    held_waves = set(
        programme.waves.filter(status=WaveStatus.HELD).values_list("number", flat=True)
    )
    # Announcing the waves wrote their promises.
    assert PromiseRecord.objects.filter(programme=programme).exists()
    ceremonies = [
        p
        for p in promises_of(city=city, today=TODAY)
        if p.kind == PromiseKind.CEREMONY and p.wave_number in held_waves
    ]
    outcomes = Counter(p.outcome for p in ceremonies)
    assert outcomes[Outcome.OVERDUE] == 0, outcomes
    assert outcomes[Outcome.ON_TIME] > len(ceremonies) // 2, outcomes
    for outcome in (Outcome.LATE, Outcome.POSTPONED, Outcome.CANCELLED):
        assert 0 < outcomes[outcome] <= len(ceremonies) // 5, outcomes
    late = [p for p in ceremonies if p.outcome == Outcome.LATE]
    assert all(p.outcome_date is not None and p.outcome_date < TODAY for p in late)
    postponed = [p for p in ceremonies if p.outcome == Outcome.POSTPONED]
    assert all(p.outcome_date is not None and p.outcome_date > TODAY for p in postponed)
    cancelled = [p for p in ceremonies if p.outcome == Outcome.CANCELLED]
    assert all(p.outcome_date is not None and p.outcome_date < TODAY for p in cancelled)
