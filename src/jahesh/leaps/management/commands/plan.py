"""`jahesh plan solve|programme|wave`: plan from a problem file, or from the database."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jahesh import persian
from jahesh.core.errors import JaheshError
from jahesh.leaps import selectors, services
from jahesh.leaps.models import Plan, Programme, Wave
from jahesh.registry.models import Municipality
from jahesh.registry.services import system_actor_ensure

# Exit codes: 2 for bad input (as argparse), 1 for a plan that could not be made.
EXIT_BAD_INPUT = 2
EXIT_FAILED = 1


class Command(BaseCommand):
    help = "برنامه‌ریزی آیین‌ها در مراحل: از پروندهٔ مسئله یا از دادهٔ یک شهر."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)

        solve = commands.add_parser("solve", help="حل پروندهٔ مسئله (JSON) بدون پایگاه داده")
        solve.add_argument("args", nargs=argparse.REMAINDER)

        for name, text in (
            ("programme", "برنامه‌ریزی همهٔ مراحل یک برنامه"),
            ("wave", "برنامه‌ریزی یک مرحله"),
        ):
            sub = commands.add_parser(name, help=text)
            sub.add_argument("--municipality", required=True, help="نامک شهرداری")
            sub.add_argument("--programme", required=True, help="نامک برنامه")
            sub.add_argument("--time-limit", type=float, default=None, help="سقف زمان (ثانیه)")
            sub.add_argument(
                "--draft", action="store_true", help="برنامه پیش‌نویس بماند و جاری نشود"
            )
            if name == "wave":
                sub.add_argument("--number", type=int, required=True, help="شمارهٔ مرحله")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "solve":
            from jahesh.planner.cli import solve_main

            # Django hands the REMAINDER named "args" over as positional arguments.
            code = solve_main(list(args))
            if code:
                raise SystemExit(code)
            return
        plan = self._plan_from_database(options)
        self._report(plan)

    def _plan_from_database(self, options: dict[str, Any]) -> Plan:
        try:
            municipality: Municipality = selectors.municipality_get(slug=options["municipality"])
            programme: Programme = selectors.programme_get(
                municipality=municipality, slug=options["programme"]
            )
            wave: Wave | None = None
            if options["action"] == "wave":
                wave = selectors.wave_get(programme=programme, number=options["number"])
        except JaheshError as exc:
            raise CommandError(exc.message, returncode=EXIT_BAD_INPUT) from exc
        limit = options["time_limit"]
        if limit is not None and not 0 < limit <= 3600:
            raise CommandError(
                "سقف زمان باید بیش از صفر و تا ۳۶۰۰ ثانیه باشد.", returncode=EXIT_BAD_INPUT
            )

        def progress(stage: str, fraction: float) -> None:
            percent = persian.to_persian_digits(str(int(fraction * 100)))
            self.stdout.write(f"  {percent}٪ {stage}")

        try:
            return services.plan_compute(
                programme=programme,
                by=system_actor_ensure(),
                scope_wave=wave,
                time_limit_s=limit,
                adopt=not options["draft"],
                progress=progress if options["verbosity"] >= 1 else None,
            )
        except JaheshError as exc:
            raise CommandError(exc.message, returncode=EXIT_FAILED) from exc

    def _report(self, plan: Plan) -> None:
        count = plan.assignments.count()
        stats = plan.solver_stats
        gap = "—" if plan.gap_pct is None else f"{plan.gap_pct:.3f}٪"
        text = (
            f"برنامهٔ {plan.pk} ({plan.get_status_display()}): {count} آیین، "
            f"امتیاز {plan.objective:.0f}، فاصله تا کران {gap}، "
            f"{stats.get('elapsed_s', 0)} ثانیه ({plan.solver_status_label})."
        )
        self.stdout.write(persian.to_persian_digits(text))
        left_out = sum(1 for item in plan.explanations if item.get("kind") == "left_out")
        if left_out:
            self.stdout.write(
                persian.to_persian_digits(f"{left_out} آیین بیرون ماند؛ دلیل‌ها در برنامه است.")
            )
