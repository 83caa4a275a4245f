import json

import pytest

from jahesh.planner import (
    ProblemError,
    greedy_plan,
    plan_from_dict,
    plan_to_dict,
    problem_from_dict,
    problem_from_json,
    problem_to_dict,
    solve,
)
from jahesh.planner.cli import solve_main
from jahesh.planner.synthetic import synthetic_problem


def _valid() -> dict:
    return {
        "format": "jahesh-planning-problem",
        "version": 1,
        "waves": [{"id": "w1", "days": ["2026-01-02"], "max_ceremonies": 3}],
        "ceremonies": [
            {"id": "c1", "ready_from": "2026-01-01", "district": "d1", "sector": "s1"},
        ],
    }


def test_problem_round_trips_through_json():
    problem = synthetic_problem(40, 3, seed=5)
    again = problem_from_json(json.dumps(problem_to_dict(problem), ensure_ascii=False))
    assert again == problem


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"ceremonies": NaN}', None),
        (
            '{"waves": [{"id": "w", "days": ["2026-01-01"], "slots_per_day": true}]}',
            "waves[0].slots_per_day",
        ),
        ('{"waves": [{"id": "w", "days": ["1404-11-22"]}]}', "waves[0].days[0]"),
        (
            '{"ceremonies": [{"id": "c", "ready_from": "2026-01-01", "district": "d",'
            ' "sector": "s", "importance": 11}]}',
            "ceremonies[0].importance",
        ),
        ('{"ceremonies": {"id": 1}}', "ceremonies"),
        ('{"weights": {"earliness": -1}}', "weights.earliness"),
        ('{"weights": {"surprise": 1}}', "weights.surprise"),
        ("[]", None),
        ('{"waves": [{"id": "' + "x" * 5000 + '", "days": []}]}', "waves[0].id"),
    ],
)
def test_hostile_problem_files_raise_a_persian_problem_error(text, field):
    with pytest.raises(ProblemError) as caught:
        problem_from_json(text)
    assert caught.value.field == field
    assert any("\u0600" <= ch <= "\u06ff" for ch in caught.value.message)


def test_deeply_nested_json_is_refused_without_a_crash():
    with pytest.raises(ProblemError):
        problem_from_json("[" * 200_000 + "]" * 200_000)


def test_twenty_thousand_ceremonies_load_and_get_a_first_plan():
    problem = synthetic_problem(20_000, 20, seed=2)
    text = json.dumps(problem_to_dict(problem))
    loaded = problem_from_json(text)
    assert len(loaded.ceremonies) == 20_000
    plan = greedy_plan(loaded)
    assert plan.assignments


def test_plan_round_trips_through_json():
    plan = solve(problem_from_dict(_valid()), time_limit_s=5)
    assert plan_from_dict(json.loads(json.dumps(plan_to_dict(plan)))) == plan


def test_cli_writes_a_plan_and_exits_zero(tmp_path, capsys):
    problem_file = tmp_path / "problem.json"
    problem_file.write_text(json.dumps(_valid()), encoding="utf-8")
    out = tmp_path / "plan.json"
    code = solve_main([str(problem_file), "--time-limit", "5", "--output", str(out)])
    assert code == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["assignments"][0]["ceremony"] == "c1"


def test_cli_refuses_bad_input_in_persian_and_writes_nothing(tmp_path, capsys):
    problem_file = tmp_path / "problem.json"
    problem_file.write_text('{"waves": [{"id": "w1", "days": []}], "ceremonies": []}')
    out = tmp_path / "plan.json"
    code = solve_main([str(problem_file), "--output", str(out)])
    assert code == 2
    assert not out.exists()
    assert "هیچ روزی" in capsys.readouterr().err


def test_cli_exits_three_when_some_ceremonies_can_never_be_planned(tmp_path, capsys):
    data = _valid()
    data["ceremonies"].append(
        {"id": "c2", "ready_from": "2027-01-01", "district": "d1", "sector": "s1"}
    )
    problem_file = tmp_path / "problem.json"
    problem_file.write_text(json.dumps(data))
    out = tmp_path / "plan.json"
    assert solve_main([str(problem_file), "--time-limit", "5", "--output", str(out)]) == 3
    assert out.exists()
    assert "هشدار" in capsys.readouterr().err


def test_cli_refuses_a_missing_file_and_a_bad_time_limit(tmp_path, capsys):
    assert solve_main([str(tmp_path / "none.json")]) == 2
    assert solve_main([str(tmp_path / "none.json"), "--time-limit", "nan"]) == 2


def _schema():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "docs" / "planning-problem.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_written_problems_follow_the_published_schema():
    import jsonschema

    data = json.loads(json.dumps(problem_to_dict(synthetic_problem(30, 3, seed=9))))
    jsonschema.validate(data, _schema())


def test_schema_and_reader_both_refuse_an_unknown_key():
    import jsonschema

    data = _valid()
    data["ceremonies"][0]["importanse"] = 3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, _schema())
    with pytest.raises(ProblemError) as caught:
        problem_from_dict(data)
    assert caught.value.field == "ceremonies[0].importanse"


def test_the_module_runs_as_a_command(tmp_path):
    import subprocess
    import sys

    problem_file = tmp_path / "problem.json"
    problem_file.write_text(json.dumps(_valid()), encoding="utf-8")
    out = tmp_path / "plan.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jahesh.planner.cli",
            "solve",
            str(problem_file),
            "--time-limit",
            "0",
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["status"] in {"greedy", "optimal"}


def test_cli_refuses_a_lone_surrogate_id_and_leaves_an_existing_output_whole(tmp_path, capsys):
    problem_file = tmp_path / "problem.json"
    problem_file.write_text(json.dumps(_valid()).replace('"c1"', '"\\ud800"'), encoding="utf-8")
    out = tmp_path / "plan.json"
    out.write_text("the previous plan\n", encoding="utf-8")
    assert solve_main([str(problem_file), "--time-limit", "5", "--output", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "the previous plan\n"
    err = capsys.readouterr().err
    assert "ceremonies[0].id" in err
    assert "UTF-16" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "problem.json"]


def test_a_plan_that_fails_to_write_leaves_the_existing_output_whole(tmp_path, monkeypatch):
    from jahesh.planner import cli

    problem_file = tmp_path / "problem.json"
    problem_file.write_text(json.dumps(_valid()), encoding="utf-8")
    out = tmp_path / "plan.json"
    out.write_text("the previous plan\n", encoding="utf-8")

    def fail_after_starting(handle, *args):
        raise OSError("disk full")

    monkeypatch.setattr(cli.os, "fsync", fail_after_starting)
    assert solve_main([str(problem_file), "--time-limit", "5", "--output", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "the previous plan\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "problem.json"]


def test_cli_refuses_a_five_thousand_digit_integer_with_exit_two_in_persian(tmp_path, capsys):
    data = json.dumps(_valid())[:-1] + ', "media_crews_per_slot": ' + "9" * 5000 + "}"
    problem_file = tmp_path / "problem.json"
    problem_file.write_text(data, encoding="utf-8")
    out = tmp_path / "plan.json"
    assert solve_main([str(problem_file), "--output", str(out)]) == 2
    assert not out.exists()
    assert "رقم" in capsys.readouterr().err


@pytest.mark.parametrize(
    "text",
    [
        '{"waves": [], "waves": []}',
        '{"ceremonies": [{"id": "c1", "id": "c2", "ready_from": "2026-01-01",'
        ' "district": "d", "sector": "s"}]}',
    ],
)
def test_duplicate_keys_are_refused_in_persian(text):
    with pytest.raises(ProblemError) as caught:
        problem_from_json(text)
    assert "دو بار" in caught.value.message


def test_a_float_beyond_the_finite_range_is_refused():
    with pytest.raises(ProblemError) as caught:
        problem_from_json('{"weights": {"earliness": 1e400}}')
    assert "متناهی" in caught.value.message


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    plain = problem_from_json(json.dumps(_valid()))
    assert problem_from_json(b"\xef\xbb\xbf" + json.dumps(_valid()).encode()) == plain
    assert problem_from_json("\ufeff" + json.dumps(_valid())) == plain
    problem_file = tmp_path / "problem.json"
    problem_file.write_bytes(b"\xef\xbb\xbf" + json.dumps(_valid()).encode())
    assert (
        solve_main([str(problem_file), "--time-limit", "5", "--output", str(tmp_path / "p")]) == 0
    )
