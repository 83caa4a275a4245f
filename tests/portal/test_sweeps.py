"""The projects' search sweep: what an import's lost reindex job left stale is indexed once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from jahesh.portal import search, services, tasks
from jahesh.portal.models import SearchEntry, SearchKind
from jahesh.registry.models import Municipality, Project
from tests.core.test_queue import UnreachableStorage
from tests.registry.factories import ProjectFactory


def titles(city, query):
    return [hit.title for hit in search.search(municipality_id=city.pk, raw_query=query).hits]


def settle(**filters):
    """Move the projects' last change out of the sweep's grace period."""
    Project.objects.filter(**filters).update(updated_at=timezone.now() - dt.timedelta(minutes=3))


@pytest.mark.django_db(transaction=True)
def test_projects_imported_while_the_queue_is_down_are_indexed_once_by_the_sweep(
    city_a, member_of, queue_for_a_consumer, caplog
):
    from jahesh.registry.models import Role
    from tests.registry.spreadsheets import BRIDGE, furnish, import_rows, row

    furnish(city_a)
    editor = member_of(city_a, Role.EDITOR)
    storage = UnreachableStorage(ConnectionError("Connection refused"))
    huey = queue_for_a_consumer(storage)
    with caplog.at_level("WARNING", logger="jahesh.core.queue"):
        import_rows(editor, city_a, [row(**BRIDGE)])
    assert "search_reindex_projects" in caplog.text
    assert titles(city_a, "غدیر") == []
    huey.immediate = True
    # Within the grace period the import's own job may still be on its way.
    assert tasks.search_projects_sweep_task.call_local() == 0
    settle(municipality=city_a)
    assert tasks.search_projects_sweep_task.call_local() == 1
    assert titles(city_a, "غدیر") == ["پل غدیر"]
    assert tasks.search_projects_sweep_task.call_local() == 0
    assert SearchEntry.objects.filter(kind=SearchKind.PROJECT).count() == 1


def test_a_bulk_change_that_sent_no_signal_is_found_stale_and_reindexed(city_a, city_b):
    kept = ProjectFactory(municipality=city_a, title="بوستان بانوان", slug="a1")
    moved = ProjectFactory(municipality=city_a, title="پل عابر پیاده", slug="a2")
    hidden = ProjectFactory(municipality=city_a, title="ساختمان خدمات", slug="a3")
    other = ProjectFactory(municipality=city_b, title="کتابخانه مرکزی", slug="b1")
    settle()
    services.search_entries_sync_projects(project_ids=[kept.pk, moved.pk, hidden.pk, other.pk])
    assert services.search_entries_sweep_projects() == 0
    # Bulk UPDATEs, as an import writes: no post_save, so no signal reindexed them.
    Project.objects.filter(pk=moved.pk).update(
        title="پل سعدی", updated_at=timezone.now() - dt.timedelta(minutes=3)
    )
    Project.objects.filter(pk=hidden.pk).update(is_public=False)
    Municipality.objects.filter(pk=city_b.pk).update(is_public=False)
    assert sorted(services.search_entries_stale_projects()) == sorted(
        [moved.pk, hidden.pk, other.pk]
    )
    assert services.search_entries_sweep_projects() == 3
    assert titles(city_a, "سعدی") == ["پل سعدی"]
    assert titles(city_a, "ساختمان") == []
    assert not SearchEntry.objects.filter(object_id__in=[hidden.pk, other.pk]).exists()
    assert services.search_entries_sweep_projects() == 0
    assert titles(city_a, "بوستان") == ["بوستان بانوان"]


def test_the_sweep_works_in_bounded_batches_and_leaves_the_rest_for_the_next_run(city_a):
    made = [ProjectFactory(municipality=city_a, slug=f"p{n}") for n in range(7)]
    SearchEntry.objects.all().delete()
    settle()
    assert services.search_entries_sweep_projects(limit=5, batch=2) == 5
    assert SearchEntry.objects.filter(kind=SearchKind.PROJECT).count() == 5
    assert services.search_entries_sweep_projects(limit=5, batch=2) == 2
    assert set(SearchEntry.objects.values_list("object_id", flat=True)) == {p.pk for p in made}
    assert services.search_entries_sweep_projects(limit=5, batch=2) == 0


def test_a_batch_another_writer_indexed_meanwhile_is_left_for_the_next_run(city_a, monkeypatch):
    made = [ProjectFactory(municipality=city_a, slug=f"p{n}") for n in range(3)]
    SearchEntry.objects.all().delete()
    settle()
    real = services.search_entries_sync_projects
    calls = []

    def racing(*, project_ids):
        calls.append(list(project_ids))
        if len(calls) == 1:
            # What PostgreSQL raises when the import's job inserted the same entries first.
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(project_ids=project_ids)

    monkeypatch.setattr(services, "search_entries_sync_projects", racing)
    with transaction.atomic():
        assert services.search_entries_sweep_projects(batch=2) == 1
    assert calls == [[made[0].pk, made[1].pk], [made[2].pk]]
    monkeypatch.setattr(services, "search_entries_sync_projects", real)
    assert services.search_entries_sweep_projects(batch=2) == 2
    assert services.search_entries_sweep_projects(batch=2) == 0
