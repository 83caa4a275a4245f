"""``jahesh plan solve PROBLEM.json [--time-limit S] [--output PLAN.json]``: the core alone.

Exit codes: 0 plan written; 2 bad input, nothing written; 3 plan written, but the data make some
ceremonies impossible to plan (the reasons are printed in Persian).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from jahesh.planner.engine import solve
from jahesh.planner.io import MAX_BYTES, plan_to_dict, problem_from_json
from jahesh.planner.problem import InfeasibleProblemError, ProblemError
from jahesh.planner.validate import check_problem
from jahesh.planner.wording import fa

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_WITH_WARNINGS = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"خطا در فرمان: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="jahesh plan solve", description="برنامه‌ریزی آیین‌ها از پروندهٔ JSON")
    parser.add_argument("problem", help="پروندهٔ مسئله (JSON)")
    parser.add_argument("--time-limit", type=float, default=30.0, help="سقف زمان به ثانیه")
    parser.add_argument("--output", help="پروندهٔ برنامه (JSON)؛ بی آن در خروجی چاپ می‌شود")
    return parser


def _write_replacing(target: Path, text: str) -> None:
    """Write next to ``target`` and rename over it, so a failed write leaves the old file whole."""
    data = text.encode("utf-8")
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        # mkstemp makes the file private; a plan is as readable as a file written plainly.
        os.chmod(temporary, target.stat().st_mode if target.exists() else 0o644)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def solve_main(argv: list[str]) -> int:
    """Run ``solve`` on a problem file; return the exit code (messages are Persian)."""
    args = _parser().parse_args(argv)
    limit = args.time_limit
    if not math.isfinite(limit) or not 0 <= limit <= 86_400:
        print("سقف زمان باید عددی از ۰ تا ۸۶۴۰۰ ثانیه باشد.", file=sys.stderr)
        return EXIT_BAD_INPUT
    path = Path(args.problem)
    try:
        if path.stat().st_size > MAX_BYTES:
            print("پروندهٔ مسئله بیش از اندازه بزرگ است.", file=sys.stderr)
            return EXIT_BAD_INPUT
        raw = path.read_bytes()
    except OSError:
        print(f"پروندهٔ مسئله خوانده نشد: {args.problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        problem = problem_from_json(raw)
        plan = solve(problem, time_limit_s=limit)
    except InfeasibleProblemError as exc:
        print("مسئله با این داده‌ها شدنی نیست:", file=sys.stderr)
        for finding in exc.findings:
            print(f"- {finding.message} ({finding.field})", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ProblemError as exc:
        where = f" ({exc.field})" if exc.field else ""
        print(f"پروندهٔ مسئله پذیرفته نشد: {exc.message}{where}", file=sys.stderr)
        return EXIT_BAD_INPUT
    text = json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=1)
    if args.output:
        try:
            _write_replacing(Path(args.output), text + "\n")
        except (OSError, UnicodeEncodeError) as exc:
            print(f"برنامه نوشته نشد ({args.output}): {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    else:
        print(text)
    # The plan names a ceremony the data keep out only once, as left out; the warnings about
    # the data are printed in full here so the exit code can say the data need attention.
    warnings = [f.message for f in check_problem(problem) if f.severity == "warning"]
    for message in warnings:
        print(f"هشدار: {message}", file=sys.stderr)
    gap = "—" if plan.gap is None else f"{fa(round(100 * plan.gap, 3))}٪"
    print(
        f"{fa(len(plan.assignments))} آیین برنامه‌ریزی شد؛ امتیاز {fa(round(plan.objective))}،"
        f" فاصله تا کران {gap}.",
        file=sys.stderr,
    )
    return EXIT_WITH_WARNINGS if warnings else EXIT_OK


def main() -> int:
    argv = sys.argv[1:]
    if not argv or argv[0] != "solve":
        print("به کار ببرید: python -m jahesh.planner.cli solve PROBLEM.json", file=sys.stderr)
        return EXIT_BAD_INPUT
    return solve_main(argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
