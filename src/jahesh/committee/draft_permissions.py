"""Who may read and change a committee's drafts.

The secretariat (secretary, chair) keeps the working copy, circulates versions, records
dispositions and submissions. A member city's representatives write their own city's opinions and
record their own city's adoption. Observers read. Outsiders see only what is public.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jahesh.committee.models import (
    CommitteeMember,
    CommitteeRoleKind,
    Draft,
    DraftStatus,
    DraftVersion,
    Visibility,
)
from jahesh.committee.permissions import (
    can_manage_committee,
    can_view_committee,
    committee_role_of,
)
from jahesh.registry.permissions import is_superuser


def can_view_draft(user: Any, draft: Draft) -> bool:
    return can_view_committee(user, draft.committee)


def can_view_draft_publicly(draft: Draft) -> bool:
    """Approved texts and drafts the secretariat made public are everyone's."""
    return draft.is_public or draft.status == DraftStatus.APPROVED


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
