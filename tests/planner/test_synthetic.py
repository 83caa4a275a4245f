from jahesh.planner import check_problem, greedy_plan, hard_rule_violations
from jahesh.planner.indexing import Index
from jahesh.planner.synthetic import PROFILES, synthetic_problem


def test_each_profile_is_reproducible_from_its_seed_and_plannable():
    for profile in PROFILES:
        first = synthetic_problem(200, 8, seed=3, profile=profile)
        again = synthetic_problem(200, 8, seed=3, profile=profile)
        other = synthetic_problem(200, 8, seed=4, profile=profile)
        assert first == again
        assert first != other
        assert not [f for f in check_problem(first) if f.severity == "error"]
        plan = greedy_plan(first)
        assert hard_rule_violations(first, plan.assignments) == ()


def test_the_hard_profile_has_tighter_windows_and_less_room_than_the_easy_one():
    def shape(profile):
        problem = synthetic_problem(400, 10, seed=2026, profile=profile)
        index = Index(problem)
        few = sum(1 for cands in index.candidates if len(cands) <= 2) / len(index.candidates)
        room = sum(w.max_ceremonies for w in problem.waves) / len(problem.ceremonies)
        return few, room

    hard_few, hard_room = shape("hard")
    easy_few, easy_room = shape("easy")
    assert hard_few > easy_few
    assert hard_room < easy_room
