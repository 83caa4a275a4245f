"""The committed OpenAPI document (docs/openapi.json) is the one the code generates."""

from __future__ import annotations

import json
from pathlib import Path

from jahesh.opendata.api.document import openapi_text

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
REGENERATE = "python -m jahesh.opendata.api.document docs/openapi.json"


def test_the_committed_openapi_document_matches_the_code():
    generated = openapi_text()
    committed = COMMITTED.read_text(encoding="utf-8")
    assert json.loads(committed) == json.loads(generated), (
        f"docs/openapi.json is out of date with the API; regenerate it with: {REGENERATE}"
    )
    assert committed == generated, f"docs/openapi.json is not as generated; run: {REGENERATE}"


def test_the_document_is_openapi_3_1_with_problem_details_for_errors():
    document = json.loads(openapi_text())
    assert document["openapi"].startswith("3.1")
    for path, operations in document["paths"].items():
        for operation in operations.values():
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    assert list(answer["content"]) == ["application/problem+json"], (path, status)
