"""Scenes shared by every app's tests: two cities and people in three positions towards them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from huey import Huey
from huey.contrib.djhuey import HUEY
from huey.storage import BaseStorage
from hypothesis import settings as hypothesis_settings

from jahesh.registry.models import Membership, Municipality, Role
from tests.registry.factories import MembershipFactory, MunicipalityFactory, UserFactory

pytest_plugins = ["tests.browser"]

# Property tests draw the same examples on every run and machine, so a failure in CI is one
# anybody can reproduce; the examples still vary from test to test.
hypothesis_settings.register_profile("jahesh", derandomize=True, database=None)
hypothesis_settings.load_profile("jahesh")


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: Any) -> Iterator[None]:
    """End the run with one short summary of what was skipped and why, a line per reason.

    A plain clone skips only what needs PostgreSQL, Redis, a browser, a system tool or the
    OC4IDS schema; this says which at a glance (``-rs`` lists every file and line). Written
    after pytest's own summary, so it is the run's last word but the final count.
    """
    yield
    reasons: Counter[str] = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    if not reasons:
        return
    terminalreporter.write_sep("-", f"{sum(reasons.values())} skipped, by reason")
    for reason, count in reasons.most_common():
        terminalreporter.write_line(f"{count:4d}  {reason}")


@pytest.fixture
def job_queue() -> Iterator[Huey]:
    """Run each queued job at once, in this process; jobs scheduled for later wait in memory.

    No test reaches the shared queue file (or Redis) through it, and what a test left scheduled
    is dropped afterwards. The one switch of the whole suite: tests ask for this fixture rather
    than flipping the queue themselves.
    """
    before = HUEY.immediate
    HUEY.immediate = True
    try:
        yield HUEY
    finally:
        HUEY.storage.flush_all()
        HUEY.immediate = before


@pytest.fixture
def queue_for_a_consumer(job_queue: Huey) -> Iterator[Callable[[BaseStorage], Huey]]:
    """Give a function that points this process's queue at ``storage``, jobs not run here.

    For tests that start a real consumer process on the same storage; afterwards the queue is
    the in-memory one of ``job_queue`` again.
    """
    used: list[BaseStorage] = []

    def use(storage: BaseStorage) -> Huey:
        used.append(storage)
        job_queue.immediate = False
        job_queue.storage = storage
        return job_queue

    yield use
    for storage in used:
        storage.flush_all()
    if used:
        job_queue.immediate = True


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
