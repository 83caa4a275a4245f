import pytest

from tests.registry.factories import CeremonyFactory


@pytest.mark.django_db
def test_a_ceremony_belongs_to_its_projects_city():
    ceremony = CeremonyFactory()
    assert ceremony.municipality == ceremony.project.municipality
