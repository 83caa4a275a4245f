"""Rewrite the variables table of docs/configuration.md from jahesh.config.variables."""

from __future__ import annotations

import re
from pathlib import Path

from jahesh.config.variables import VARIABLES

DOC = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"
TABLE_HEAD = "| variable | default | meaning |\n|---|---|---|\n"


def table() -> str:
    rows = []
    for v in VARIABLES:
        default = v.default.replace("|", "\\|")
        note = f" Secret: may be given as `{v.name}_FILE`." if v.secret else ""
        rows.append(f"| `{v.name}` | {default} | {v.meaning}{note} |")
    return TABLE_HEAD + "\n".join(rows) + "\n"


def main() -> None:
    text = DOC.read_text(encoding="utf-8")
    text = re.sub(
        r"\| variable \| default \| meaning \|\n\|---\|---\|---\|\n(\|.*\n)*", table(), text
    )
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
