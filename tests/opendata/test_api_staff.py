"""The staff API: tokens (hashed, scoped, expiring, revocable), writes through the registry's
services, idempotency keys, ceremony outcomes, import jobs through the queue, per-token limits.
Tokens of city A never touch city B."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from jahesh.opendata.api.imports import stale_jobs_fail
from jahesh.opendata.api.tokens import IssuedToken, api_token_create, api_token_revoke
from jahesh.opendata.models import ApiImportJob, ApiToken, ImportJobStatus
from jahesh.opendata.tasks import api_import_stale_task
from jahesh.registry.models import Ceremony, CeremonyStatus, Municipality, Project, Role
from tests.opendata.api_scene import API, fresh_validators
from tests.registry.factories import (
    CeremonyFactory,
    DistrictFactory,
    ProjectFactory,
    SectorFactory,
)
from tests.registry.spreadsheets import HEADERS, row, xlsx_bytes

pytestmark = pytest.mark.django_db
__all__ = ["fresh_validators"]


def issue(city: Municipality, admin: Any, scope: str = "write", kind: str = "service") -> str:
    return api_token_create(
        by=admin, municipality=city, name="سامانه کنترل پروژه", kind=kind, scope=scope
    ).secret


def call(
    client: Client, method: str, path: str, token: str | None, body: Any = None, **headers: Any
) -> Any:
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    extra.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
    send = getattr(client, method.lower())
    if body is None:
        return send(f"{API}{path}", **extra)
    return send(f"{API}{path}", json.dumps(body), content_type="application/json", **extra)


@pytest.fixture
def scene(city_a: Municipality, city_b: Municipality, member_of: Any) -> dict[str, Any]:
    admin_a = member_of(city_a, Role.ADMIN)
    admin_b = member_of(city_b, Role.ADMIN)
    SectorFactory(municipality=city_a, code="roads", name="راه و معابر")
    DistrictFactory(municipality=city_a, number=2, name="منطقه ۲")
    return {
        "admin_a": admin_a,
        "admin_b": admin_b,
        "write_a": issue(city_a, admin_a),
        "read_a": issue(city_a, admin_a, scope="read"),
        "write_b": issue(city_b, admin_b),
        "project_b": ProjectFactory(municipality=city_b, code="B-1", is_public=False),
    }


def test_a_token_is_stored_only_as_its_hash_and_shown_once(city_a, member_of):
    admin = member_of(city_a, Role.ADMIN)
    issued: IssuedToken = api_token_create(
        by=admin, municipality=city_a, name="کلید", kind="personal", scope="read"
    )
    row = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.secret.startswith(f"jhs_{row.prefix}_")
    assert row.secret_sha256 == hashlib.sha256(issued.secret.encode()).hexdigest()
    stored = json.dumps(list(ApiToken.objects.values()), default=str)
    assert issued.secret not in stored
    assert row.user == admin


def test_only_a_city_admin_makes_tokens_of_the_city(city_a, city_b, member_of):
    from jahesh.core.errors import PermissionDeniedError

    editor = member_of(city_a, Role.EDITOR)
    admin_b = member_of(city_b, Role.ADMIN)
    for who in (editor, admin_b):
        with pytest.raises(PermissionDeniedError):
            api_token_create(by=who, municipality=city_a, name="x", kind="service", scope="read")


def test_a_service_token_acts_as_its_own_editor_of_the_city_only(scene, city_a, city_b):
    token = ApiToken.objects.get(municipality=city_a, scope="write", kind="service")
    assert token.user.username == f"api-{token.prefix}"
    assert not token.user.has_usable_password()
    assert list(token.user.memberships.values_list("municipality__slug", "role")) == [
        ("city-a", "editor")
    ]


def test_requests_without_a_good_token_get_401_problems(client, scene):
    bad = scene["write_a"][:-2] + "xx"
    for token in (None, bad, "jhs_nothing", "not-a-token"):
        response = call(client, "GET", "/staff/token", token)
        assert response.status_code == 401
        assert response["Content-Type"].startswith("application/problem+json")
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert "کلید API" in response.json()["detail"]


def test_a_token_names_its_city_and_records_its_last_use(client, scene):
    response = call(client, "GET", "/staff/token", scene["read_a"])
    assert response.status_code == 200
    body = response.json()
    assert (body["municipality"], body["scope"]) == ("city-a", "read")
    assert ApiToken.objects.get(prefix=body["id"]).last_used_at is not None


def test_expired_and_revoked_tokens_are_refused(client, city_a, member_of):
    admin = member_of(city_a, Role.ADMIN)
    expired = api_token_create(
        by=admin,
        municipality=city_a,
        name="کهنه",
        kind="service",
        scope="read",
        days=1,
        now=timezone.now() - dt.timedelta(days=2),
    )
    assert call(client, "GET", "/staff/token", expired.secret).status_code == 401
    live = api_token_create(
        by=admin, municipality=city_a, name="زنده", kind="service", scope="read"
    )
    assert call(client, "GET", "/staff/token", live.secret).status_code == 200
    api_token_revoke(by=admin, token=live.token)
    assert call(client, "GET", "/staff/token", live.secret).status_code == 401


def test_a_read_token_cannot_write(client, scene):
    response = call(
        client, "POST", "/staff/projects", scene["read_a"], {"code": "A-1", "title": "پل"}
    )
    assert response.status_code == 403
    assert "فقط برای خواندن" in response.json()["detail"]
    assert not Project.objects.filter(code="A-1").exists()


def test_a_write_token_creates_a_project_with_the_registry_rules(client, scene, city_a):
    body = {
        "code": "A-1",
        "title": "پل  غدير",
        "sectors": ["roads"],
        "district": 2,
        "credit_rial": 1_810_000_000_000,
        "start_date": "۱۴۰۱/۱۱/۱۳",
        "latitude": 29.61,
        "longitude": 52.53,
    }
    response = call(client, "POST", "/staff/projects", scene["write_a"], body)
    assert response.status_code == 201, response.content
    made = response.json()
    project = Project.objects.get(pk=made["id"])
    # Normalised on the way in (Arabic yeh, doubled space) by the registry's service.
    assert project.title == "پل غدیر"
    assert project.municipality == city_a
    assert project.start_date == dt.date(2023, 2, 2)
    assert made["sectors"] == ["roads"]
    assert made["district_name"] == "منطقه ۲"
    assert (
        project.history.first().history_user
        == ApiToken.objects.get(municipality=city_a, scope="write").user
    )


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"code": "A-2", "title": "", "credit_rial": 1}, "title", "عنوان پروژه را بنویسید"),
        (
            {"code": "A-2", "title": "پل", "physical_progress_pct": 101},
            "physical_progress_pct",
            "پیشرفت فیزیکی باید از ۰ تا ۱۰۰",
        ),
        ({"code": "A-2", "title": "پل", "credit_rial": -5}, "credit_rial", "اعتبار (ریال)"),
        ({"code": "A-2", "title": "پل", "status": "built"}, "status", "شناخته نیست"),
        (
            {"code": "A-2", "title": "پل", "sectors": ["parks"]},
            "sectors",
            "«parks» در این شهرداری نیست",
        ),
        ({"code": "A-2", "title": "پل", "district": 9}, "district", "منطقه‌ای با این شماره"),
        ({"code": "A-2", "title": "پل", "start_date": "1402/13/40"}, "start_date", "start_date"),
        ({"code": "A-2", "title": "پل", "latitude": 29.6}, "longitude", "با هم بنویسید"),
    ],
)
def test_bad_values_get_the_services_persian_sentence_and_nothing_is_written(
    client, scene, body, field, words
):
    response = call(client, "POST", "/staff/projects", scene["write_a"], body)
    assert response.status_code == 400, response.content
    problem = response.json()
    assert response["Content-Type"].startswith("application/problem+json")
    assert words in problem["detail"]
    assert problem["errors"][0]["parameter"] == field
    assert not Project.objects.filter(code="A-2").exists()


def test_unknown_fields_and_wrong_types_are_refused_by_name(client, scene):
    response = call(
        client,
        "POST",
        "/staff/projects",
        scene["write_a"],
        {"code": "A", "title": "x", "slug": "y"},
    )
    assert response.status_code == 422
    assert "slug" in response.json()["detail"]
    response = call(
        client, "POST", "/staff/projects", scene["write_a"], {"code": "A", "title": "x\x00"}
    )
    assert response.status_code == 422


def test_a_token_of_city_a_never_touches_city_b(client, scene, city_b):
    project_b = scene["project_b"]
    ceremony_b = CeremonyFactory(project=project_b)
    token = scene["write_a"]
    assert call(client, "GET", f"/staff/projects/{project_b.pk}", token).status_code == 404
    response = call(client, "PATCH", f"/staff/projects/{project_b.pk}", token, {"title": "ربوده"})
    assert response.status_code == 404
    assert "شهرداری این کلید" in response.json()["detail"]
    response = call(
        client, "POST", "/staff/ceremonies", token,
        {"project": project_b.pk, "kind": "inauguration", "ready_from": "2025-01-01"},
    )  # fmt: skip
    assert response.status_code == 404
    response = call(
        client,
        "POST",
        f"/staff/ceremonies/{ceremony_b.pk}/outcome",
        token,
        {"outcome": "cancelled"},
    )
    assert response.status_code == 404
    project_b.refresh_from_db()
    ceremony_b.refresh_from_db()
    assert project_b.title != "ربوده"
    assert ceremony_b.status == CeremonyStatus.PROPOSED
    assert Ceremony.objects.filter(project=project_b).count() == 1
    # The same holds for a personal token of a superuser: the token's city bounds it.
    from tests.registry.factories import UserFactory

    root = UserFactory(is_superuser=True)
    personal = api_token_create(
        by=root, municipality=scene["project_b"].municipality.__class__.objects.get(slug="city-a"),
        name="ریشه", kind="personal", scope="write",
    ).secret  # fmt: skip
    response = call(client, "PATCH", f"/staff/projects/{project_b.pk}", personal, {"title": "x"})
    assert response.status_code == 404


def test_a_personal_token_keeps_to_its_owners_role(client, city_a, member_of):
    admin = member_of(city_a, Role.ADMIN)
    personal = api_token_create(
        by=admin, municipality=city_a, name="من", kind="personal", scope="write"
    )
    membership = admin.memberships.get()
    membership.role = Role.VIEWER
    membership.save()
    response = call(
        client, "POST", "/staff/projects", personal.secret, {"code": "A-9", "title": "پل"}
    )
    assert response.status_code == 403
    assert not Project.objects.filter(code="A-9").exists()


def test_a_project_update_changes_only_what_is_given(client, scene, city_a):
    project = ProjectFactory(municipality=city_a, code="A-5", title="پارک", credit_rial=10)
    response = call(
        client, "PATCH", f"/staff/projects/{project.pk}", scene["write_a"],
        {"physical_progress_pct": 95, "district": 0},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert (project.physical_progress_pct, project.district, project.credit_rial) == (95, None, 10)


def test_the_same_idempotency_key_and_body_give_the_first_answer(client, scene):
    body = {"code": "A-7", "title": "کتابخانه"}
    first = call(client, "POST", "/staff/projects", scene["write_a"], body, idempotency_key="k-1")
    again = call(
        client, "POST", "/staff/projects", scene["write_a"], dict(reversed(body.items())),
        idempotency_key="k-1",
    )  # fmt: skip
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Project.objects.filter(code="A-7").count() == 1


def test_the_same_idempotency_key_with_another_body_is_refused(client, scene):
    call(
        client,
        "POST",
        "/staff/projects",
        scene["write_a"],
        {"code": "A-8", "title": "x"},
        idempotency_key="k-2",
    )
    other = call(
        client, "POST", "/staff/projects", scene["write_a"], {"code": "A-80", "title": "x"},
        idempotency_key="k-2",
    )  # fmt: skip
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]
    assert not Project.objects.filter(code="A-80").exists()


def test_a_refused_request_is_not_remembered_under_its_key(client, scene):
    bad = call(
        client,
        "POST",
        "/staff/projects",
        scene["write_a"],
        {"code": "A-3", "title": ""},
        idempotency_key="k-3",
    )
    assert bad.status_code == 400
    good = call(
        client,
        "POST",
        "/staff/projects",
        scene["write_a"],
        {"code": "A-3", "title": "پل"},
        idempotency_key="k-3",
    )
    assert good.status_code == 201


def test_idempotency_keys_belong_to_their_token(client, scene):
    body = {"code": "K-1", "title": "x"}
    assert (
        call(
            client, "POST", "/staff/projects", scene["write_a"], body, idempotency_key="k"
        ).status_code
        == 201
    )
    assert (
        call(
            client, "POST", "/staff/projects", scene["write_b"], body, idempotency_key="k"
        ).status_code
        == 201
    )
    assert Project.objects.filter(code="K-1").count() == 2


def test_a_ceremony_is_created_and_its_outcomes_reported(client, scene, city_a):
    project = ProjectFactory(municipality=city_a, code="A-11")
    token = scene["write_a"]
    response = call(
        client, "POST", "/staff/ceremonies", token,
        {"project": project.pk, "kind": "inauguration", "ready_from": "1404/01/20",
         "venue": "ميدان"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["ready_from"] == "2025-04-09"
    assert made["venue"] == "میدان"
    path = f"/staff/ceremonies/{made['id']}/outcome"
    response = call(client, "POST", path, token, {"outcome": "postponed"})
    assert response.status_code == 400
    assert "new_date" in response.json()["detail"]
    response = call(client, "POST", path, token, {"outcome": "postponed", "new_date": "2025-09-01"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "postponed"
    assert response.json()["ready_from"] == "2025-09-01"
    response = call(
        client, "POST", path, token, {"outcome": "held", "held_at": "2025-09-01T10:00:00+03:30"}
    )
    assert response.status_code == 200
    assert Ceremony.objects.get(pk=made["id"]).held_at == dt.datetime(
        2025, 9, 1, 6, 30, tzinfo=dt.UTC
    )
    response = call(client, "POST", path, token, {"outcome": "cancelled"})
    assert response.status_code == 400
    assert "برگزار شده" in response.json()["detail"]


def test_a_ceremony_cannot_be_reported_held_in_the_future(client, scene, city_a):
    ceremony = CeremonyFactory(project=ProjectFactory(municipality=city_a))
    later = (timezone.now() + dt.timedelta(days=3)).isoformat()
    response = call(
        client, "POST", f"/staff/ceremonies/{ceremony.pk}/outcome", scene["write_a"],
        {"outcome": "held", "held_at": later},
    )  # fmt: skip
    assert response.status_code == 400
    ceremony.refresh_from_db()
    assert ceremony.status == CeremonyStatus.PROPOSED


@pytest.fixture
def upload(client: Client, django_capture_on_commit_callbacks: Any, job_queue: Any) -> Any:
    """Send a file as a client would; the job is queued when the request's transaction commits
    and the test's queue runs it at once."""

    def send(token: str, data: bytes, **form: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"{API}/staff/imports",
                {"file": SimpleUploadedFile("projects.xlsx", data), **form},
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )

    return send


def test_an_import_file_is_run_by_the_queue_and_polled(client, scene, city_a, upload):
    data = xlsx_bytes(
        [HEADERS, row(code="I-1", title="پل یک", sectors="راه و معابر", district="2")]
    )
    response = upload(scene["write_a"], data)
    assert response.status_code == 202, response.content
    job = response.json()
    assert response["Location"].endswith(f"/staff/imports/{job['id']}")
    polled = call(client, "GET", f"/staff/imports/{job['id']}", scene["read_a"]).json()
    assert polled["status"] == "done", polled
    assert polled["created"] == 1
    assert polled["rows"][0]["code"] == "I-1"
    assert Project.objects.filter(municipality=city_a, code="I-1").exists()
    stored = ApiImportJob.objects.get(pk=job["id"])
    assert stored.data == b""
    assert stored.started_at is not None
    assert stored.started_at <= stored.finished_at
    # Another city's token cannot see the job.
    assert call(client, "GET", f"/staff/imports/{job['id']}", scene["write_b"]).status_code == 404


def test_a_rejected_import_lists_each_rows_problem_and_writes_nothing(
    client, scene, city_a, upload
):
    data = xlsx_bytes([HEADERS, row(code="I-2", title="پل", progress="140")])
    job = upload(scene["write_a"], data).json()
    polled = call(client, "GET", f"/staff/imports/{job['id']}", scene["write_a"]).json()
    assert polled["status"] == ImportJobStatus.REJECTED
    assert polled["problems"][0]["row"] == 2
    assert "ردیف" in polled["problems"][0]["message"]
    assert not Project.objects.filter(code="I-2").exists()


def _running_job(city: Municipality, user: Any, minutes_ago: int) -> ApiImportJob:
    """A job a worker took ``minutes_ago`` and has not finished."""
    return ApiImportJob.objects.create(
        municipality=city,
        user=user,
        file_name="projects.xlsx",
        data=b"PK...",
        status=ImportJobStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


def test_a_job_whose_worker_died_is_failed_when_polled_and_by_the_periodic_task(
    client, scene, city_a, city_b
):
    dead = _running_job(city_a, scene["admin_a"], 31)
    busy = _running_job(city_a, scene["admin_a"], 5)
    polled = call(client, "GET", f"/staff/imports/{dead.pk}", scene["read_a"]).json()
    assert polled["status"] == "failed"
    assert polled["status_label"] == "خطای سامانه"
    assert "هیچ پروژه‌ای از این فایل ذخیره نشد" in polled["summary"]
    assert "دوباره بفرستید" in polled["summary"]
    assert polled["finished_at"] is not None
    assert ApiImportJob.objects.get(pk=dead.pk).data == b""
    # A job inside the deadline is still running, on poll and after the periodic task.
    assert call(client, "GET", f"/staff/imports/{busy.pk}", scene["read_a"]).json()["status"] == (
        "running"
    )
    unpolled = _running_job(city_b, scene["admin_b"], 45)
    api_import_stale_task.call_local()
    assert ApiImportJob.objects.get(pk=unpolled.pk).status == ImportJobStatus.FAILED
    assert ApiImportJob.objects.get(pk=busy.pk).status == ImportJobStatus.RUNNING
    assert stale_jobs_fail() == 0


def test_an_empty_import_file_is_refused_at_once(client, scene, upload):
    response = upload(scene["write_a"], b"")
    assert response.status_code == 400
    assert "خالی" in response.json()["detail"]


@override_settings(API_TOKEN_RATE_LIMIT=2, API_TOKEN_RATE_WINDOW_S=60)
def test_each_token_has_its_own_rate_limit(client, scene):
    for _ in range(2):
        assert call(client, "GET", "/staff/token", scene["read_a"]).status_code == 200
    over = call(client, "GET", "/staff/token", scene["read_a"])
    assert over.status_code == 429
    assert 1 <= int(over["Retry-After"]) <= 60
    assert "این کلید" in over.json()["detail"]
    assert call(client, "GET", "/staff/token", scene["write_a"]).status_code == 200


def test_a_city_admin_makes_a_token_on_the_staff_page_and_sees_it_once(client, city_a, member_of):
    admin = member_of(city_a, Role.ADMIN)
    client.force_login(admin)
    page = f"/staff/api-tokens/{city_a.slug}/"
    assert client.get(page).status_code == 200
    made = client.post(page, {"name": "GIS شهر", "kind": "service", "scope": "read", "days": "۳۰"})
    assert made.status_code == 200
    assert made["Cache-Control"] == "no-store"
    secret = made.context["issued"].secret
    assert secret in made.content.decode()
    token = ApiToken.objects.get(municipality=city_a)
    assert token.expires_at - token.created_at == dt.timedelta(days=30)
    later = client.get(page).content.decode()
    assert secret not in later
    assert token.prefix in later
    assert call(client, "GET", "/staff/token", secret).status_code == 200
    client.post(page, {"revoke": token.prefix})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert call(client, "GET", "/staff/token", secret).status_code == 401


def test_the_city_admin_pages_link_to_the_token_pages(client, city_a, member_of):
    from django.urls import reverse

    admin = member_of(city_a, Role.ADMIN)
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    form = client.get(reverse("admin:registry_municipality_change", args=[city_a.pk]))
    assert form.status_code == 200
    city_page = f"/staff/api-tokens/{city_a.slug}/"
    assert f'href="{city_page}"' in form.content.decode()
    listed = client.get(reverse("admin:registry_municipality_changelist"))
    assert 'href="/staff/api-tokens/"' in listed.content.decode()
    # An admin of one city is taken from the list of cities straight to its page.
    assert client.get("/staff/api-tokens/")["Location"] == city_page
    assert client.get(city_page).status_code == 200


def test_the_token_page_refuses_bad_input_and_strangers(client, city_a, city_b, member_of):
    admin = member_of(city_a, Role.ADMIN)
    client.force_login(admin)
    page = f"/staff/api-tokens/{city_a.slug}/"
    bad = client.post(page, {"name": "x", "kind": "service", "scope": "all", "days": "30"})
    assert bad.status_code == 400
    assert "دسترسی کلید" in bad.content.decode()
    too_long = client.post(page, {"name": "x", "kind": "service", "scope": "read", "days": "9999"})
    assert too_long.status_code == 400
    assert not ApiToken.objects.exists()
    # An admin of city A is a stranger to city B's page; an editor of A may not manage tokens.
    assert client.get(f"/staff/api-tokens/{city_b.slug}/").status_code == 404
    client.force_login(member_of(city_a, Role.EDITOR))
    assert client.get(page).status_code == 404


def test_the_command_makes_lists_and_revokes_tokens(client, city_a, member_of):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out, err = StringIO(), StringIO()
    call_command(
        "apitoken", "create", "--municipality", "city-a", "--name", "GIS", "--scope", "read",
        stdout=out, stderr=err,
    )  # fmt: skip
    secret = out.getvalue().strip()
    assert call(client, "GET", "/staff/token", secret).json()["municipality"] == "city-a"
    assert "یک بار" in err.getvalue()
    owner = member_of(city_a, Role.EDITOR, username="ali")
    out = StringIO()
    call_command(
        "apitoken", "create", "--municipality", "city-a", "--name", "من", "--kind", "personal",
        "--user", "ali", "--scope", "write", stdout=out, stderr=StringIO(),
    )  # fmt: skip
    assert ApiToken.objects.get(kind="personal").user == owner
    listing = StringIO()
    call_command("apitoken", "list", "--municipality", "city-a", stdout=listing)
    prefix = secret.split("_")[1]
    assert prefix in listing.getvalue()
    assert secret not in listing.getvalue()
    call_command("apitoken", "revoke", prefix, stdout=StringIO())
    assert call(client, "GET", "/staff/token", secret).status_code == 401
    with pytest.raises(CommandError, match="نیست"):
        call_command(
            "apitoken", "create", "--municipality", "city-a", "--name", "x", "--kind",
            "personal", "--user", "nobody-here", "--scope", "read",
        )  # fmt: skip


def test_an_import_file_over_the_limit_is_refused_before_it_is_read(
    client, scene, upload, monkeypatch
):
    from jahesh.opendata.api import staff

    monkeypatch.setattr(staff, "MAX_FILE_BYTES", 10)
    response = upload(scene["write_a"], b"x" * 11)
    assert response.status_code == 413
    assert "مگابایت" in response.json()["detail"]
    assert not ApiImportJob.objects.exists()
