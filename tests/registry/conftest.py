"""Scenes the registry's import, export and view tests share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from jahesh.registry.models import Municipality, Role
from tests.registry.spreadsheets import furnish


@pytest.fixture
def city(city_a: Municipality) -> Municipality:
    """City A with the districts, units and sectors the spreadsheet rows name."""
    return furnish(city_a)


@pytest.fixture
def editor(city: Municipality, member_of: Callable[..., Any]) -> Any:
    return member_of(city, Role.EDITOR, username="editor-a")
