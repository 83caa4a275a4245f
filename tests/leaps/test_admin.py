"""The back office's leap-planning pages show a member only their own cities' rows and names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jahesh.registry.models import Role
from tests.leaps.factories import PlanFactory, ProgrammeFactory, WaveFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["programme", "wave", "plan"])
def test_the_changelists_and_their_filters_name_no_other_citys_programme(
    client, city_a, city_b, member_of, model
):
    own = ProgrammeFactory(municipality=city_a, name="جهش الف")
    other = ProgrammeFactory(municipality=city_b, name="برنامهٔ پنهان ب", is_public=False)
    for programme in (own, other):
        WaveFactory(programme=programme)
        PlanFactory(programme=programme)
    viewer = member_of(city_a, Role.VIEWER)
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)

    response = client.get(reverse(f"admin:leaps_{model}_changelist"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "جهش الف" in html
    assert "برنامهٔ پنهان ب" not in html
    assert city_b.name not in html
