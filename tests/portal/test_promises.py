"""Promises and what was done: stored when made, outcomes from history, shown per city,
compared, downloadable.

The scenes here are built with factories (a wave's status and ``announced_at`` set directly), as
an install from before promises were stored: ``record()`` runs the backfill that such an install
runs (``jahesh promises backfill``), reading each project from its history at the announcement.
The promises written by ``wave_announce`` itself are tested in tests/leaps/test_promises.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jahesh import persian
from jahesh.leaps.models import WaveStatus
from jahesh.leaps.selectors import promises as selector
from jahesh.leaps.selectors.promises import Outcome, PromiseKind, promise_figures
from jahesh.leaps.services import promises_backfill
from jahesh.registry.models import CeremonyKind, CeremonyStatus, ProjectStatus
from tests.leaps.factories import PlanAssignmentFactory, PlanFactory, ProgrammeFactory, WaveFactory
from tests.registry.factories import CeremonyFactory, DistrictFactory, ProjectFactory, SectorFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


class Scene:
    """A city whose programme announced a wave on ``wave_day`` (ten days before TODAY)."""

    def __init__(self, city, *, wave_day=TODAY - dt.timedelta(days=10), status=WaveStatus.HELD):
        self.city = city
        self.programme = ProgrammeFactory(municipality=city, slug="jahesh", name="جهش عمرانی")
        self.plan = PlanFactory(programme=self.programme)
        self.district = DistrictFactory(municipality=city, number=93, name="منطقه سه")
        self.sector = SectorFactory(municipality=city, code="roads", name="راه و ترابری")
        self.wave_day = wave_day
        # Waves are announced a few days ahead.
        self.announced_at = at(wave_day - dt.timedelta(days=3))
        self.wave = WaveFactory(
            programme=self.programme,
            number=7,
            start_date=wave_day,
            end_date=wave_day,
            status=status,
            announced_at=self.announced_at,
        )

    def ceremony(self, title, *, kind=CeremonyKind.INAUGURATION, wave=None, **project):
        wave = wave or self.wave
        made = ProjectFactory(
            municipality=self.city,
            title=title,
            slug=title.replace(" ", "-"),
            district=self.district,
            sectors=[self.sector],
            **project,
        )
        ceremony = CeremonyFactory(
            project=made, kind=kind, ready_from=wave.start_date, latest_date=None
        )
        PlanAssignmentFactory(plan=self.plan, wave=wave, ceremony=ceremony, day=wave.start_date)
        return ceremony


def record():
    """Write down the promises of the waves announced so far (idempotent)."""
    promises_backfill()


def promises_of(**kwargs):
    record()
    return selector.promises_of(**kwargs)


def city_promises(**kwargs):
    record()
    return selector.city_promises(**kwargs)


def at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def recorded_at(row, when):
    """Date the row's history records (all of them so far) at ``when``."""
    row.history.update(history_date=when)


def save_at(row, when):
    """Save a change the history records at ``when``."""
    row._history_date = when
    row.save()
    del row._history_date


def only(promises, kind):
    found = [p for p in promises if p.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_changing_the_planned_end_after_the_groundbreaking_keeps_the_promised_date(client, city_a):
    promised_end = dt.date(2026, 2, 1)
    project = ProjectFactory(
        municipality=city_a, title="پل شهید", slug="پل", planned_end_date=promised_end
    )
    scene = Scene(city_a)
    recorded_at(project, scene.announced_at - dt.timedelta(days=30))
    ceremony = CeremonyFactory(
        project=project,
        kind=CeremonyKind.GROUNDBREAKING,
        ready_from=scene.wave_day,
        latest_date=None,
    )
    PlanAssignmentFactory(plan=scene.plan, wave=scene.wave, ceremony=ceremony, day=scene.wave_day)
    project.refresh_from_db()
    # After the announcement, the city moves the promised end a year on.
    project.planned_end_date = dt.date(2027, 2, 1)
    project.credit_rial = 99_000_000_000
    save_at(project, scene.announced_at + dt.timedelta(days=2))

    promise = only(promises_of(city=city_a, today=TODAY), PromiseKind.COMPLETION)
    assert promise.promised_date == promised_end
    assert promise.promised_date_today == dt.date(2027, 2, 1)
    assert promise.date_changed
    assert promise.promised_credit_rial == 1_000_000_000_000  # the credit when announced
    assert promise.outcome == Outcome.OVERDUE
    assert promise.delay_days == (TODAY - promised_end).days

    cache.clear()
    page = client.get(reverse("portal:promises", kwargs={"city": city_a.slug}))
    text = page.content.decode()
    assert page.status_code == 200
    assert persian.format_jalali(promised_end) in text
    assert persian.format_jalali(dt.date(2027, 2, 1)) in text
    assert "وعده با همان تاریخ نخست سنجیده می‌شود" in text


def test_a_promise_reads_the_project_as_it_stood_at_the_announcement_not_before(city_a):
    scene = Scene(city_a)
    project = ProjectFactory(municipality=city_a, planned_end_date=dt.date(2025, 1, 1))
    recorded_at(project, scene.announced_at - dt.timedelta(days=60))
    project.planned_end_date = dt.date(2026, 6, 1)  # corrected before the wave was announced
    save_at(project, scene.announced_at - dt.timedelta(days=1))
    ceremony = CeremonyFactory(project=project, kind=CeremonyKind.GROUNDBREAKING, latest_date=None)
    PlanAssignmentFactory(plan=scene.plan, wave=scene.wave, ceremony=ceremony, day=scene.wave_day)
    promise = only(promises_of(city=city_a, today=TODAY), PromiseKind.COMPLETION)
    assert promise.promised_date == dt.date(2026, 6, 1)
    assert promise.outcome == Outcome.PENDING
    assert not promise.date_changed


def test_ceremony_outcomes_held_late_cancelled_postponed_overdue_and_pending(city_a):
    scene = Scene(city_a)
    on_time = scene.ceremony("بوستان یک")
    late = scene.ceremony("بوستان دو")
    cancelled = scene.ceremony("بوستان سه")
    postponed = scene.ceremony("بوستان چهار")
    overdue = scene.ceremony("بوستان پنج")
    later_wave = WaveFactory(
        programme=scene.programme,
        number=8,
        start_date=TODAY + dt.timedelta(days=5),
        end_date=TODAY + dt.timedelta(days=5),
        status=WaveStatus.ANNOUNCED,
        announced_at=timezone.now(),
    )
    pending = scene.ceremony("بوستان شش", wave=later_wave)
    noon = dt.time(12, 0)
    tehran = timezone.get_current_timezone()
    on_time.status = CeremonyStatus.HELD
    on_time.held_at = dt.datetime.combine(scene.wave_day, noon, tzinfo=tehran)
    on_time.save()
    late.status = CeremonyStatus.HELD
    late.held_at = dt.datetime.combine(scene.wave_day + dt.timedelta(days=3), noon, tzinfo=tehran)
    late.save()
    cancelled.status = CeremonyStatus.CANCELLED
    cancelled.save()
    new_day = TODAY + dt.timedelta(days=20)
    postponed.status = CeremonyStatus.POSTPONED
    postponed.ready_from = new_day
    postponed.save()

    found = {p.ceremony_id: p for p in promises_of(city=city_a, today=TODAY)}
    assert (found[on_time.pk].outcome, found[on_time.pk].delay_days) == (Outcome.ON_TIME, 0)
    assert (found[late.pk].outcome, found[late.pk].delay_days) == (Outcome.LATE, 3)
    assert found[cancelled.pk].outcome == Outcome.CANCELLED
    assert found[cancelled.pk].outcome_date == timezone.localdate()
    assert (found[postponed.pk].outcome, found[postponed.pk].outcome_date) == (
        Outcome.POSTPONED,
        new_day,
    )
    assert (found[overdue.pk].outcome, found[overdue.pk].delay_days) == (Outcome.OVERDUE, 10)
    assert found[pending.pk].outcome == Outcome.PENDING

    figures = promise_figures("همه", found.values())
    assert (figures.total, figures.due, figures.pending) == (6, 5, 1)
    assert figures.on_time_rate_pct == 20.0
    assert figures.median_delay_days == 1.5  # median of 0 and 3 days


def test_a_completion_met_late_reports_its_delay_and_the_credit_at_completion(city_a):
    scene = Scene(city_a, wave_day=TODAY - dt.timedelta(days=400))
    promised_end = TODAY - dt.timedelta(days=40)
    ground = scene.ceremony(
        "تقاطع غیرهمسطح",
        kind=CeremonyKind.GROUNDBREAKING,
        planned_end_date=promised_end,
        credit_rial=50_000_000_000,
    )
    project = ground.project
    recorded_at(project, scene.announced_at - dt.timedelta(days=100))
    project.credit_rial = 65_000_000_000  # the credit grew while the work went on
    save_at(project, at(promised_end))
    opening = CeremonyFactory(project=project, kind=CeremonyKind.INAUGURATION, latest_date=None)
    opening.status = CeremonyStatus.HELD
    opening.held_at = timezone.make_aware(
        dt.datetime.combine(promised_end + dt.timedelta(days=12), dt.time(10))
    )
    opening.save()

    promise = only(promises_of(city=city_a, today=TODAY), PromiseKind.COMPLETION)
    assert (promise.outcome, promise.delay_days) == (Outcome.LATE, 12)
    assert promise.promised_credit_rial == 50_000_000_000
    assert promise.credit_changed
    assert promise.final_credit_rial == 65_000_000_000


def test_a_project_completed_by_status_change_counts_from_that_day(city_a):
    scene = Scene(city_a)
    ground = scene.ceremony(
        "کتابخانه",
        kind=CeremonyKind.GROUNDBREAKING,
        planned_end_date=timezone.localdate() + dt.timedelta(days=30),
    )
    project = ground.project
    project.status = ProjectStatus.COMPLETION
    project.save()
    promise = only(promises_of(city=city_a), PromiseKind.COMPLETION)
    assert (promise.outcome, promise.delay_days) == (Outcome.ON_TIME, 0)
    assert promise.outcome_date == timezone.localdate()


def test_draft_waves_hidden_projects_and_hidden_cities_promise_nothing(client, city_a):
    scene = Scene(city_a)
    draft = WaveFactory(programme=scene.programme, number=9, status=WaveStatus.DRAFT)
    scene.ceremony("پیش‌نویس", wave=draft)
    scene.ceremony("پنهان", is_public=False)
    shown = scene.ceremony("آشکار")
    assert [p.ceremony_id for p in promises_of(city=city_a, today=TODAY)] == [shown.pk]
    city_a.is_public = False
    city_a.save()
    assert promises_of(city=city_a, today=TODAY) == []
    cache.clear()
    response = client.get(reverse("portal:promises", kwargs={"city": city_a.slug}))
    assert response.status_code == 404


def test_the_page_groups_by_programme_district_and_sector_in_persian(client, city_a):
    scene = Scene(city_a)
    for index in range(3):
        scene.ceremony(f"پروژه {index}")
    data = city_promises(city=city_a, today=TODAY)
    assert [f.label for f in data.by_programme] == ["جهش عمرانی"]
    assert [f.label for f in data.by_district] == ["منطقه سه"]
    assert [f.label for f in data.by_sector] == ["راه و ترابری"]
    assert data.overall.overdue == 3
    response = client.get(reverse("portal:promises", kwargs={"city": city_a.slug}))
    text = response.content.decode()
    assert "آنچه گفتیم، آنچه شد" in text
    assert 'role="img"' in text  # the charts
    assert "۰٪" in text
    home = client.get(reverse("portal:home", kwargs={"city": city_a.slug})).content.decode()
    assert reverse("portal:promises", kwargs={"city": city_a.slug}) in home


def count_queries(client, url):
    from jahesh.portal import versions

    record()
    cache.clear()
    versions.forget()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_however_many_promises(client, city_a):
    scene = Scene(city_a)
    scene.ceremony("یک", kind=CeremonyKind.GROUNDBREAKING, planned_end_date=TODAY)
    called_off = scene.ceremony("دو")
    called_off.status = CeremonyStatus.CANCELLED
    called_off.save()
    url = reverse("portal:promises", kwargs={"city": city_a.slug})
    before = count_queries(client, url)
    for index in range(6):
        c = scene.ceremony(
            f"افزوده {index}", kind=CeremonyKind.GROUNDBREAKING, planned_end_date=TODAY
        )
        c.status = CeremonyStatus.CANCELLED if index % 2 else CeremonyStatus.POSTPONED
        c.save()
        scene.ceremony(f"گشایش {index}")
    after = count_queries(client, url)
    assert after == before
    assert after <= 12, after


def test_open_data_carries_promises_and_outcomes_as_csv_and_json(client, city_a):
    scene = Scene(city_a)
    scene.ceremony("پل", kind=CeremonyKind.GROUNDBREAKING, planned_end_date=dt.date(2026, 1, 1))
    record()
    response = client.get(reverse("opendata:promises_csv", kwargs={"city": city_a.slug}))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["kind"] for r in rows} == {"ceremony", "completion"}
    completion = next(r for r in rows if r["kind"] == "completion")
    assert completion["promised_date"] == "2026-01-01"
    assert completion["outcome"] == "overdue"
    assert int(completion["delay_days"]) > 0
    response = client.get(reverse("opendata:promises_json", kwargs={"city": city_a.slug}))
    document = json.loads(b"".join(response.streaming_content))
    assert document["municipality"] == city_a.slug
    assert document["figures"]["overall"]["total"] == 2
    assert len(document["promises"]) == 2
    index = client.get(reverse("opendata:index", kwargs={"city": city_a.slug})).content.decode()
    assert reverse("opendata:promises_csv", kwargs={"city": city_a.slug}) in index


def test_open_data_of_a_hidden_city_is_not_found(client, city_a):
    city_a.is_public = False
    city_a.save()
    response = client.get(reverse("opendata:promises_csv", kwargs={"city": city_a.slug}))
    assert response.status_code == 404


def test_the_comparison_page_gives_each_city_its_promise_figures(client, city_a, city_b):
    Scene(city_a).ceremony("یک")
    Scene(city_b)
    record()
    text = client.get(reverse("portal:members")).content.decode()
    assert "آنچه گفتیم، آنچه شد" in text
    assert reverse("portal:promises", kwargs={"city": city_a.slug}) in text


def test_the_api_answers_a_citys_promises_with_filters_and_a_304(client, city_a):
    scene = Scene(city_a)
    scene.ceremony("پل", kind=CeremonyKind.GROUNDBREAKING, planned_end_date=dt.date(2026, 1, 1))
    scene.ceremony("بوستان")
    record()
    response = client.get("/api/v1/promises", {"municipality": city_a.slug})
    assert response.status_code == 200
    answer = response.json()
    assert answer["count"] == 3
    assert answer["figures"]["overall"]["total"] == 3
    completion = next(r for r in answer["results"] if r["kind"] == "completion")
    assert completion["promised_date"] == "2026-01-01"
    assert completion["promised_date_jalali"] == persian.format_jalali(dt.date(2026, 1, 1), "short")
    only_completions = client.get(
        "/api/v1/promises", {"municipality": city_a.slug, "kind": "completion"}
    ).json()
    assert [r["kind"] for r in only_completions["results"]] == ["completion"]
    again = client.get(
        "/api/v1/promises",
        {"municipality": city_a.slug},
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304


def test_the_api_refuses_an_unknown_city_and_a_bad_outcome_in_persian(client, city_a):
    missing = client.get("/api/v1/promises", {"municipality": "nowhere"})
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/problem+json")
    assert "شهرداری" in missing.json()["detail"]
    bad = client.get("/api/v1/promises", {"municipality": city_a.slug, "outcome": "kept"})
    assert bad.status_code == 422
    assert client.get("/api/v1/promises").status_code == 422  # no city named


def test_the_comparison_costs_the_same_queries_however_many_cities(client, city_a, city_b):
    Scene(city_a).ceremony("یک", kind=CeremonyKind.GROUNDBREAKING, planned_end_date=TODAY)
    url = reverse("portal:members")
    before = count_queries(client, url)
    for slug in ("city-c", "city-d"):
        from tests.registry.factories import MunicipalityFactory

        scene = Scene(MunicipalityFactory(slug=slug))
        scene.ceremony("دو", kind=CeremonyKind.GROUNDBREAKING, planned_end_date=TODAY)
    assert count_queries(client, url) == before


def _grouped_afresh(promises, keys, order=None):
    """The figures of each group counted in Python over the promises computed afresh: what
    the database's counts over the stored outcomes must give."""
    groups = {}
    for p in promises:
        for key in keys(p):
            groups.setdefault(key, []).append(p)
    return [
        promise_figures(str(key[1] if isinstance(key, tuple) else key), groups[key])
        for key in sorted(groups, key=order)
    ]


def test_the_stored_outcomes_and_figures_agree_with_the_rule_computed_afresh(city_a):
    """One rule, two uses: what the refresh stored (read with its figures counted by the
    database) is what the rule gives when computed now, promise by promise and figure by
    figure, for a scene with every outcome, two districts, several sectors and none."""
    scene = Scene(city_a, wave_day=TODAY - dt.timedelta(days=60))
    other = DistrictFactory(municipality=city_a, number=4, name="منطقه چهار")
    parks = SectorFactory(municipality=city_a, code="parks", name="فضای سبز")
    noon = dt.time(12)
    tehran = timezone.get_current_timezone()
    made = []
    for index in range(12):
        kind = CeremonyKind.GROUNDBREAKING if index % 3 == 0 else CeremonyKind.INAUGURATION
        extra = {"planned_end_date": TODAY - dt.timedelta(days=10 - index * 3)}
        made.append(scene.ceremony(f"پروژهٔ {index}", kind=kind, **extra))
    moved = made[9].project  # its end moved after the announcement: a change shown
    recorded_at(moved, scene.announced_at - dt.timedelta(days=100))
    moved.planned_end_date += dt.timedelta(days=30)
    save_at(moved, at(scene.wave_day))
    for index, ceremony in enumerate(made):
        project = ceremony.project
        if index % 4 == 1:
            project.district = other
            project.sectors.set([scene.sector, parks])
        elif index % 4 == 2:
            project.district = None
            project.sectors.set([])
        if index in (0, 3):
            project.status = ProjectStatus.COMPLETION
        if index == 6:
            project.status = ProjectStatus.CANCELLED
        project.save()
        late = 0 if index in (1, 8) else index % 5
        if index % 6 in (1, 2):
            ceremony.status = CeremonyStatus.HELD
            day = scene.wave_day + dt.timedelta(days=late)
            ceremony.held_at = dt.datetime.combine(day, noon, tzinfo=tehran)
        elif index == 4:
            ceremony.status = CeremonyStatus.CANCELLED
        elif index == 5:
            ceremony.status = CeremonyStatus.POSTPONED
            ceremony.ready_from = TODAY + dt.timedelta(days=9)
        ceremony.save()
    record()  # the backfill writes the promises and stores their outcomes

    stored = selector.promises_of(city=city_a, today=TODAY)
    afresh = selector.promises_computed(city=city_a, today=TODAY)
    assert len(stored) == len(afresh) > 12
    assert stored == afresh
    assert {p.outcome for p in stored} >= {
        Outcome.ON_TIME,
        Outcome.LATE,
        Outcome.OVERDUE,
        Outcome.POSTPONED,
        Outcome.CANCELLED,
        Outcome.PENDING,
    }

    data = selector.city_promises(city=city_a, today=TODAY)
    assert list(data.promises) == afresh
    assert data.overall == promise_figures("همه وعده‌ها", afresh)
    assert data.by_kind == [
        promise_figures(kind.label, [p for p in afresh if p.kind == kind]) for kind in PromiseKind
    ]
    assert data.by_programme == _grouped_afresh(afresh, lambda p: [p.programme_name])
    assert data.by_district == _grouped_afresh(
        afresh, lambda p: [(p.district_number or 0, p.district_name or selector.NO_DISTRICT)]
    )
    assert data.by_sector == _grouped_afresh(afresh, lambda p: list(p.sectors) or ["بی‌حوزه"])
    overdue = sorted(
        (p for p in afresh if p.outcome == Outcome.OVERDUE),
        key=lambda p: (-(p.delay_days or 0), p.project_code, p.kind),
    )
    assert data.overdue == overdue
    assert data.overdue_total == len(overdue) > 0
    changed = [p for p in afresh if p.date_changed or p.credit_changed]
    assert data.changed == changed
    assert data.changed_total == len(changed) > 0
    assert selector.city_promise_figures(cities=[city_a], today=TODAY) == {
        city_a.pk: promise_figures(city_a.name, afresh)
    }
