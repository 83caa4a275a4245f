from __future__ import annotations

import re

from jahesh.leaps.charts import stacked_bars_svg
from jahesh.leaps.models import PlanRun, PlanStatus
from jahesh.leaps.selectors import plan_diff, plan_run_diff, wave_balance
from tests.leaps.factories import PlanAssignmentFactory, PlanFactory


def test_the_balance_counts_each_waves_sectors_and_districts(planned):
    rows = wave_balance(plan=planned.plan, waves=planned.waves)
    first, second = rows
    placed = planned.ceremonies[:-1]
    assert first.total == len(placed)
    assert sum(count for _name, count in first.by_sector) == len(placed)
    expected = {}
    for ceremony in placed:
        name = ceremony.project.district.name
        expected[name] = expected.get(name, 0) + 1
    assert dict(first.by_district) == expected
    assert second.total == 0


def test_the_diff_names_added_moved_removed_and_unchanged(planned):
    draft = PlanFactory(programme=planned.programme, status=PlanStatus.DRAFT)
    kept, moved, _dropped = planned.assignments
    PlanAssignmentFactory(
        plan=draft, ceremony=kept.ceremony, wave=kept.wave, day=kept.day, slot=kept.slot
    )
    PlanAssignmentFactory(
        plan=draft,
        ceremony=moved.ceremony,
        wave=planned.waves[1],
        day=planned.waves[1].start_date,
        slot=0,
    )
    added = planned.ceremonies[-1]
    PlanAssignmentFactory(
        plan=draft, ceremony=added, wave=planned.waves[1], day=planned.waves[1].end_date, slot=1
    )
    diff = plan_diff(before=planned.plan, after=draft)
    assert [c.ceremony_id for c in diff.added] == [added.pk]
    assert [c.ceremony_id for c in diff.moved] == [moved.ceremony_id]
    assert [c.ceremony_id for c in diff.removed] == [_dropped.ceremony_id]
    assert diff.unchanged == 1
    assert diff.changed == 3
    assert diff.moved[0].before[0] == 1
    assert diff.moved[0].after[0] == 2


def test_a_runs_diff_compares_its_draft_with_the_current_plan_and_nothing_else(planned):
    programme = planned.programme

    def run_with(plan):
        return PlanRun.objects.create(
            municipality=programme.municipality, programme=programme, plan=plan
        )

    assert plan_run_diff(run=run_with(None), programme=programme) is None
    assert plan_run_diff(run=run_with(planned.plan), programme=programme) is None
    draft = PlanFactory(programme=programme, status=PlanStatus.DRAFT)
    diff = plan_run_diff(run=run_with(draft), programme=programme)
    assert diff is not None
    assert len(diff.removed) == len(planned.assignments)


def test_the_chart_draws_one_bar_per_wave_and_escapes_names():
    svg = stacked_bars_svg(
        title="سهم <حوزه‌ها>",
        rows=[("مرحله ۱", [("راه & پل", 3), ("فضای سبز", 1)]), ("مرحله ۲", [])],
    )
    assert svg.startswith("<svg")
    assert "&lt;حوزه‌ها&gt;" in svg
    assert "راه &amp; پل" in svg
    widths = [float(w) for w in re.findall(r'<rect x="[^"]+" y="28" width="([\d.]+)"', svg)]
    assert len(widths) == 2
    assert widths[0] == 3 * widths[1]
    assert "بدون آیین" in svg
