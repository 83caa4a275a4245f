from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jahesh import planner
from jahesh.leaps.models import Plan, PlanAssignment, PlanStatus


def _problem_file(tmp_path, **overrides):
    problem = planner.Problem(
        ceremonies=(
            planner.Ceremony("c1", dt.date(2023, 2, 1), "d1", "s1", importance=8),
            planner.Ceremony("c2", dt.date(2023, 2, 1), "d2", "s2"),
        ),
        waves=(planner.Wave("w1", (dt.date(2023, 2, 1),), slots_per_day=2),),
        **overrides,
    )
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(planner.problem_to_dict(problem), ensure_ascii=False))
    return path


def test_solve_writes_a_plan_file(tmp_path):
    out = tmp_path / "plan.json"
    call_command(
        "plan", "solve", str(_problem_file(tmp_path)), "--time-limit", "2", "--output", str(out)
    )
    plan = planner.plan_from_dict(json.loads(out.read_text()))
    assert {a.ceremony for a in plan.assignments} == {"c1", "c2"}


def test_solve_exits_2_on_a_malformed_file_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"ceremonies": [ {"id": ')
    out = tmp_path / "plan.json"
    with pytest.raises(SystemExit) as excinfo:
        call_command("plan", "solve", str(bad), "--output", str(out))
    assert excinfo.value.code == 2
    assert not out.exists()


def test_solve_exits_2_on_a_missing_file(tmp_path):
    with pytest.raises(SystemExit) as excinfo:
        call_command("plan", "solve", str(tmp_path / "nope.json"))
    assert excinfo.value.code == 2


def test_programme_plans_from_the_database_and_makes_the_plan_current(planned):
    out = StringIO()
    call_command(
        "plan",
        "programme",
        "--municipality",
        planned.programme.municipality.slug,
        "--programme",
        planned.programme.slug,
        "--time-limit",
        "3",
        stdout=out,
    )
    current = Plan.objects.get(programme=planned.programme, status=PlanStatus.CURRENT)
    assert current.pk != planned.plan.pk
    assert current.assignments.count() == len(planned.ceremonies)
    assert "برنامهٔ" in out.getvalue()


def test_wave_plans_one_wave_as_a_draft_when_asked(planned):
    call_command(
        "plan",
        "wave",
        "--municipality",
        planned.programme.municipality.slug,
        "--programme",
        planned.programme.slug,
        "--number",
        "2",
        "--time-limit",
        "2",
        "--draft",
        stdout=StringIO(),
    )
    draft = Plan.objects.get(programme=planned.programme, status=PlanStatus.DRAFT)
    assert draft.scope_wave == planned.waves[1]
    planned.plan.refresh_from_db()
    assert planned.plan.status == PlanStatus.CURRENT


@pytest.mark.parametrize(
    ("args", "returncode"),
    [
        (["--municipality", "nowhere", "--programme", "jahesh"], 2),
        (["--municipality", "city-a", "--programme", "nothing"], 2),
        (["--municipality", "city-a", "--programme", "jahesh", "--time-limit", "0"], 2),
    ],
)
def test_bad_input_exits_non_zero_with_a_persian_message(planned, args, returncode):
    before = (Plan.objects.count(), PlanAssignment.objects.count())
    with pytest.raises(CommandError) as excinfo:
        call_command("plan", "programme", *args, stdout=StringIO())
    assert excinfo.value.returncode == returncode
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(excinfo.value))
    assert (Plan.objects.count(), PlanAssignment.objects.count()) == before


def test_an_unknown_wave_number_exits_2(planned):
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "plan",
            "wave",
            "--municipality",
            "city-a",
            "--programme",
            "jahesh",
            "--number",
            "7",
            stdout=StringIO(),
        )
    assert excinfo.value.returncode == 2


def test_an_impossible_plan_exits_1_and_writes_nothing(planned):
    first, second = planned.assignments[:2]
    for row in (first, second):
        row.locked = True
        row.slot = 0
        row.save()
    before = (Plan.objects.count(), PlanAssignment.objects.count())
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "plan",
            "programme",
            "--municipality",
            "city-a",
            "--programme",
            "jahesh",
            "--time-limit",
            "2",
            stdout=StringIO(),
        )
    assert excinfo.value.returncode == 1
    assert (Plan.objects.count(), PlanAssignment.objects.count()) == before
