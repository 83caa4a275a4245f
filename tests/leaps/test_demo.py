from __future__ import annotations

from io import StringIO

import pytest

from jahesh.leaps.demo import DEMO_AS_OF, WAVES, build_demo_programme
from jahesh.leaps.models import Plan, PlanAssignment, PlanStatus, WaveStatus
from jahesh.registry.demo import build_demo_city


@pytest.mark.slow
def test_the_demo_programme_is_planned_once_and_stands_as_of_its_date(db):
    city = build_demo_city()
    out = StringIO()
    programme = build_demo_programme(municipality=city, stdout=out, time_limit_s=1.5)
    waves = list(programme.waves.order_by("number"))
    assert len(waves) == len(WAVES)
    first = waves[0]
    # The first wave is 12–13 Bahman 1401.
    assert (first.start_date.isoformat(), first.end_date.isoformat()) == (
        "2023-02-01",
        "2023-02-02",
    )
    assert first.occasion.code == "dahe-fajr"
    assert all(w.occasion is not None for w in waves)
    plan = Plan.objects.get(programme=programme, status=PlanStatus.CURRENT)
    assert PlanAssignment.objects.filter(plan=plan).exists()
    for wave in waves:
        if wave.end_date < DEMO_AS_OF:
            assert wave.status == WaveStatus.HELD
    upcoming = [w for w in waves if w.end_date >= DEMO_AS_OF]
    assert upcoming[0].status == WaveStatus.ANNOUNCED
    assert all(w.status == WaveStatus.DRAFT for w in upcoming[1:])
    assert "جهش عمرانی" in out.getvalue()

    counts = (Plan.objects.count(), PlanAssignment.objects.count(), programme.waves.count())
    again = build_demo_programme(municipality=city)
    assert again.pk == programme.pk
    assert (Plan.objects.count(), PlanAssignment.objects.count(), programme.waves.count()) == counts
