"""Scenes for the drafts' tests: a structure draft with a small tree, circulated as v1."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jahesh.committee import services
from jahesh.committee.models import Draft, DraftKind, DraftVersion, Section, SectionKind
from tests.committee.conftest import Scene

TODAY = dt.date(2023, 6, 22)  # 1 Tir 1402
DEADLINE = TODAY + dt.timedelta(days=14)
AFTER = DEADLINE + dt.timedelta(days=1)


@dataclass
class StructureScene:
    draft: Draft
    directorate: Section
    office: Section
    post: Section
    duty: Section


def structure_draft(scene: Scene) -> StructureScene:
    draft = services.draft_create(
        committee=scene.committee,
        by=scene.secretary,
        kind=DraftKind.STRUCTURE,
        title="ساختار اداره کل ارتباطات و امور بین‌الملل",
    )
    directorate = services.section_add(
        draft=draft,
        by=scene.secretary,
        kind=SectionKind.UNIT,
        title="اداره کل ارتباطات و امور بین‌الملل",
        body="راهبری ارتباطات شهرداری",
    )
    office = services.section_add(
        draft=draft,
        by=scene.secretary,
        kind=SectionKind.UNIT,
        title="اداره روابط عمومی الکترونیک",
        body="اطلاع‌رسانی برخط به شهروندان",
        parent=directorate,
    )
    post = services.section_add(
        draft=draft,
        by=scene.secretary,
        kind=SectionKind.POST,
        title="کارشناس رسانه‌های اجتماعی",
        parent=office,
        data={"count": "۲", "grade": "کارشناس", "qualifications": "کارشناسی ارتباطات"},
    )
    duty = services.section_add(
        draft=draft,
        by=scene.secretary,
        kind=SectionKind.DUTY,
        body="پاسخ‌گویی به پرسش‌های شهروندان در ۲۴ ساعت",
        parent=office,
    )
    return StructureScene(draft, directorate, office, post, duty)


def circulate(scene: Scene, draft: Draft, **kwargs: object) -> DraftVersion:
    fields: dict[str, object] = {"deadline": DEADLINE, "today": TODAY}
    fields.update(kwargs)
    return services.version_circulate(draft=draft, by=scene.secretary, **fields)  # type: ignore[arg-type]
