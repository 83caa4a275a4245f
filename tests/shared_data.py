"""Where the tests find data the repository does not ship: the shared corpus and the OC4IDS
schema beside the repository (``../shared``).

``JAHESH_TEST_SHARED_DIR`` names another folder; pointing it at one that does not exist runs the
suite as a plain clone would. ``JAHESH_OC4IDS_SCHEMA_DIR`` names the folder holding a copy of the
OC4IDS 0.9.5 schema, which no package ships.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = Path(os.environ.get("JAHESH_TEST_SHARED_DIR") or REPO_ROOT.parent / "shared")
OC4IDS_SCHEMA_DIR = Path(os.environ.get("JAHESH_OC4IDS_SCHEMA_DIR") or SHARED_DIR / "oc4ids")
OC4IDS_SCHEMA_FILES = ("project-package-schema.json", "project-schema.json")
OC4IDS_SCHEMA_SOURCE = "https://standard.open-contracting.org/infrastructure/schema/0__9__5/"


def oc4ids_schema_missing() -> str | None:
    """Return why the OC4IDS schema tests cannot run (where to put a copy), or None."""
    missing = [name for name in OC4IDS_SCHEMA_FILES if not (OC4IDS_SCHEMA_DIR / name).exists()]
    if not missing:
        return None
    return (
        f"OC4IDS 0.9.5 schema not found: copy {' and '.join(OC4IDS_SCHEMA_FILES)} from "
        f"{OC4IDS_SCHEMA_SOURCE} into {OC4IDS_SCHEMA_DIR} (or set JAHESH_OC4IDS_SCHEMA_DIR)"
    )
