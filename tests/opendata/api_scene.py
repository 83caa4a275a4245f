"""Scenes and helpers of the API tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from jahesh.opendata.api import conditional

API = "/api/v1"


@pytest.fixture(autouse=True)
def fresh_validators() -> Iterator[None]:
    """Each test reads the content versions afresh and starts with an empty rate count."""
    conditional.forget()
    cache.clear()
    yield
    conditional.forget()
    cache.clear()


def get_json(client: Client, path: str, **params: Any) -> Any:
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 200, (path, response.status_code, response.content[:400])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def walk(client: Client, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a list, page after page by its cursor."""
    items: list[dict[str, Any]] = []
    params = {**params}
    for _ in range(1000):
        body = get_json(client, path, **params)
        items += body["items"]
        if body["next_cursor"] is None:
            return items
        params["cursor"] = body["next_cursor"]
    raise AssertionError("the cursor never reached the last page")
