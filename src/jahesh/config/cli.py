"""The `jahesh` console command: a thin front over Django's management commands."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["jahesh", *argv])
    args[0] = "jahesh"
    # Django command names cannot hold a hyphen; people type `jahesh export-site`.
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
