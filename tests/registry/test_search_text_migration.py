"""Registry migration 0007: every project's search key rebuilt with today's key function."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from jahesh.registry.models import Project
from jahesh.registry.services import project_search_text
from tests.registry.factories import ProjectFactory, SectorFactory

pytestmark = pytest.mark.django_db

MIGRATION = "jahesh.registry.migrations.0007_project_search_text_rekey"


def test_the_migration_rebuilds_every_stored_key_in_batches_without_touching_the_projects(
    city_a, monkeypatch
):
    migration = importlib.import_module(MIGRATION)
    monkeypatch.setattr(migration, "BATCH", 2)
    sector = SectorFactory(municipality=city_a, name="حمل‌ونقل")
    compound = ProjectFactory(municipality=city_a, title="بهره‌برداری از پل ارم", sectors=[sector])
    others = [ProjectFactory(municipality=city_a, title=f"بوستان {n}") for n in range(4)]
    # Keys as they were stored before compounds were parted, or never built at all.
    Project.objects.filter(pk=compound.pk).update(search_text="بهرهبرداری از پل ارم")
    Project.objects.exclude(pk=compound.pk).update(search_text="")
    before = {row.pk: row.updated_at for row in Project.objects.all()}
    history = Project.history.count()

    migration.rekey_projects(django_apps, None)

    for project in Project.objects.prefetch_related("sectors"):
        names = [s.name for s in project.sectors.all()]
        assert project.search_text == project_search_text(project, names)
        assert project.updated_at == before[project.pk]
    compound.refresh_from_db()
    assert "بهره برداری" in compound.search_text
    assert all(Project.objects.get(pk=p.pk).search_text for p in others)
    assert Project.history.count() == history


def test_the_migration_can_be_reversed_without_undoing_anything():
    migration = importlib.import_module(MIGRATION)
    (operation,) = migration.Migration.operations
    assert operation.reversible
