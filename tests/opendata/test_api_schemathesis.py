"""Schemathesis drives every operation of API v1 in this process, through the WSGI app, over a
city with public rows and a row of every kind that must stay hidden.

Bounded and deterministic: a fixed number of examples per operation, derandomized. Positive
examples must meet every check (no 500, status, content type, headers and body as the schema
says); negative examples (values the schema forbids) must never answer 500.

NUL bytes are not generated: the site's address guard (core.middleware) answers them with its
HTML 404 before any view runs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import positive_data_acceptance

from jahesh.opendata.api.tokens import api_token_create
from jahesh.registry.models import Ceremony, Project, Role
from tests.opendata.api_scene import fresh_validators
from tests.portal.test_public_surfaces import Surfaces, surfaces
from tests.registry.factories import CeremonyFactory, ProjectFactory

__all__ = ["Surfaces", "fresh_validators", "surfaces"]

EXAMPLES = 12


def _config(mode: str) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "generation": {
                "mode": mode,
                "max-examples": EXAMPLES,
                "deterministic": True,
                "allow-x00": False,
                "database": "none",
            }
        }
    )


positive = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=_config("positive")
)
negative = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=_config("negative")
)
bounded = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def connection_kept_across_requests() -> Iterator[None]:
    """Keep the test's database connection open across the WSGI requests, as Django's own test
    client does: the app's request signals would close it inside the test's transaction, and a
    file database (CI's SQLite run, PostgreSQL) then answers every later query with an error."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.django_db
@positive.parametrize()
@bounded
def test_every_operation_meets_its_schema_on_valid_input(case, surfaces):
    # A cursor, a date or a field name can be a well-typed string and still mean nothing; the
    # API answers those 400 with a problem, which the schema declares.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


@pytest.mark.slow
@pytest.mark.django_db
@negative.parametrize()
@bounded
def test_no_operation_fails_with_a_server_error_on_invalid_input(case, surfaces):
    case.call_and_validate(checks=[not_a_server_error])


STAFF = "^/api/v1/staff/"


def _other_city(surfaces: Surfaces) -> list[tuple]:
    """Every value of the other city's projects and ceremonies, to compare before and after."""
    city = surfaces.hidden_city
    projects = Project.objects.filter(municipality=city).order_by("pk").values_list()
    ceremonies = Ceremony.objects.filter(municipality=city).order_by("pk").values_list()
    return [*projects, *ceremonies]


def _token_of_city_a(surfaces: Surfaces, member_of) -> dict[str, str]:
    admin = member_of(surfaces.city, Role.ADMIN)
    secret = api_token_create(
        by=admin, municipality=surfaces.city, name="schemathesis", kind="service", scope="write"
    ).secret
    # A row of the other city for the fuzzed ids to miss.
    CeremonyFactory(project=ProjectFactory(municipality=surfaces.hidden_city))
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.slow
@pytest.mark.django_db
@positive.include(path_regex=STAFF).parametrize()
@bounded
def test_staff_operations_with_a_city_token_meet_their_schema_and_stay_in_the_city(
    case, surfaces, member_of
):
    headers = _token_of_city_a(surfaces, member_of)
    before = _other_city(surfaces)
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
    assert _other_city(surfaces) == before


@pytest.mark.slow
@pytest.mark.django_db
@negative.include(path_regex=STAFF).parametrize()
@bounded
def test_staff_operations_with_a_city_token_never_fail_with_a_server_error(
    case, surfaces, member_of
):
    headers = _token_of_city_a(surfaces, member_of)
    before = _other_city(surfaces)
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
    assert _other_city(surfaces) == before
