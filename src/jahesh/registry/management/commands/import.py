"""`jahesh import projects FILE --municipality SLUG [--dry-run] [--user USERNAME]`, and the
subjects other apps add (`jahesh import waves FILE --municipality SLUG --programme SLUG`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jahesh import persian
from jahesh.core.errors import JaheshError
from jahesh.registry import services
from jahesh.registry.importing import ImportRejectedError, projects_import
from jahesh.registry.importing.subjects import import_subject_get, import_subject_names
from jahesh.registry.models import Municipality

SHOWN_PROBLEMS = 200


class Command(BaseCommand):
    help = "پروژه‌های یک شهرداری را از فایل XLSX یا CSV (در قالب پروژه‌ها) وارد می‌کند."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "subject", choices=["projects", *import_subject_names()], help="What to import."
        )
        parser.add_argument("file", type=Path, help="An .xlsx or .csv file in the template.")
        parser.add_argument("--municipality", required=True, help="The city's slug.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument("--programme", help="The programme's slug (waves only).")
        parser.add_argument(
            "--user",
            help="Act as this user (their role in the city is checked); "
            "by default the system account acts for the operator.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"فایل «{path}» خوانده نشد: {exc.strerror}") from exc
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"شهرداری با نامک «{options['municipality']}» نیست.")
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"کاربر «{options['user']}» نیست.")
        else:
            user = services.system_actor_ensure()
        try:
            subject = import_subject_get(options["subject"])
            if subject is not None:
                summary = subject.runner(user, municipality, data, options["dry_run"], options)
            else:
                summary = projects_import(
                    by=user, municipality=municipality, data=data, dry_run=options["dry_run"]
                ).summary()
        except ImportRejectedError as exc:
            # A lone problem with the whole file is already the error's own sentence.
            listed = exc.problems if len(exc.problems) > 1 or exc.problems[0].row else ()
            for problem in listed[:SHOWN_PROBLEMS]:
                self.stderr.write(problem.message)
            hidden = len(listed) - SHOWN_PROBLEMS
            if hidden > 0:
                count = persian.to_persian_digits(str(hidden))
                self.stderr.write(f"… و {count} خطای دیگر.")
            raise CommandError(exc.message) from exc
        except JaheshError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(summary)
