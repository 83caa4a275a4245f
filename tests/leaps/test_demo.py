from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest

from jahesh import persian
from jahesh.leaps.demo import HELD_WAVES, PLANNED_WAVES, build_demo_programme, demo_waves
from jahesh.leaps.models import Plan, PlanAssignment, PlanStatus, WaveStatus
from jahesh.registry.demo import build_demo_city
from tests.registry.factories import MunicipalityFactory

TODAY = dt.date(2026, 12, 4)  # 13 Azar 1405


@pytest.mark.slow
def test_the_demo_programme_is_planned_once_and_stands_as_of_the_day_it_is_built(db):
    city = build_demo_city(today=TODAY)
    out = StringIO()
    programme = build_demo_programme(municipality=city, stdout=out, today=TODAY, time_limit_s=1.5)
    waves = list(programme.waves.order_by("number"))
    assert len(waves) == HELD_WAVES + 1 + PLANNED_WAVES
    assert all(w.occasion is not None for w in waves)
    plan = Plan.objects.get(programme=programme, status=PlanStatus.CURRENT)
    assert PlanAssignment.objects.filter(plan=plan).exists()
    held = [w for w in waves if w.end_date < TODAY]
    current = [w for w in waves if w.start_date <= TODAY <= w.end_date]
    planned = [w for w in waves if w.start_date > TODAY]
    assert len(held) == HELD_WAVES
    assert {w.status for w in held} == {WaveStatus.HELD}
    assert len(current) == 1
    assert current[0].status == WaveStatus.ANNOUNCED
    assert len(planned) == PLANNED_WAVES
    assert {w.status for w in planned} == {WaveStatus.DRAFT}
    assert "جهش عمرانی" in out.getvalue()
    # Every held wave has ceremonies planned into it, so the portal shows what it opened.
    for wave in held:
        assert PlanAssignment.objects.filter(plan=plan, wave=wave).exists(), wave.number

    counts = (Plan.objects.count(), PlanAssignment.objects.count(), programme.waves.count())
    again = build_demo_programme(municipality=city, today=TODAY)
    assert again.pk == programme.pk
    assert (Plan.objects.count(), PlanAssignment.objects.count(), programme.waves.count()) == counts


@pytest.mark.parametrize(
    ("today", "expected_near"),
    [
        # Azar 1405: Basij week and Mother's day behind, Imam Ali's birthday and Dahe Fajr ahead.
        (dt.date(2026, 12, 4), {"basij-week", "imam-ali-birthday", "mabath"}),
        # Early Esfand 1404: Arbor day under way, Nowruz ahead.
        (dt.date(2026, 3, 1), {"arbor-day", "nowruz"}),
        # Mid Shahrivar 1406: Municipality day and Government week behind, Sacred defence ahead.
        (dt.date(2027, 9, 1), {"government-week", "sacred-defence-week"}),
    ],
)
def test_the_demo_lays_its_waves_on_the_occasions_around_the_day_it_is_built(
    db, today, expected_near
):
    city = MunicipalityFactory()
    layout = demo_waves(municipality=city, today=today)
    assert layout == demo_waves(municipality=city, today=today)  # deterministic
    codes = {w.occasion.code for w in layout}
    assert expected_near <= codes, codes
    starts = [w.start for w in layout]
    assert starts == sorted(starts)
    assert sum(w.start <= today <= w.end for w in layout) == 1
    assert layout[0].start >= today - dt.timedelta(days=200)
    assert layout[-1].end <= today + dt.timedelta(days=200)
    # Nothing in the frozen years the demo once lived in.
    assert {persian.jalali_year(w.start) for w in layout} <= {
        persian.jalali_year(today) - 1,
        persian.jalali_year(today),
        persian.jalali_year(today) + 1,
    }
