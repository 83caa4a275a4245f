"""The drafts' writes: the working copy, versions, opinions one per city, dispositions, submission
and adoption — each tried by the secretary, Shiraz's representative and an outsider, and every bad
input refused in Persian with nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jahesh.committee import services
from jahesh.committee.errors import (
    AdoptedTextError,
    CommitteeNotFoundError,
    DeadlinePassedError,
    DraftEditDeniedError,
    NotLatestVersionError,
    NotSettledError,
    OpinionForOtherCityError,
    SectionKindError,
    TermTwiceError,
    UnitCycleError,
)
from jahesh.committee.models import (
    Adoption,
    AdoptionStatus,
    Disposition,
    Draft,
    DraftKind,
    DraftStatus,
    Opinion,
    Outcome,
    Section,
    SectionKind,
    Stance,
    Submission,
    SubmissionStatus,
    VersionSection,
)
from jahesh.committee.selectors.drafts import adopted_version
from jahesh.committee.services.drafts import revision_start
from jahesh.core.errors import JaheshError, ValidationError
from tests.committee.conftest import Scene, add_member, make_committee
from tests.committee.drafts_scenes import AFTER, DEADLINE, TODAY, circulate, structure_draft

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Draft.objects.count(),
        Section.objects.count(),
        VersionSection.objects.count(),
        Opinion.objects.count(),
        Disposition.objects.count(),
        Submission.objects.count(),
        Adoption.objects.count(),
    )


def refuses(error: type[JaheshError], act: Any) -> JaheshError:
    """Run ``act``; it must raise ``error`` with a Persian sentence and write nothing."""
    before = counts()
    with pytest.raises(error) as caught:
        act()
    assert counts() == before
    assert any("\u0600" <= char <= "\u06ff" for char in caught.value.message)
    return caught.value


def test_the_secretary_builds_a_structure_tree_with_typed_post_data(scene: Scene) -> None:
    built = structure_draft(scene)
    assert built.office.parent_key == built.directorate.key
    assert built.post.data == {
        "count": 2,
        "grade": "کارشناس",
        "qualifications": "کارشناسی ارتباطات",
    }
    assert built.duty.title.startswith("پاسخ‌گویی به پرسش‌های")
    assert len({s.key for s in built.draft.sections.all()}) == 4


@pytest.mark.parametrize("who", ["representative", "observer"])
def test_members_who_are_not_the_secretariat_cannot_edit_the_working_copy(
    scene: Scene, who: str
) -> None:
    built = structure_draft(scene)
    refuses(
        DraftEditDeniedError,
        lambda: services.section_add(
            draft=built.draft, by=getattr(scene, who), kind=SectionKind.UNIT, title="واحد تازه"
        ),
    )


@pytest.mark.parametrize("who", ["outsider", "city_staff"])
def test_strangers_are_told_the_committee_does_not_exist(scene: Scene, who: str) -> None:
    built = structure_draft(scene)
    refuses(
        CommitteeNotFoundError,
        lambda: services.draft_create(
            committee=scene.committee, by=getattr(scene, who), kind=DraftKind.TEXT, title="متن"
        ),
    )
    refuses(
        CommitteeNotFoundError,
        lambda: services.section_remove(section=built.duty, by=getattr(scene, who)),
    )


def test_a_unit_cannot_be_moved_under_its_own_descendant(scene: Scene) -> None:
    built = structure_draft(scene)
    group = services.section_add(
        draft=built.draft,
        by=scene.secretary,
        kind=SectionKind.UNIT,
        title="گروه",
        parent=built.office,
    )
    refuses(
        UnitCycleError,
        lambda: services.section_update(
            section=built.directorate, by=scene.secretary, title="اداره کل", body="", parent=group
        ),
    )
    built.directorate.refresh_from_db()
    assert built.directorate.parent_key == ""


def test_a_section_of_the_wrong_kind_and_bidi_spoofed_text_are_refused(scene: Scene) -> None:
    built = structure_draft(scene)
    refuses(
        SectionKindError,
        lambda: services.section_add(
            draft=built.draft, by=scene.secretary, kind=SectionKind.TERM, title="واژه"
        ),
    )
    error = refuses(
        ValidationError,
        lambda: services.section_add(
            draft=built.draft, by=scene.secretary, kind=SectionKind.UNIT, title="واحد\u202efdp.exe"
        ),
    )
    assert "عنوان" in error.message


def test_a_post_count_that_is_not_a_number_names_the_field(scene: Scene) -> None:
    built = structure_draft(scene)
    error = refuses(
        ValidationError,
        lambda: services.section_add(
            draft=built.draft,
            by=scene.secretary,
            kind=SectionKind.POST,
            title="کارشناس",
            parent=built.office,
            data={"count": "دو"},
        ),
    )
    assert "تعداد پست" in error.message


def test_a_glossary_term_twice_is_refused_whatever_its_spelling(scene: Scene) -> None:
    draft = services.draft_create(
        committee=scene.committee, by=scene.secretary, kind=DraftKind.GLOSSARY, title="واژه‌نامه"
    )
    services.section_add(
        draft=draft,
        by=scene.secretary,
        kind=SectionKind.TERM,
        title="روابط عمومی الکترونیک",
        body="تعریف",
        data={"english": "e-PR", "related": "دیپلماسی شهری، امیدآفرینی"},
    )
    refuses(
        TermTwiceError,
        lambda: services.section_add(
            draft=draft, by=scene.secretary, kind=SectionKind.TERM, title="روابط عمومي الكترونيك"
        ),
    )
    assert draft.sections.get().data["related"] == ["دیپلماسی شهری", "امیدآفرینی"]


def test_removing_a_unit_removes_everything_under_it(scene: Scene) -> None:
    built = structure_draft(scene)
    services.section_remove(section=built.office, by=scene.secretary)
    assert list(built.draft.sections.values_list("key", flat=True)) == [built.directorate.key]


def test_circulating_freezes_a_numbered_version_that_later_edits_do_not_touch(
    scene: Scene,
) -> None:
    built = structure_draft(scene)
    v1 = circulate(scene, built.draft)
    services.section_update(
        section=built.duty, by=scene.secretary, title="", body="پاسخ در ۴۸ ساعت"
    )
    v2 = circulate(scene, built.draft)
    assert (v1.number, v2.number) == (1, 2)
    assert v1.sections.get(key=built.duty.key).body == "پاسخ‌گویی به پرسش‌های شهروندان در ۲۴ ساعت"
    assert v2.sections.get(key=built.duty.key).body == "پاسخ در ۴۸ ساعت"
    built.draft.refresh_from_db()
    assert built.draft.status == DraftStatus.CIRCULATED


def test_a_deadline_that_is_not_after_today_is_refused(scene: Scene) -> None:
    built = structure_draft(scene)
    error = refuses(ValidationError, lambda: circulate(scene, built.draft, deadline=TODAY))
    assert "مهلت" in error.message


def test_a_representative_writes_and_rewrites_their_citys_opinion_until_the_deadline(
    scene: Scene,
) -> None:
    built = structure_draft(scene)
    version = circulate(scene, built.draft)
    section = version.sections.get(key=built.duty.key)
    for stance in (Stance.AGREE, Stance.AGREE_WITH_CHANGES):
        services.opinion_write(
            section=section,
            member=scene.shiraz,
            by=scene.representative,
            stance=stance,
            proposed_text="پاسخ‌گویی در ۱۲ ساعت",
            today=DEADLINE,
        )
    opinion = Opinion.objects.get()
    assert opinion.stance == Stance.AGREE_WITH_CHANGES
    assert opinion.history.count() == 2
    refuses(
        DeadlinePassedError,
        lambda: services.opinion_write(
            section=section,
            member=scene.shiraz,
            by=scene.representative,
            stance=Stance.DISAGREE,
            comment="دیر",
            today=AFTER,
        ),
    )


@pytest.mark.parametrize(
    ("who", "city", "error"),
    [
        ("representative", "yazd", OpinionForOtherCityError),
        ("secretary", "shiraz", OpinionForOtherCityError),
        # The secretary comes from Tehran, but speaks for the secretariat, not for Tehran.
        ("secretary", "tehran", OpinionForOtherCityError),
        ("observer", "shiraz", OpinionForOtherCityError),
        ("outsider", "shiraz", CommitteeNotFoundError),
        ("city_staff", "shiraz", CommitteeNotFoundError),
    ],
)
def test_only_a_citys_own_representatives_write_its_opinion(
    scene: Scene, who: str, city: str, error: type[JaheshError]
) -> None:
    built = structure_draft(scene)
    version = circulate(scene, built.draft)
    refuses(
        error,
        lambda: services.opinion_write(
            section=version.sections.first(),  # type: ignore[arg-type]
            member=getattr(scene, city),
            by=getattr(scene, who),
            stance=Stance.AGREE,
            today=TODAY,
        ),
    )


def test_an_opinion_on_a_superseded_version_is_refused(scene: Scene) -> None:
    built = structure_draft(scene)
    v1 = circulate(scene, built.draft)
    circulate(scene, built.draft)
    refuses(
        NotLatestVersionError,
        lambda: services.opinion_write(
            section=v1.sections.first(),  # type: ignore[arg-type]
            member=scene.shiraz,
            by=scene.representative,
            stance=Stance.AGREE,
            today=TODAY,
        ),
    )


@pytest.mark.parametrize("text", ["   ", "\u200c", "متن\u202dتازه"])
def test_empty_or_bidi_spoofed_proposed_text_is_refused(scene: Scene, text: str) -> None:
    built = structure_draft(scene)
    version = circulate(scene, built.draft)
    error = refuses(
        ValidationError,
        lambda: services.opinion_write(
            section=version.sections.first(),  # type: ignore[arg-type]
            member=scene.shiraz,
            by=scene.representative,
            stance=Stance.AGREE_WITH_CHANGES,
            proposed_text=text,
            today=TODAY,
        ),
    )
    assert "متن پیشنهادی" in error.message


def test_accepted_proposals_go_into_the_working_copy_with_one_action(scene: Scene) -> None:
    built = structure_draft(scene)
    version = circulate(scene, built.draft)
    opinion = services.opinion_write(
        section=version.sections.get(key=built.duty.key),
        member=scene.shiraz,
        by=scene.representative,
        stance=Stance.AGREE_WITH_CHANGES,
        proposed_text="پاسخ‌گویی به شهروندان در ۱۲ ساعت",
        today=TODAY,
    )
    refuses(
        ValidationError,
        lambda: services.disposition_record(
            opinion=opinion, by=scene.secretary, outcome=Outcome.NOT_ACCEPTED
        ),
    )
    refuses(
        DraftEditDeniedError,
        lambda: services.disposition_record(
            opinion=opinion, by=scene.representative, outcome=Outcome.ACCEPTED
        ),
    )
    services.disposition_record(opinion=opinion, by=scene.secretary, outcome=Outcome.ACCEPTED)
    assert services.dispositions_apply(version=version, by=scene.secretary) == 1
    assert services.dispositions_apply(version=version, by=scene.secretary) == 0
    built.duty.refresh_from_db()
    assert built.duty.body == "پاسخ‌گویی به شهروندان در ۱۲ ساعت"


def accept_for_post(scene: Scene, text: str) -> Any:
    built = structure_draft(scene)
    version = circulate(scene, built.draft)
    opinion = services.opinion_write(
        section=version.sections.get(key=built.post.key),
        member=scene.shiraz,
        by=scene.representative,
        stance=Stance.AGREE_WITH_CHANGES,
        proposed_text=text,
        today=TODAY,
    )
    services.disposition_record(opinion=opinion, by=scene.secretary, outcome=Outcome.ACCEPTED)
    assert services.dispositions_apply(version=version, by=scene.secretary) == 1
    built.post.refresh_from_db()
    return built.post


def test_an_accepted_proposal_for_a_post_changes_the_fields_it_names_and_keeps_the_rest(
    scene: Scene,
) -> None:
    # Labels as people type them: Arabic yeh, a space for the ZWNJ, Persian digits.
    post = accept_for_post(
        scene,
        "تعداد: ۳\nرده: کارشناس ارشد\nمسئول پاسخ‌گویی برخط در شبکه‌ها\nشرايط احراز : کارشناسی ارشد",
    )
    assert post.title == "کارشناس رسانه‌های اجتماعی"
    assert post.data == {"count": 3, "grade": "کارشناس ارشد", "qualifications": "کارشناسی ارشد"}
    assert post.body == "مسئول پاسخ‌گویی برخط در شبکه‌ها"


def test_an_accepted_proposal_can_rename_a_post_and_leaves_its_description(scene: Scene) -> None:
    post = accept_for_post(scene, "عنوان: کارشناس ارشد رسانه‌های اجتماعی")
    assert post.title == "کارشناس ارشد رسانه‌های اجتماعی"
    assert post.body == ""
    assert post.data == {"count": 2, "grade": "کارشناس", "qualifications": "کارشناسی ارتباطات"}


@pytest.mark.parametrize(
    ("text", "named"),
    [("تعداد: چند نفر", "تعداد پست"), ("تعداد: ۰", "تعداد پست"), ("عنوان:   ", "عنوان پست")],
)
def test_a_proposal_for_a_post_with_a_bad_field_is_refused_when_written(
    scene: Scene, text: str, named: str
) -> None:
    built = structure_draft(scene)
    version = circulate(scene, built.draft)
    error = refuses(
        ValidationError,
        lambda: services.opinion_write(
            section=version.sections.get(key=built.post.key),
            member=scene.shiraz,
            by=scene.representative,
            stance=Stance.AGREE_WITH_CHANGES,
            proposed_text=text,
            today=TODAY,
        ),
    )
    assert named in error.message


def test_a_version_is_submitted_only_after_its_round_and_approval_needs_number_and_date(
    scene: Scene,
) -> None:
    built = structure_draft(scene)
    version = circulate(scene, built.draft)
    submit: dict[str, Any] = {
        "version": version,
        "by": scene.secretary,
        "authority": "شورای عالی استان‌ها",
        "letter_number": "۱۲۳/الف",
        "letter_date": AFTER,
    }
    refuses(NotSettledError, lambda: services.submission_record(**submit, today=DEADLINE))
    submission = services.submission_record(**submit, today=AFTER)
    refuses(
        ValidationError,
        lambda: services.submission_answer(
            submission=submission, by=scene.secretary, status=SubmissionStatus.APPROVED
        ),
    )
    services.submission_answer(
        submission=submission,
        by=scene.secretary,
        status=SubmissionStatus.APPROVED,
        approval_number="۴۵۶",
        approval_date=AFTER + dt.timedelta(days=30),
    )
    built.draft.refresh_from_db()
    assert (built.draft.status, built.draft.is_public) == (DraftStatus.APPROVED, True)
    assert submission.history.count() == 2


def test_a_city_records_its_own_adoption_of_an_approved_draft_only(scene: Scene) -> None:
    built = structure_draft(scene)
    adopt: dict[str, Any] = {"draft": built.draft, "status": AdoptionStatus.IN_PROGRESS}
    refuses(
        ValidationError,
        lambda: services.adoption_record(**adopt, member=scene.shiraz, by=scene.representative),
    )
    Draft.objects.filter(pk=built.draft.pk).update(status=DraftStatus.APPROVED)
    built.draft.refresh_from_db()
    refuses(
        OpinionForOtherCityError,
        lambda: services.adoption_record(**adopt, member=scene.yazd, by=scene.representative),
    )
    refuses(
        ValidationError,
        lambda: services.adoption_record(
            draft=built.draft,
            member=scene.shiraz,
            by=scene.representative,
            status=AdoptionStatus.ADOPTED,
        ),
    )
    services.adoption_record(**adopt, member=scene.shiraz, by=scene.representative)
    assert Adoption.objects.get().status == AdoptionStatus.IN_PROGRESS


def test_a_member_of_another_committee_gets_nothing_from_this_one(scene: Scene) -> None:
    other = make_committee("other")
    stranger_city = add_member(other, "tabriz", "تبریز")
    built = structure_draft(scene)
    version = circulate(scene, built.draft)
    refuses(
        ValidationError,
        lambda: services.opinion_write(
            section=version.sections.first(),  # type: ignore[arg-type]
            member=stranger_city,
            by=scene.representative,
            stance=Stance.AGREE,
            today=TODAY,
        ),
    )


def test_reminders_fall_due_once_n_days_before_the_deadline(scene: Scene) -> None:
    built = structure_draft(scene)
    version = circulate(scene, built.draft, reminder_days=3)
    early = DEADLINE - dt.timedelta(days=4)
    assert services.versions_due_for_reminder(today=early) == []
    assert services.versions_due_for_reminder(today=early + dt.timedelta(days=1)) == [version.pk]
    assert services.versions_due_for_reminder(today=DEADLINE) == []


def test_rewriting_a_sections_text_keeps_its_place_and_its_data(scene: Scene) -> None:
    built = structure_draft(scene)
    services.section_update(section=built.duty, by=scene.secretary, title="", body="پاسخ تازه")
    services.section_update(section=built.post, by=scene.secretary, title="کارشناس ارشد", body="")
    built.duty.refresh_from_db()
    built.post.refresh_from_db()
    assert built.duty.parent_key == built.office.key
    assert built.post.parent_key == built.office.key
    assert built.post.data["count"] == 2
    services.section_update(
        section=built.office, by=scene.secretary, title="اداره", body="", parent=None
    )
    built.office.refresh_from_db()
    assert built.office.parent_key == ""


def approved(scene: Scene) -> tuple[Any, Any]:
    built = structure_draft(scene)
    version = circulate(scene, built.draft)
    submission = services.submission_record(
        version=version,
        by=scene.secretary,
        authority="شورای عالی استان‌ها",
        letter_number="۱۲۳",
        letter_date=AFTER,
        today=AFTER,
    )
    services.submission_answer(
        submission=submission,
        by=scene.secretary,
        status=SubmissionStatus.APPROVED,
        approval_number="۴۵۶",
        approval_date=AFTER,
    )
    built.draft.refresh_from_db()
    return built, version


def test_the_adopted_text_cannot_be_edited_until_a_revision_starts(scene: Scene) -> None:
    built, version = approved(scene)
    draft = built.draft
    for act in (
        lambda: services.section_add(
            draft=draft, by=scene.secretary, kind=SectionKind.DUTY, body="وظیفه تازه"
        ),
        lambda: services.section_update(
            section=built.duty, by=scene.secretary, title="", body="متن دیگر"
        ),
        lambda: services.section_remove(section=built.post, by=scene.secretary),
        lambda: services.version_circulate(
            draft=draft, by=scene.secretary, deadline=AFTER + dt.timedelta(days=9), today=AFTER
        ),
        lambda: services.dispositions_apply(version=version, by=scene.secretary),
    ):
        error = refuses(AdoptedTextError, act)
        assert "بازنگری" in error.message
    # Only the secretariat starts a revision, and only of an approved text.
    refuses(
        DraftEditDeniedError,
        lambda: revision_start(draft=draft, by=scene.representative),
    )


def test_a_revision_starts_from_the_adopted_text_and_the_adopted_version_stays_until_a_newer(
    scene: Scene,
) -> None:
    built, version = approved(scene)
    draft = built.draft
    revision_start(draft=draft, by=scene.secretary)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFTING
    assert draft.is_shown_publicly  # still public: the adopted text stays adopted
    assert adopted_version(draft) == version
    copy = {s.key: (s.title, s.body, s.data) for s in draft.sections.all()}
    frozen = {s.key: (s.title, s.body, s.data) for s in version.sections.all()}
    assert copy == frozen
    refuses(ValidationError, lambda: revision_start(draft=draft, by=scene.secretary))
    # New rounds and a new submission; the adopted version changes only on the new approval.
    services.section_update(
        section=draft.sections.get(key=built.duty.key),
        by=scene.secretary,
        title="",
        body="پاسخ‌گویی در ۱۲ ساعت",
    )
    later = circulate(scene, draft, deadline=AFTER + dt.timedelta(days=9), today=AFTER)
    assert later.number == 2
    assert adopted_version(draft) == version
    assert (
        version.sections.get(key=built.duty.key).body == "پاسخ‌گویی به پرسش‌های شهروندان در ۲۴ ساعت"
    )
    submission = services.submission_record(
        version=later,
        by=scene.secretary,
        authority="شورای عالی استان‌ها",
        letter_number="۱۲۴",
        letter_date=AFTER + dt.timedelta(days=10),
        today=AFTER + dt.timedelta(days=10),
    )
    assert adopted_version(draft) == version
    services.submission_answer(
        submission=submission,
        by=scene.secretary,
        status=SubmissionStatus.APPROVED,
        approval_number="۴۵۷",
        approval_date=AFTER + dt.timedelta(days=20),
    )
    assert adopted_version(draft) == later
