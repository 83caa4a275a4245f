"""Who may read and change what in a committee.

The secretary and the chair run the committee; a member city's representatives answer attendance,
propose minutes corrections and report on resolutions for their own city only; observers read.
Anyone else — strangers, and city staff who hold no committee role — sees only the public page.
A city role in the registry gives nothing here, and a committee role gives nothing in a city.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jahesh.committee.models import (
    Committee,
    CommitteeMember,
    CommitteeRole,
    CommitteeRoleKind,
    Draft,
    DraftVersion,
    Resolution,
    Session,
    Visibility,
)
from jahesh.registry.permissions import is_superuser

MANAGING = (CommitteeRoleKind.CHAIR, CommitteeRoleKind.SECRETARY)


def committee_role_of(user: Any, committee: Committee) -> CommitteeRole | None:
    """The user's role in the committee, or None (a superuser has none and needs none)."""
    if not user.is_authenticated or not user.is_active:
        return None
    return CommitteeRole.objects.filter(committee_id=committee.pk, user_id=user.pk).first()


def can_view_committee(user: Any, committee: Committee) -> bool:
    return is_superuser(user) or committee_role_of(user, committee) is not None


def can_manage_committee(user: Any, committee: Committee) -> bool:
    if is_superuser(user):
        return True
    role = committee_role_of(user, committee)
    return role is not None and role.kind in MANAGING


def can_view_session(user: Any, session: Session) -> bool:
    return can_view_committee(user, session.committee)


def can_plan_session(user: Any, committee: Committee) -> bool:
    return can_manage_committee(user, committee)


def can_change_session(user: Any, session: Session) -> bool:
    """Invite, hold, postpone, cancel, write and circulate minutes, change the agenda."""
    return can_manage_committee(user, session.committee)


def can_record_resolution(user: Any, session: Session) -> bool:
    return can_manage_committee(user, session.committee)


def can_speak_for_member(user: Any, member: CommitteeMember) -> bool:
    """Whether the user may answer in this city's name: its representatives, or the secretariat."""
    if is_superuser(user):
        return True
    role = committee_role_of(user, member.committee)
    if role is None or role.kind == CommitteeRoleKind.OBSERVER:
        return False
    return role.kind in MANAGING or role.member_id == member.pk


def can_answer_attendance(user: Any, member: CommitteeMember) -> bool:
    return can_speak_for_member(user, member)


def can_propose_correction(user: Any, member: CommitteeMember) -> bool:
    """Only the city's own representatives propose corrections in its name."""
    if is_superuser(user):
        return True
    role = committee_role_of(user, member.committee)
    return (
        role is not None and role.kind != CommitteeRoleKind.OBSERVER and role.member_id == member.pk
    )


def can_report_on_resolution(user: Any, resolution: Resolution) -> bool:
    """The secretariat, or a representative of a city the resolution makes responsible."""
    committee = resolution.session.committee
    if can_manage_committee(user, committee):
        return True
    role = committee_role_of(user, committee)
    if role is None or role.member_id is None or role.kind == CommitteeRoleKind.OBSERVER:
        return False
    return resolution.responsible.filter(pk=role.member_id).exists()


def can_take_session_report(user: Any, member: CommitteeMember) -> bool:
    """Whether the user may take a session's report into this city's newsroom: a current member
    city's own representative (a member, or the chair or secretary who come from that city), not
    an observer. The city's newsroom still decides whether they may write there at all."""
    if member.left_on is not None or member.municipality_id is None:
        return False
    role = committee_role_of(user, member.committee)
    return (
        role is not None and role.kind != CommitteeRoleKind.OBSERVER and role.member_id == member.pk
    )


# ---- drafts ----------------------------------------------------------------------------------
# Who may read and change a committee's drafts.
#
# The secretariat (secretary, chair) keeps the working copy, circulates versions, records
# dispositions and submissions. A member city's representatives write their own city's opinions and
# record their own city's adoption. Observers read. Outsiders see only what is public.


def can_view_draft(user: Any, draft: Draft) -> bool:
    return can_view_committee(user, draft.committee)


def can_view_draft_publicly(draft: Draft) -> bool:
    """Approved texts and drafts the secretariat made public are everyone's."""
    return draft.is_shown_publicly


def can_edit_draft(user: Any, draft: Draft) -> bool:
    return can_manage_committee(user, draft.committee)


def can_write_opinion(user: Any, member: CommitteeMember) -> bool:
    """Only the city's own representatives speak for it: not observers, and not the secretary or
    chair through the city they come from (their voice is the secretariat's)."""
    if is_superuser(user):
        return True
    role = committee_role_of(user, member.committee)
    return (
        role is not None
        and role.kind == CommitteeRoleKind.MEMBER
        and role.member_id == member.pk
        and member.left_on is None
    )


def can_record_adoption(user: Any, member: CommitteeMember) -> bool:
    return can_manage_committee(user, member.committee) or can_write_opinion(user, member)


def opinions_open_to_all(version: DraftVersion, today: dt.date) -> bool:
    """Whether every member city may see the other cities' opinions of this round today."""
    return version.visibility == Visibility.DURING or today > version.deadline
