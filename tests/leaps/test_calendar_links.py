"""Calendar (iCalendar) links: they open without a log-in, so they must die when their owner
asks, changes password, or loses the role that let them see the agenda."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jahesh.leaps.models import CalendarKey
from jahesh.registry.models import Role


def _url(name, planned, **kwargs):
    return reverse(
        f"leaps:{name}",
        kwargs={"city": planned.programme.municipality.slug, "programme": planned.programme.slug}
        | kwargs,
    )


def _feed_link(client, planned, user) -> str:
    client.force_login(user)
    html = client.get(_url("agenda", planned, official_id=planned.mayor.pk)).content.decode()
    link = re.search(r'href="http://testserver([^"]+agenda\.ics\?token=[^"]+)"', html).group(1)
    client.logout()
    return link.replace("&amp;", "&")


def test_a_calendar_link_opens_the_feed_without_a_log_in(client, planned):
    link = _feed_link(client, planned, planned.editor)
    response = client.get(link)
    assert response.status_code == 200
    assert response.content.decode().count("BEGIN:VEVENT") == len(planned.assignments)


def test_the_agenda_page_shows_the_same_link_until_it_is_renewed(client, planned):
    assert _feed_link(client, planned, planned.editor) == _feed_link(
        client, planned, planned.editor
    )
    assert CalendarKey.objects.filter(user=planned.editor).count() == 1


def test_renewing_the_link_revokes_every_old_one(client, planned):
    old = _feed_link(client, planned, planned.editor)
    client.force_login(planned.editor)
    response = client.post(_url("agenda-link-renew", planned, official_id=planned.mayor.pk))
    assert response.status_code == 302
    client.logout()
    answer = client.get(old)
    assert answer.status_code == 403
    assert "پیوند" in answer.content.decode()
    new = _feed_link(client, planned, planned.editor)
    assert new != old
    assert client.get(new).status_code == 200
    assert CalendarKey.objects.filter(user=planned.editor, revoked_at__isnull=True).count() == 1


def test_renewing_one_users_link_leaves_another_users_link_working(client, planned):
    mine = _feed_link(client, planned, planned.editor)
    theirs = _feed_link(client, planned, planned.planner)
    client.force_login(planned.editor)
    client.post(_url("agenda-link-renew", planned, official_id=planned.mayor.pk))
    client.logout()
    assert client.get(mine).status_code == 403
    assert client.get(theirs).status_code == 200


def test_a_password_change_ends_the_calendar_link(client, planned):
    link = _feed_link(client, planned, planned.editor)
    planned.editor.set_password("a new and long passphrase")
    planned.editor.save()
    assert client.get(link).status_code == 403


@pytest.mark.parametrize("new_role", [None, Role.PLANNER])
def test_losing_or_changing_the_role_ends_the_calendar_link(client, planned, new_role):
    link = _feed_link(client, planned, planned.editor)
    membership = planned.editor.memberships.get(municipality=planned.programme.municipality)
    if new_role is None:
        membership.delete()
    else:
        membership.role = new_role
        membership.save()
    assert client.get(link).status_code in (403, 404)


def test_a_role_given_back_does_not_revive_an_old_link(client, planned, memberships):
    link = _feed_link(client, planned, planned.editor)
    city = planned.programme.municipality
    planned.editor.memberships.filter(municipality=city).delete()
    memberships.objects.create(user=planned.editor, municipality=city, role=Role.EDITOR)
    assert client.get(link).status_code == 403


def test_a_deactivated_user_s_link_stops_working(client, planned):
    link = _feed_link(client, planned, planned.editor)
    planned.editor.is_active = False
    planned.editor.save()
    assert client.get(link).status_code == 403


def test_a_link_made_for_one_official_does_not_open_another(client, planned):
    from tests.registry.factories import OfficialFactory

    other = OfficialFactory(municipality=planned.programme.municipality, name="معاون")
    link = _feed_link(client, planned, planned.editor)
    forged = link.replace(f"/officials/{planned.mayor.pk}/", f"/officials/{other.pk}/")
    assert client.get(forged).status_code == 403


def test_renewing_needs_a_log_in_and_a_post(client, planned):
    url = _url("agenda-link-renew", planned, official_id=planned.mayor.pk)
    assert client.post(url).status_code == 302
    assert not CalendarKey.objects.exists()
    client.force_login(planned.editor)
    assert client.get(url).status_code == 405
