"""The pure planning core: ceremonies into waves, days and slots, with explanations.

No Django and nothing else from jahesh but the pure ``jahesh.persian`` (digits and Jalali dates);
only ``solver.py`` imports the solver library.
"""

from jahesh.planner.engine import greedy_plan, solve
from jahesh.planner.explain import explain
from jahesh.planner.io import (
    plan_from_dict,
    plan_to_dict,
    problem_from_dict,
    problem_from_json,
    problem_to_dict,
)
from jahesh.planner.objective import evaluate
from jahesh.planner.problem import (
    Assignment,
    Breakdown,
    Ceremony,
    Explanation,
    Finding,
    InfeasibleProblemError,
    Official,
    Plan,
    Problem,
    ProblemError,
    Slot,
    Wave,
    Weights,
)
from jahesh.planner.replan import replan
from jahesh.planner.validate import check_problem, hard_rule_violations

__all__ = [
    "Assignment",
    "Breakdown",
    "Ceremony",
    "Explanation",
    "Finding",
    "InfeasibleProblemError",
    "Official",
    "Plan",
    "Problem",
    "ProblemError",
    "Slot",
    "Wave",
    "Weights",
    "check_problem",
    "evaluate",
    "explain",
    "greedy_plan",
    "hard_rule_violations",
    "plan_from_dict",
    "plan_to_dict",
    "problem_from_dict",
    "problem_from_json",
    "problem_to_dict",
    "replan",
    "solve",
]
