"""The public page's drafts block: approved and public drafts, and the adoption map of each
approved one. A tag, so the public view of the sessions stays as it is."""

from __future__ import annotations

from typing import Any

from django import template

from jahesh.committee.adoption_map import CityDot, adoption_map_svg
from jahesh.committee.models import AdoptionStatus, Committee, DraftStatus
from jahesh.committee.selectors import public_drafts

register = template.Library()


@register.inclusion_tag("committee/drafts/_public_drafts.html")
def committee_public_drafts(committee: Committee) -> dict[str, Any]:
    drafts = public_drafts(committee)
    members = list(committee.members.filter(left_on__isnull=True).order_by("name"))
    blocks = []
    for draft in drafts:
        if draft.status != DraftStatus.APPROVED:
            blocks.append({"draft": draft, "rows": [], "svg": ""})
            continue
        adopted = {a.member_id: a for a in draft.adoptions.all()}
        rows = []
        dots = []
        for member in members:
            adoption = adopted.get(member.pk)
            status = adoption.status if adoption else AdoptionStatus.NOT_STARTED
            label = str(AdoptionStatus(status).label)
            rows.append({"member": member, "label": label, "on": adoption and adoption.adopted_on})
            if member.latitude is not None and member.longitude is not None:
                dots.append(
                    CityDot(
                        member.name, float(member.latitude), float(member.longitude), status, label
                    )
                )
        svg = adoption_map_svg(dots, f"به کارگیری «{draft.title}» در شهرهای عضو")
        blocks.append({"draft": draft, "rows": rows, "svg": svg})
    return {"committee": committee, "blocks": blocks}
