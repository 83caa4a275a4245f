"""Every write of the committee's shared drafts: the working copy, circulated versions, each city's
opinions, the secretariat's dispositions, submission for approval and adoption by cities.

Each service checks who acts, validates everything before its first write and runs in one
transaction, so bad input leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from jahesh import persian
from jahesh.committee import permissions
from jahesh.committee.drafting import MAX_BODY, MAX_TITLE, clean_data, clean_text
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
    KINDS_OF_DRAFT,
    Adoption,
    AdoptionStatus,
    Committee,
    CommitteeMember,
    Disposition,
    Draft,
    DraftKind,
    DraftStatus,
    DraftVersion,
    Opinion,
    Outcome,
    Section,
    SectionKind,
    Stance,
    Submission,
    SubmissionStatus,
    VersionSection,
    Visibility,
    WholeDraftAnswer,
)
from jahesh.core import audit
from jahesh.core.errors import ValidationError, require

# Proposals the secretariat answers: a stance that asks for a change or carries a text.
PROPOSING = (Stance.AGREE_WITH_CHANGES, Stance.DISAGREE)
SNAPSHOT_FIELDS = ("key", "kind", "parent_key", "position", "title", "body", "data", "search_key")


class KeepParent:
    """The default of ``section_update``: leave the section where it is in the tree."""


KEEP_PARENT = KeepParent()


def _require_editor(user: Any, draft: Draft) -> None:
    require(permissions.can_view_draft(user, draft), CommitteeNotFoundError())
    require(permissions.can_edit_draft(user, draft), DraftEditDeniedError())


def _require_working_copy(draft: Draft) -> None:
    """An approved draft's text is the adopted one: read-only until a revision starts."""
    require(draft.status != DraftStatus.APPROVED, AdoptedTextError())


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _choice(value: str, allowed: Sequence[str], label: str, field: str) -> str:
    if value not in allowed:
        raise ValidationError(f"{label}: گزینه «{value}» درست نیست.", field=field)
    return value


# ---- drafts and the working copy -------------------------------------------------------------


@transaction.atomic
def draft_create(*, committee: Committee, by: Any, kind: str, title: str) -> Draft:
    """Start an empty draft; its sections are added to the working copy one by one."""
    require(permissions.can_view_committee(by, committee), CommitteeNotFoundError())
    require(permissions.can_manage_committee(by, committee), DraftEditDeniedError())
    _choice(kind, DraftKind.values, "نوع پیش‌نویس", "kind")
    title = clean_text(title, "عنوان پیش‌نویس", "title", limit=MAX_TITLE, required=True)
    return Draft.objects.create(committee=committee, kind=kind, title=title)


def _sort_key(kind: str, title: str) -> str:
    return persian.search_key(title)[:300] if kind == SectionKind.TERM else ""


def _check_parent(draft: Draft, kind: str, parent: Section | None, moving: Section | None) -> str:
    """Return the parent's key after checking it belongs here and makes no cycle."""
    if parent is None:
        return ""
    if parent.draft_id != draft.pk:
        raise ValidationError("بخش بالادست: باید از همین پیش‌نویس باشد.", field="parent")
    if draft.kind == DraftKind.STRUCTURE and parent.kind != SectionKind.UNIT:
        raise ValidationError("بخش بالادست: پست و وظیفه زیر یک واحد می‌آیند.", field="parent")
    if kind == SectionKind.TERM:
        raise ValidationError("بخش بالادست: واژه بالادست ندارد.", field="parent")
    if moving is not None:
        parents = dict(draft.sections.values_list("key", "parent_key"))
        key: str = parent.key
        seen: set[str] = set()
        while key and key not in seen:
            if key == moving.key:
                raise UnitCycleError()
            seen.add(key)
            key = parents.get(key, "")
    return parent.key


def _check_term_once(draft: Draft, kind: str, title: str, except_pk: int | None) -> None:
    if kind != SectionKind.TERM:
        return
    same = draft.sections.filter(kind=SectionKind.TERM, search_key=_sort_key(kind, title))
    if except_pk is not None:
        same = same.exclude(pk=except_pk)
    if same.exists():
        raise TermTwiceError(title)


def _duty_title(title: str, body: str) -> str:
    """A duty is its text; when no short title is given, its first words stand for it."""
    if title:
        return title
    words = body.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


@transaction.atomic
def section_add(
    *,
    draft: Draft,
    by: Any,
    kind: str,
    title: str = "",
    body: str = "",
    parent: Section | None = None,
    data: Mapping[str, Any] | None = None,
) -> Section:
    """Add a section at the end of the working copy (under ``parent`` in a tree)."""
    _require_editor(by, draft)
    _require_working_copy(draft)
    if kind not in KINDS_OF_DRAFT[draft.kind]:
        raise SectionKindError(
            SectionKind(kind).label if kind in SectionKind.values else kind,
            draft.get_kind_display(),
        )
    body = clean_text(body, "متن", "body", limit=MAX_BODY, required=kind == SectionKind.DUTY)
    title = clean_text(title, "عنوان", "title", limit=MAX_TITLE, required=False)
    if kind == SectionKind.DUTY:
        title = _duty_title(title, body)[:MAX_TITLE]
    if not title:
        raise ValidationError("عنوان: این بخش را خالی نگذارید.", field="title")
    cleaned = clean_data(kind, data)
    parent_key = _check_parent(draft, kind, parent, None)
    _check_term_once(draft, kind, title, None)
    # The counter is taken under a row lock so two editors never hand out one key.
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    key = f"s{locked.next_key}"
    Draft.objects.filter(pk=draft.pk).update(next_key=F("next_key") + 1)
    draft.next_key = locked.next_key + 1
    top = draft.sections.aggregate(top=Max("position"))["top"] or 0
    return Section.objects.create(
        draft=draft,
        key=key,
        kind=kind,
        parent_key=parent_key,
        position=top + 1,
        title=title,
        body=body,
        data=cleaned,
        search_key=_sort_key(kind, title),
    )


@transaction.atomic
def section_update(
    *,
    section: Section,
    by: Any,
    title: str,
    body: str,
    data: Mapping[str, Any] | None = None,
    parent: Section | KeepParent | None = KEEP_PARENT,
) -> Section:
    """Rewrite a section of the working copy; its key stays, so versions still recognise it.

    Without ``data`` the section keeps its kind-specific data, and without ``parent`` its place
    in the tree (``parent=None`` moves it to the top).
    """
    draft = section.draft
    _require_editor(by, draft)
    _require_working_copy(draft)
    body = clean_text(body, "متن", "body", limit=MAX_BODY, required=section.kind == "duty")
    title = clean_text(title, "عنوان", "title", limit=MAX_TITLE, required=False)
    if section.kind == SectionKind.DUTY:
        title = _duty_title(title, body)[:MAX_TITLE]
    if not title:
        raise ValidationError("عنوان: این بخش را خالی نگذارید.", field="title")
    cleaned = section.data if data is None else clean_data(section.kind, data)
    if not isinstance(parent, KeepParent):
        if parent is not None and parent.pk == section.pk:
            raise UnitCycleError()
        section.parent_key = _check_parent(draft, section.kind, parent, section)
    _check_term_once(draft, section.kind, title, section.pk)
    section.title, section.body, section.data = title, body, cleaned
    section.search_key = _sort_key(section.kind, title)
    section.save()
    return section


@transaction.atomic
def section_remove(*, section: Section, by: Any) -> None:
    """Remove a section and, in a tree, everything under it."""
    draft = section.draft
    _require_editor(by, draft)
    _require_working_copy(draft)
    children: dict[str, list[str]] = {}
    for key, parent_key in draft.sections.values_list("key", "parent_key"):
        children.setdefault(parent_key, []).append(key)
    doomed, stack = set(), [section.key]
    while stack:
        key = stack.pop()
        if key not in doomed:
            doomed.add(key)
            stack.extend(children.get(key, []))
    audit.deletion_record(by=by, row=section, count=len(doomed))
    draft.sections.filter(key__in=doomed).delete()


# ---- versions and opinions -------------------------------------------------------------------


@transaction.atomic
def version_circulate(
    *,
    draft: Draft,
    by: Any,
    deadline: dt.date,
    visibility: str = Visibility.DURING,
    reminder_days: int = 3,
    note: str = "",
    today: dt.date | None = None,
) -> DraftVersion:
    """Freeze the working copy as the next numbered version, open for opinions to ``deadline``."""
    _require_editor(by, draft)
    _require_working_copy(draft)
    today = _today(today)
    if deadline <= today:
        raise ValidationError("مهلت اظهارنظر: مهلت باید پس از امروز باشد.", field="deadline")
    _choice(visibility, Visibility.values, "دیده‌شدن نظرها", "visibility")
    if not 0 <= reminder_days <= 60:
        raise ValidationError("روزهای یادآوری: عددی از ۰ تا ۶۰ بنویسید.", field="reminder_days")
    if draft.status == DraftStatus.SUBMITTED:
        raise ValidationError(
            "پیش‌نویس: این پیش‌نویس برای تصویب فرستاده شده است؛ "
            "پیش از پاسخ مرجع نسخه تازه فرستاده نمی‌شود.",
            field="status",
        )
    sections = list(draft.sections.order_by("position"))
    if not sections:
        raise ValidationError("بخش‌ها: پیش‌نویس بی‌بخش را نمی‌توان فرستاد.", field="sections")
    top = draft.versions.aggregate(top=Max("number"))["top"] or 0
    version = DraftVersion.objects.create(
        draft=draft,
        number=top + 1,
        circulated_by=by if getattr(by, "pk", None) else None,
        deadline=deadline,
        visibility=visibility,
        reminder_days=reminder_days,
        note=clean_text(note, "یادداشت", "note", limit=MAX_BODY, required=False),
    )
    VersionSection.objects.bulk_create(
        [
            VersionSection(version=version, **{name: getattr(s, name) for name in SNAPSHOT_FIELDS})
            for s in sections
        ]
    )
    draft.status = DraftStatus.CIRCULATED
    draft.save(update_fields=["status", "updated_at"])
    return version


def _latest(version: DraftVersion) -> bool:
    top = DraftVersion.objects.filter(draft_id=version.draft_id).aggregate(top=Max("number"))
    return bool(version.number == top["top"])


def _require_city(by: Any, version: DraftVersion, member: CommitteeMember, today: dt.date) -> None:
    committee = version.draft.committee
    require(permissions.can_view_committee(by, committee), CommitteeNotFoundError())
    if member.committee_id != committee.pk:
        raise ValidationError(f"شهر: «{member.name}» عضو این کمیته نیست.", field="member")
    require(permissions.can_write_opinion(by, member), OpinionForOtherCityError())
    if today > version.deadline:
        raise DeadlinePassedError(version.deadline)
    if not _latest(version):
        raise NotLatestVersionError()


@transaction.atomic
def opinion_write(
    *,
    section: VersionSection,
    member: CommitteeMember,
    by: Any,
    stance: str,
    comment: str = "",
    proposed_text: str = "",
    today: dt.date | None = None,
) -> Opinion:
    """Write (or rewrite, until the deadline) a city's opinion on one section of a version."""
    today = _today(today)
    _require_city(by, section.version, member, today)
    _choice(stance, Stance.values, "نظر", "stance")
    comment = clean_text(comment, "توضیح", "comment", limit=MAX_BODY, required=False)
    had_text = bool(proposed_text and proposed_text.strip())
    proposed_text = clean_text(
        proposed_text,
        "متن پیشنهادی",
        "proposed_text",
        limit=MAX_BODY,
        required=stance == Stance.AGREE_WITH_CHANGES and not comment,
    )
    if had_text and not proposed_text:
        raise ValidationError("متن پیشنهادی: متن خالی است.", field="proposed_text")
    if proposed_text and section.kind == SectionKind.POST:
        _post_as_proposed(section, proposed_text)  # refuses a count that is not a number, …
    opinion, _ = Opinion.objects.update_or_create(
        section=section,
        member=member,
        defaults={
            "stance": stance,
            "comment": comment,
            "proposed_text": proposed_text,
            "written_by": by if getattr(by, "pk", None) else None,
        },
    )
    return opinion


@transaction.atomic
def whole_draft_answer(
    *,
    version: DraftVersion,
    member: CommitteeMember,
    by: Any,
    stance: str = Stance.AGREE,
    comment: str = "",
    today: dt.date | None = None,
) -> WholeDraftAnswer:
    """Answer for every section the city wrote nothing on ("agree with everything else")."""
    today = _today(today)
    _require_city(by, version, member, today)
    _choice(stance, Stance.values, "نظر", "stance")
    answer, _ = WholeDraftAnswer.objects.update_or_create(
        version=version,
        member=member,
        defaults={
            "stance": stance,
            "comment": clean_text(comment, "توضیح", "comment", limit=MAX_BODY, required=False),
            "written_by": by if getattr(by, "pk", None) else None,
        },
    )
    return answer


# ---- the summing-up --------------------------------------------------------------------------


@transaction.atomic
def disposition_record(*, opinion: Opinion, by: Any, outcome: str, reason: str = "") -> Disposition:
    """Answer one city's proposal: accepted, accepted in part, or not (with a reason)."""
    draft = opinion.section.version.draft
    _require_editor(by, draft)
    _choice(outcome, Outcome.values, "نتیجه", "outcome")
    reason = clean_text(
        reason, "دلیل", "reason", limit=MAX_BODY, required=outcome != Outcome.ACCEPTED
    )
    if opinion.stance not in PROPOSING and not opinion.proposed_text:
        raise ValidationError("نظر: این نظر پیشنهادی ندارد که بررسی شود.", field="opinion")
    disposition, _ = Disposition.objects.update_or_create(
        opinion=opinion,
        defaults={
            "outcome": outcome,
            "reason": reason,
            "decided_by": by if getattr(by, "pk", None) else None,
        },
    )
    return disposition


@transaction.atomic
def dispositions_apply(*, version: DraftVersion, by: Any) -> int:
    """Put every accepted proposed text not yet applied into the working copy; return how many.

    The section of the working copy is found by its stable key; one deleted since is skipped.
    """
    draft = version.draft
    _require_editor(by, draft)
    _require_working_copy(draft)
    pending = (
        Disposition.objects.filter(
            opinion__section__version=version,
            outcome=Outcome.ACCEPTED,
            applied_at__isnull=True,
        )
        .exclude(opinion__proposed_text="")
        .select_related("opinion__section")
        .order_by("opinion__section__position", "opinion__member__name")
    )
    working = {s.key: s for s in draft.sections.all()}
    now = timezone.now()
    applied = 0
    for disposition in pending:
        section = working.get(disposition.opinion.section.key)
        if section is None:
            continue
        if section.kind == SectionKind.POST:
            section.title, section.body, section.data = _post_as_proposed(
                section, disposition.opinion.proposed_text
            )
            section.search_key = _sort_key(section.kind, section.title)
        else:
            section.body = disposition.opinion.proposed_text
        section.save(update_fields=["title", "body", "data", "search_key"])
        disposition.applied_at = now
        disposition.save(update_fields=["applied_at", "updated_at"])
        applied += 1
    return applied


# What a proposal for a post may name on lines of their own («تعداد: ۳»), by field.
POST_PROPOSAL_LABELS = {
    "title": "عنوان",
    "count": "تعداد",
    "grade": "رده",
    "qualifications": "شرایط احراز",
}


def read_post_proposal(text: str) -> tuple[dict[str, str], str]:
    """Split a proposal for a post into the fields it names, each on a line of its own
    («رده: کارشناس ارشد»), and the rest of its lines, which describe the post."""
    labels = {persian.search_key(label): name for name, label in POST_PROPOSAL_LABELS.items()}
    fields: dict[str, str] = {}
    rest = []
    for line in text.splitlines():
        head, colon, value = line.partition(":")
        name = labels.get(persian.search_key(head)) if colon else None
        if name is None:
            rest.append(line)
        else:
            fields[name] = value.strip()
    return fields, "\n".join(rest).strip()


def _post_as_proposed(
    section: Section | VersionSection, proposed_text: str
) -> tuple[str, str, dict[str, Any]]:
    """A post's title, description and data once a proposal is applied: the fields it names
    replace theirs, its other lines the description; what it does not name stays."""
    fields, rest = read_post_proposal(proposed_text)
    title = section.title
    if "title" in fields:
        title = clean_text(
            fields.pop("title"), "عنوان پست", "proposed_text", limit=MAX_TITLE, required=True
        )
    try:
        data = clean_data(SectionKind.POST, {**section.data, **fields})
    except ValidationError as error:
        raise ValidationError(f"متن پیشنهادی: {error.message}", field="proposed_text") from error
    return title, rest or section.body, data


# ---- approval and adoption -------------------------------------------------------------------


@transaction.atomic
def submission_record(
    *,
    version: DraftVersion,
    by: Any,
    authority: str,
    letter_number: str,
    letter_date: dt.date,
    today: dt.date | None = None,
) -> Submission:
    """Send a settled version (its round over) to an approving authority."""
    draft = version.draft
    _require_editor(by, draft)
    if _today(today) <= version.deadline or not _latest(version):
        raise NotSettledError()
    authority = clean_text(authority, "مرجع تصویب", "authority", limit=MAX_TITLE, required=True)
    letter_number = clean_text(
        letter_number, "شماره نامه", "letter_number", limit=60, required=True
    )
    submission = Submission.objects.create(
        version=version, authority=authority, letter_number=letter_number, letter_date=letter_date
    )
    draft.status = DraftStatus.SUBMITTED
    draft.save(update_fields=["status", "updated_at"])
    return submission


@transaction.atomic
def submission_answer(
    *,
    submission: Submission,
    by: Any,
    status: str,
    comments: str = "",
    approval_number: str = "",
    approval_date: dt.date | None = None,
) -> Submission:
    """Record the authority's answer; an approval makes the version the adopted, public text."""
    draft = submission.version.draft
    _require_editor(by, draft)
    _choice(status, SubmissionStatus.values, "وضعیت", "status")
    comments = clean_text(comments, "نظر مرجع", "comments", limit=MAX_BODY, required=False)
    approval_number = clean_text(
        approval_number, "شماره مصوبه", "approval_number", limit=60, required=False
    )
    if status == SubmissionStatus.APPROVED and (not approval_number or approval_date is None):
        raise ValidationError(
            "شماره و تاریخ تصویب: برای ثبت تصویب هر دو را بنویسید.", field="approval_number"
        )
    submission.status, submission.comments = status, comments
    submission.approval_number, submission.approval_date = approval_number, approval_date
    submission.save()
    if status == SubmissionStatus.APPROVED:
        draft.status, draft.is_public = DraftStatus.APPROVED, True
    elif status == SubmissionStatus.RETURNED:
        draft.status = DraftStatus.DRAFTING
    draft.save(update_fields=["status", "is_public", "updated_at"])
    return submission


@transaction.atomic
def revision_start(*, draft: Draft, by: Any) -> Draft:
    """Start revising an approved draft: the working copy becomes the adopted text again (same
    stable keys, so later versions compare with it) and opens for new rounds and a new
    submission. The adopted version stays the public, adopted text until a newer one is approved
    (``selectors.adopted_version``); versions, opinions and submissions keep their history."""
    _require_editor(by, draft)
    adopted = (
        DraftVersion.objects.filter(draft=draft, submissions__status=SubmissionStatus.APPROVED)
        .order_by("-number")
        .first()
    )
    if draft.status != DraftStatus.APPROVED or adopted is None:
        raise ValidationError(
            "بازنگری: تنها متنی که تصویب شده و هنوز در بازنگری نیست بازنگری می‌شود.",
            field="status",
        )
    rows = list(adopted.sections.order_by("position"))
    draft.sections.all().delete()
    Section.objects.bulk_create(
        [Section(draft=draft, **{name: getattr(r, name) for name in SNAPSHOT_FIELDS}) for r in rows]
    )
    draft.status = DraftStatus.DRAFTING
    draft.save(update_fields=["status", "updated_at"])
    return draft


@transaction.atomic
def draft_publish(*, draft: Draft, by: Any, public: bool) -> Draft:
    """Open a draft (a glossary, say) to everyone, or close it again until approval."""
    _require_editor(by, draft)
    draft.is_public = public
    draft.save(update_fields=["is_public", "updated_at"])
    return draft


@transaction.atomic
def adoption_record(
    *,
    draft: Draft,
    member: CommitteeMember,
    by: Any,
    status: str,
    adopted_on: dt.date | None = None,
) -> Adoption:
    """Record where a city stands in adopting an approved draft."""
    require(permissions.can_view_draft(by, draft), CommitteeNotFoundError())
    if member.committee_id != draft.committee_id:
        raise ValidationError(f"شهر: «{member.name}» عضو این کمیته نیست.", field="member")
    require(permissions.can_record_adoption(by, member), OpinionForOtherCityError())
    if draft.status != DraftStatus.APPROVED:
        raise ValidationError(
            "پیش‌نویس: تنها متن تصویب‌شده در شهرها به کار گرفته می‌شود.", field="status"
        )
    _choice(status, AdoptionStatus.values, "وضعیت", "status")
    if status == AdoptionStatus.ADOPTED and adopted_on is None:
        raise ValidationError("تاریخ به کارگیری: تاریخ را بنویسید.", field="adopted_on")
    adoption, _ = Adoption.objects.update_or_create(
        draft=draft,
        member=member,
        defaults={
            "status": status,
            "adopted_on": adopted_on if status == AdoptionStatus.ADOPTED else None,
        },
    )
    return adoption


@transaction.atomic
def versions_due_for_reminder(*, today: dt.date | None = None) -> list[int]:
    """Mark and return the open rounds whose reminder day has come (each is reminded once)."""
    today = _today(today)
    due: list[int] = []
    candidates = DraftVersion.objects.select_for_update().filter(
        reminded_on__isnull=True, deadline__gte=today
    )
    for version in candidates:
        if version.deadline - dt.timedelta(days=version.reminder_days) <= today and _latest(
            version
        ):
            version.reminded_on = today
            version.save(update_fields=["reminded_on", "updated_at"])
            due.append(version.pk)
    return due
