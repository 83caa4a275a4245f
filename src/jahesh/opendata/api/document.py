"""The OpenAPI document of API v1 as the committed file holds it (docs/openapi.json).

Regenerate the file after changing the API:

    python -m jahesh.opendata.api.document docs/openapi.json
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def openapi_text() -> str:
    from jahesh.opendata.api.app import api

    schema = api.get_openapi_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m jahesh.opendata.api.document docs/openapi.json", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.config.settings")
    import django

    django.setup()
    Path(argv[0]).write_text(openapi_text(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
