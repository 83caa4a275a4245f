"""The staff API keeps the rule «the latest progress update is the project's progress»: a PATCH
that types another percentage for a project with updates is refused with the registry's Persian
sentence (the API's answer to a value the registry's rules refuse) and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from jahesh.opendata.api.tokens import api_token_create
from jahesh.registry.models import Municipality, Project, Role
from jahesh.registry.progress import progress_update_record
from tests.opendata.api_scene import API, fresh_validators
from tests.registry.factories import ProjectFactory

pytestmark = pytest.mark.django_db
__all__ = ["fresh_validators"]


@pytest.fixture
def admin(city_a: Municipality, member_of: Any) -> Any:
    return member_of(city_a, Role.ADMIN)


@pytest.fixture
def token(city_a: Municipality, admin: Any) -> str:
    return api_token_create(
        by=admin, municipality=city_a, name="سامانه کنترل پروژه", kind="service", scope="write"
    ).secret


@pytest.fixture
def reported(city_a: Municipality, admin: Any) -> Project:
    project = ProjectFactory(municipality=city_a, code="A-1", title="پارک", physical_progress_pct=5)
    progress_update_record(
        by=admin,
        project=project,
        reported_on=dt.date(2024, 5, 1),
        physical_progress_pct=40,
        today=dt.date(2024, 6, 1),
    )
    project.refresh_from_db()
    return project


def patch(client: Client, token: str, project: Project, body: dict[str, Any]) -> Any:
    return client.patch(
        f"{API}/staff/projects/{project.pk}",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_another_progress_for_a_project_with_updates_is_refused_in_persian(
    client: Client, token: str, reported: Project
) -> None:
    response = patch(client, token, reported, {"physical_progress_pct": 95, "title": "بوستان"})

    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert "«پیشرفت فیزیکی»" in problem["detail"]
    assert "۴۰٪" in problem["detail"]
    assert problem["errors"] == [
        {"parameter": "physical_progress_pct", "message": problem["detail"]}
    ]
    reported.refresh_from_db()
    assert (reported.physical_progress_pct, reported.title) == (40, "پارک")


def test_the_latest_updates_own_figure_is_taken(
    client: Client, token: str, reported: Project
) -> None:
    response = patch(client, token, reported, {"physical_progress_pct": 40, "title": "بوستان"})

    assert response.status_code == 200, response.content
    assert response.json()["physical_progress_pct"] == 40
    reported.refresh_from_db()
    assert (reported.physical_progress_pct, reported.title) == (40, "بوستان")


def test_a_project_without_updates_takes_the_typed_progress(
    client: Client, token: str, city_a: Municipality
) -> None:
    project = ProjectFactory(municipality=city_a, code="A-2", physical_progress_pct=5)

    response = patch(client, token, project, {"physical_progress_pct": 60})

    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert project.physical_progress_pct == 60
