"""A promise once made stays on record: deleting its ceremony or project leaves it, cancelled on
the day of the deletion unless it was met before (docs/accountability.md). The deletion is
audit-logged by the registry's service; the promises page and the open data still show it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from jahesh.core.models import AuditEvent, AuditKind
from jahesh.leaps.models import PromiseKind, PromiseRecord
from jahesh.leaps.selectors.promises import Outcome, city_promises, promises_of
from jahesh.leaps.services import wave_announce
from jahesh.registry.models import CeremonyKind, CeremonyStatus, Project, Role
from jahesh.registry.services import project_delete

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("job_queue")]
TODAY = dt.date(2023, 3, 1)


def announce(planned):
    at = timezone.make_aware(dt.datetime(2023, 1, 28, 10))
    return wave_announce(wave=planned.waves[0], by=planned.planner, at=at)


def promise_of(city, code, kind=PromiseKind.CEREMONY):
    return next(
        p for p in promises_of(city=city, today=TODAY) if p.project_code == code and p.kind == kind
    )


def test_a_deleted_projects_promises_stay_cancelled_on_the_page_and_in_open_data(
    client, planned, member_of
):
    city = planned.programme.municipality
    ground = planned.ceremonies[0]
    ground.kind = CeremonyKind.GROUNDBREAKING
    ground.save()
    project = ground.project
    project.planned_end_date = dt.date(2024, 6, 1)
    project.save()
    announce(planned)
    code, title, district = project.code, project.title, project.district
    assert PromiseRecord.objects.filter(project=project).count() == 2  # ceremony and completion
    before = city_promises(city=city, today=TODAY).overall

    admin = member_of(city, Role.ADMIN, username="city-admin")
    project_delete(by=admin, project=project)

    assert not Project.objects.filter(pk=project.pk).exists()
    kept = PromiseRecord.objects.filter(removed_project_code=code)
    assert kept.count() == 2
    assert set(kept.values_list("ceremony_id", "project_id")) == {(None, None)}
    today = timezone.localdate()
    for kind in PromiseKind:
        promise = promise_of(city, code, kind)
        assert (promise.outcome, promise.outcome_date) == (Outcome.CANCELLED, today)
        assert (promise.project_title, promise.district_name) == (title, district.name)
        assert promise.sectors == ("حمل‌ونقل",)
        assert promise.ceremony_id == ground.pk
        assert promise.removed
    after = city_promises(city=city, today=TODAY)
    assert after.overall.total == before.total
    assert after.overall.cancelled == before.cancelled + 2
    by_district = {f.label: f.total for f in after.by_district}
    assert by_district[district.name] >= 2
    assert {f.label for f in after.by_sector} >= {"حمل‌ونقل"}

    # Audit-logged by the service: the project and its ceremony.
    deleted = AuditEvent.objects.filter(kind=AuditKind.DELETED, actor_username="city-admin")
    assert deleted.count() == 2

    cache.clear()
    page = client.get(reverse("portal:promises", kwargs={"city": city.slug}))
    assert page.status_code == 200
    csv = client.get(reverse("opendata:promises_csv", kwargs={"city": city.slug}))
    text = b"".join(csv.streaming_content).decode()
    rows = [line for line in text.splitlines() if code in line]
    assert len(rows) == 2
    assert all(",cancelled," in row and title in row for row in rows)
    document = json.loads(
        b"".join(
            client.get(
                reverse("opendata:promises_json", kwargs={"city": city.slug})
            ).streaming_content
        )
    )
    listed = [p for p in document["promises"] if p["project_code"] == code]
    assert [p["outcome"] for p in listed] == ["cancelled", "cancelled"]
    api = client.get("/api/v1/promises", {"municipality": city.slug, "outcome": "cancelled"})
    assert api.status_code == 200
    assert code in {p["project_code"] for p in api.json()["results"]}


def test_a_deleted_ceremonys_promise_is_cancelled_while_its_project_stays(planned):
    city = planned.programme.municipality
    announce(planned)
    ceremony = planned.ceremonies[1]
    project, ceremony_id = ceremony.project, ceremony.pk
    ceremony.delete()
    record = PromiseRecord.objects.get(removed_ceremony_ref=ceremony_id, kind=PromiseKind.CEREMONY)
    assert (record.ceremony_id, record.project_id) == (None, project.pk)
    promise = promise_of(city, project.code)
    assert (promise.outcome, promise.outcome_date) == (Outcome.CANCELLED, timezone.localdate())
    assert (promise.project_title, promise.ceremony_id) == (project.title, ceremony_id)
    # A later refresh of the project (the queue's, the nightly) keeps it so.
    project.title = "پروژهٔ دیگر"
    project.save()
    assert promise_of(city, project.code).outcome == Outcome.CANCELLED


def test_a_promise_met_before_its_project_was_deleted_keeps_its_outcome(planned, member_of):
    city = planned.programme.municipality
    wave = announce(planned)
    held = planned.ceremonies[0]
    held.status = CeremonyStatus.HELD
    held.held_at = timezone.make_aware(dt.datetime.combine(wave.start_date, dt.time(11)))
    held.save()
    code = held.project.code
    project_delete(by=member_of(city, Role.ADMIN, username="city-admin"), project=held.project)
    promise = promise_of(city, code)
    assert (promise.outcome, promise.outcome_date, promise.delay_days) == (
        Outcome.ON_TIME,
        wave.start_date,
        0,
    )


def test_a_hidden_projects_promise_stays_hidden_after_its_deletion(planned, member_of):
    city = planned.programme.municipality
    announce(planned)
    project = planned.ceremonies[2].project
    project.is_public = False
    project.save()
    code = project.code
    project_delete(by=member_of(city, Role.ADMIN, username="city-admin"), project=project)
    assert PromiseRecord.objects.filter(removed_project_code=code).exists()
    assert code not in {p.project_code for p in promises_of(city=city, today=TODAY)}
