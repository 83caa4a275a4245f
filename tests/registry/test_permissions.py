"""Who may do what: the role ladder, per city, for members, other cities' members, outsiders."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from jahesh.registry import permissions as perms
from jahesh.registry.models import Role
from tests.registry.factories import CeremonyFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_role_of_gives_the_members_role_in_that_city_only(city_a, city_b, member_of):
    planner = member_of(city_a, Role.PLANNER)
    assert perms.role_of(planner, city_a) == Role.PLANNER
    assert perms.role_of(planner, city_b) is None


def test_role_of_is_none_for_outsiders_anonymous_and_inactive_users(city_a, outsider, member_of):
    inactive = member_of(city_a, Role.ADMIN)
    inactive.is_active = False
    inactive.save()
    assert perms.role_of(outsider, city_a) is None
    assert perms.role_of(AnonymousUser(), city_a) is None
    assert perms.role_of(inactive, city_a) is None


def test_a_superuser_is_admin_everywhere_without_a_membership(city_a, city_b):
    root = UserFactory(username="root", is_superuser=True)
    assert perms.role_of(root, city_a) == Role.ADMIN
    assert perms.has_role(root, city_b, Role.VIEWER)
    assert perms.can_manage_memberships(root, city_b)


def test_has_role_matches_only_the_roles_named(city_a, member_of):
    editor = member_of(city_a, Role.EDITOR)
    assert perms.has_role(editor, city_a, Role.EDITOR, Role.ADMIN)
    assert not perms.has_role(editor, city_a, Role.PLANNER)


@pytest.mark.parametrize(
    ("capability", "lowest_role"),
    [
        (perms.can_write_articles, Role.REPORTER),
        (perms.can_approve_articles, Role.EDITOR),
        (perms.can_create_project, Role.EDITOR),
        (perms.can_manage_officials, Role.EDITOR),
        (perms.can_plan_waves, Role.PLANNER),
        (perms.can_publish, Role.PUBLISHER),
        (perms.can_manage_structure, Role.ADMIN),
        (perms.can_manage_memberships, Role.ADMIN),
        (perms.can_change_municipality, Role.ADMIN),
    ],
)
def test_each_city_capability_starts_at_its_role_and_stays_in_its_city(
    capability, lowest_role, city_a, city_b, member_of, outsider
):
    ladder = perms.ROLE_LADDER
    for role in ladder:
        user = member_of(city_a, role)
        allowed = ladder.index(role) >= ladder.index(lowest_role)
        assert capability(user, city_a) is allowed, role
        assert capability(user, city_b) is False, role
    assert capability(outsider, city_a) is False
    assert capability(AnonymousUser(), city_a) is False


def test_project_changes_need_an_editor_of_the_projects_city(city_a, city_b, member_of, outsider):
    project = ProjectFactory(municipality=city_a)
    assert perms.can_change_project(member_of(city_a, Role.EDITOR), project)
    assert not perms.can_change_project(member_of(city_a, Role.REPORTER), project)
    assert not perms.can_change_project(member_of(city_b, Role.ADMIN), project)
    assert not perms.can_change_project(outsider, project)


def test_deleting_a_project_is_for_the_city_admin_only(city_a, city_b, member_of, outsider):
    project = ProjectFactory(municipality=city_a)
    assert perms.can_delete_project(member_of(city_a, Role.ADMIN), project)
    assert not perms.can_delete_project(member_of(city_a, Role.PUBLISHER), project)
    assert not perms.can_delete_project(member_of(city_b, Role.ADMIN), project)
    assert not perms.can_delete_project(outsider, project)


def test_an_unpublished_project_is_seen_by_its_citys_members_only(
    city_a, city_b, member_of, outsider
):
    hidden = ProjectFactory(municipality=city_a, is_public=False)
    shown = ProjectFactory(municipality=city_a, is_public=True)
    assert perms.can_view_project(member_of(city_a, Role.VIEWER), hidden)
    assert not perms.can_view_project(member_of(city_b, Role.ADMIN), hidden)
    assert not perms.can_view_project(outsider, hidden)
    assert perms.can_view_project(outsider, shown)


def test_a_published_project_of_a_private_city_stays_private(city_a, member_of, outsider):
    city_a.is_public = False
    city_a.save()
    project = ProjectFactory(municipality=city_a, is_public=True)
    assert not perms.can_view_project(outsider, project)
    assert perms.can_view_project(member_of(city_a, Role.VIEWER), project)


def test_ceremonies_are_for_the_citys_staff(city_a, city_b, member_of, outsider):
    ceremony = CeremonyFactory(project=ProjectFactory(municipality=city_a))
    assert perms.can_view_ceremony(member_of(city_a, Role.VIEWER), ceremony)
    assert not perms.can_change_ceremony(member_of(city_a, Role.VIEWER), ceremony)
    assert perms.can_change_ceremony(member_of(city_a, Role.EDITOR), ceremony)
    assert not perms.can_view_ceremony(member_of(city_b, Role.ADMIN), ceremony)
    assert not perms.can_view_ceremony(outsider, ceremony)


def test_only_a_superuser_creates_cities(city_a, member_of, outsider):
    assert perms.can_create_municipality(UserFactory(username="root", is_superuser=True))
    assert not perms.can_create_municipality(member_of(city_a, Role.ADMIN))
    assert not perms.can_create_municipality(outsider)
