"""The admin keeps the rule «the latest progress update is the project's progress»: once a
project has updates its percentage is read-only there, in the change form and in a revert from
its history, and progress updates have no admin pages to edit or delete them past
``registry.progress`` (the timeline page and the progress import go through it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse

from jahesh.registry.models import ProgressUpdate, Project, ProjectStatus, Role
from jahesh.registry.progress import progress_update_record
from tests.registry.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, city_a, member_of):
    user = member_of(city_a, Role.ADMIN, username="admin-a")
    user.is_staff = True
    user.save()
    client.force_login(user)
    client.user = user
    return client


def _post_of(page):
    """The change form as it came, ready to post back."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name)
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif name in ("start_date", "planned_end_date"):
            data[name] = field.widget.format_value(value) or ""
        else:
            data[name] = getattr(value, "pk", value)
    data["is_public"] = "on"
    return data


@pytest.fixture
def reported(city_a, admin_client):
    project = ProjectFactory(
        municipality=city_a,
        code="P-1",
        status=ProjectStatus.IMPLEMENTATION,
        physical_progress_pct=10,
    )
    progress_update_record(
        by=admin_client.user,
        project=project,
        reported_on=dt.date(2024, 5, 1),
        physical_progress_pct=40,
        today=dt.date(2024, 6, 1),
    )
    project.refresh_from_db()
    assert project.physical_progress_pct == 40
    return project


def test_a_project_with_updates_keeps_the_latest_updates_progress_when_edited_in_the_admin(
    admin_client, reported
):
    url = reverse("admin:registry_project_change", args=[reported.pk])
    page = admin_client.get(url)
    assert "physical_progress_pct" not in page.context["adminform"].form.fields
    post = _post_of(page)
    post.update(title="عنوان تازه", physical_progress_pct="95")
    response = admin_client.post(url, post)
    assert response.status_code == 302, response.context["adminform"].form.errors
    reported.refresh_from_db()
    assert (reported.title, reported.physical_progress_pct) == ("عنوان تازه", 40)


def test_reverting_a_project_from_its_history_keeps_the_latest_updates_progress(
    admin_client, reported
):
    first = reported.history.order_by("history_date").first()
    assert first.physical_progress_pct == 10
    url = reverse("admin:registry_project_simple_history", args=[reported.pk, first.history_id])
    page = admin_client.get(url)
    assert page.status_code == 200
    response = admin_client.post(url, {**_post_of(page), "physical_progress_pct": "10"})
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.physical_progress_pct == 40


def test_a_project_without_updates_still_takes_its_progress_in_the_admin(admin_client, city_a):
    project = ProjectFactory(municipality=city_a, code="P-2", physical_progress_pct=5)
    url = reverse("admin:registry_project_change", args=[project.pk])
    post = _post_of(admin_client.get(url))
    post["physical_progress_pct"] = "30"
    response = admin_client.post(url, post)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Project.objects.get(pk=project.pk).physical_progress_pct == 30


def test_the_admin_has_no_page_to_edit_or_delete_a_progress_update(admin_client, reported):
    update = ProgressUpdate.objects.get(project=reported)
    for action, args in (("changelist", []), ("change", [update.pk]), ("delete", [update.pk])):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:registry_progressupdate_{action}", args=args)
    for path in (
        "/admin/registry/progressupdate/",
        f"/admin/registry/progressupdate/{update.pk}/change/",
        f"/admin/registry/progressupdate/{update.pk}/delete/",
    ):
        assert admin_client.get(path).status_code == 404
        assert admin_client.post(path, {"post": "yes"}).status_code == 404
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()
    # Deleting the whole project (the admin's bulk action, through ``project_delete``) takes
    # its updates with it: no progress is left to recompute.
    response = admin_client.post(
        reverse("admin:registry_project_changelist"),
        {"action": "delete_selected", "_selected_action": [reported.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Project.objects.filter(pk=reported.pk).exists()
    assert not ProgressUpdate.objects.filter(pk=update.pk).exists()
