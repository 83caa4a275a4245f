"""Scenes shared by every app's tests: two cities and people in three positions towards them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from jahesh.registry.models import Membership, Municipality, Role
from tests.registry.factories import MembershipFactory, MunicipalityFactory, UserFactory

pytest_plugins = ["tests.browser"]

# Property tests draw the same examples on every run and machine, so a failure in CI is one
# anybody can reproduce; the examples still vary from test to test.
hypothesis_settings.register_profile("jahesh", derandomize=True, database=None)
hypothesis_settings.load_profile("jahesh")


@pytest.fixture
def city_a(db: None) -> Municipality:
    return MunicipalityFactory(slug="city-a", name="شهرداری الف", city_name="الف")


@pytest.fixture
def city_b(db: None) -> Municipality:
    return MunicipalityFactory(slug="city-b", name="شهرداری ب", city_name="ب")


@pytest.fixture
def member_of(db: None) -> Callable[..., Any]:
    """Make a user with ``role`` in ``city``: ``member_of(city_a, Role.PLANNER)``."""

    def make(city: Municipality, role: str = Role.EDITOR, username: str | None = None) -> Any:
        kwargs: dict[str, Any] = {}
        if username:
            kwargs["username"] = username
        user = UserFactory(**kwargs)
        MembershipFactory(user=user, municipality=city, role=role)
        return user

    return make


@pytest.fixture
def outsider(db: None) -> Any:
    """A signed-up user with no role in any city."""
    return UserFactory(username="outsider")


@pytest.fixture
def memberships() -> type[Membership]:
    return Membership
