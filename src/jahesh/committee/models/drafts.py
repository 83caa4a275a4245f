"""Shared drafts: a structured working copy kept by the secretariat, frozen numbered versions
circulated for opinions, one opinion per member city per section per version, the secretariat's
disposition of each proposal, submission for approval, and adoption by member cities.

The working copy and each version hold the same shape of rows (``Section`` and ``VersionSection``):
a kind, a stable key that survives renames and moves, a parent key for trees, a title, a body and
kind-specific data in JSON that the services type and validate (``drafting.py``). Opinions point
at a version's row, so an opinion can never land on a section of another version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from jahesh import persian
from jahesh.committee.models.body import Committee, CommitteeMember
from jahesh.core.models import TimeStampedModel


class DraftKind(models.TextChoices):
    STRUCTURE = "structure", "ساختار سازمانی"
    JOB_DESCRIPTIONS = "job_descriptions", "شرح وظایف"
    GLOSSARY = "glossary", "واژه‌نامه"
    TEXT = "text", "متن"


class DraftStatus(models.TextChoices):
    DRAFTING = "drafting", "در دست تهیه"
    CIRCULATED = "circulated", "در نظرخواهی"
    SUBMITTED = "submitted", "فرستاده‌شده برای تصویب"
    APPROVED = "approved", "تصویب‌شده"


class DraftQuerySet(models.QuerySet["Draft"]):
    def public(self) -> DraftQuerySet:
        """Drafts everyone may read: approved texts, and those the secretariat made public."""
        return self.filter(Q(is_public=True) | Q(status=DraftStatus.APPROVED))


class Draft(TimeStampedModel):
    """A document the committee writes together; the secretariat keeps its working copy."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="drafts", verbose_name="کمیته"
    )
    kind = models.CharField("نوع", max_length=20, choices=DraftKind.choices)
    title = models.CharField("عنوان", max_length=300)
    status = models.CharField(
        "وضعیت", max_length=12, choices=DraftStatus.choices, default=DraftStatus.DRAFTING
    )
    is_public = models.BooleanField(
        "عمومی", default=False, help_text="واژه‌نامه و متن تصویب‌شده برای همه دیده می‌شوند."
    )
    next_key = models.PositiveIntegerField("شمارنده کلید بخش‌ها", default=1)

    objects = DraftQuerySet.as_manager()

    class Meta:
        verbose_name = "پیش‌نویس"
        verbose_name_plural = "پیش‌نویس‌ها"
        ordering = ("committee", "-created_at")

    def __str__(self) -> str:
        return self.title

    @property
    def is_shown_publicly(self) -> bool:
        """The row's side of ``DraftQuerySet.public``."""
        return self.is_public or self.status == DraftStatus.APPROVED


class SectionKind(models.TextChoices):
    UNIT = "unit", "واحد"
    POST = "post", "پست"
    DUTY = "duty", "وظیفه"
    TERM = "term", "واژه"
    HEADING = "heading", "سرفصل"
    PARAGRAPH = "paragraph", "بند"


# Which section kinds each draft kind holds; the services refuse the rest.
KINDS_OF_DRAFT: dict[str, tuple[str, ...]] = {
    DraftKind.STRUCTURE: (SectionKind.UNIT, SectionKind.POST, SectionKind.DUTY),
    DraftKind.JOB_DESCRIPTIONS: (SectionKind.HEADING, SectionKind.DUTY),
    DraftKind.GLOSSARY: (SectionKind.TERM,),
    DraftKind.TEXT: (SectionKind.HEADING, SectionKind.PARAGRAPH),
}


class SectionFields(models.Model):
    """What a working-copy section and a version's frozen section both hold."""

    key = models.CharField("کلید پایدار", max_length=20)
    kind = models.CharField("نوع", max_length=12, choices=SectionKind.choices)
    parent_key = models.CharField("کلید بالادست", max_length=20, blank=True)
    position = models.PositiveIntegerField("ردیف")
    title = models.CharField("عنوان", max_length=300)
    body = models.TextField("متن", blank=True)
    data = models.JSONField("داده‌های ویژه", default=dict, blank=True)
    search_key = models.CharField("کلید جست‌وجو", max_length=300, blank=True, db_index=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class Section(SectionFields):
    """One section of the working copy: a unit, post, duty, term, heading or paragraph."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="sections", verbose_name="پیش‌نویس"
    )

    class Meta:
        verbose_name = "بخش پیش‌نویس"
        verbose_name_plural = "بخش‌های پیش‌نویس"
        ordering = ("draft", "position")
        constraints = (
            models.UniqueConstraint(fields=["draft", "key"], name="draft_section_key_once"),
            models.UniqueConstraint(
                fields=["draft", "search_key"],
                condition=Q(kind="term"),
                name="draft_term_once",
            ),
        )


class Visibility(models.TextChoices):
    DURING = "during", "در طول دوره برای همه شهرها"
    AFTER_DEADLINE = "after_deadline", "تنها پس از پایان مهلت"


class DraftVersion(TimeStampedModel):
    """A frozen, numbered version circulated for opinions until its deadline."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="versions", verbose_name="پیش‌نویس"
    )
    number = models.PositiveIntegerField("شماره نسخه")
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="فرستنده",
    )
    deadline = models.DateField("مهلت اظهارنظر")
    visibility = models.CharField(
        "دیده‌شدن نظرها", max_length=16, choices=Visibility.choices, default=Visibility.DURING
    )
    reminder_days = models.PositiveSmallIntegerField("یادآوری چند روز پیش از مهلت", default=3)
    reminded_on = models.DateField("تاریخ یادآوری", null=True, blank=True)
    note = models.TextField("یادداشت دبیرخانه", blank=True)

    class Meta:
        verbose_name = "نسخه پیش‌نویس"
        verbose_name_plural = "نسخه‌های پیش‌نویس"
        ordering = ("draft", "number")
        constraints = (
            models.UniqueConstraint(fields=["draft", "number"], name="draft_version_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="draft_version_positive"),
        )

    def __str__(self) -> str:
        return f"{self.draft} — نسخه {persian.to_persian_digits(str(self.number))}"

    @property
    def label(self) -> str:
        return f"ن{persian.to_persian_digits(str(self.number))}"


class VersionSection(SectionFields):
    """A section as it stood in a version; never changed after circulation."""

    version = models.ForeignKey(
        DraftVersion, on_delete=models.CASCADE, related_name="sections", verbose_name="نسخه"
    )

    class Meta:
        verbose_name = "بخش نسخه"
        verbose_name_plural = "بخش‌های نسخه"
        ordering = ("version", "position")
        constraints = (
            models.UniqueConstraint(fields=["version", "key"], name="version_section_key_once"),
        )


class Stance(models.TextChoices):
    AGREE = "agree", "موافق"
    AGREE_WITH_CHANGES = "agree_with_changes", "موافق با اصلاح"
    DISAGREE = "disagree", "مخالف"
    NO_OPINION = "no_opinion", "بدون نظر"


class Opinion(TimeStampedModel):
    """One member city's view on one section of one version."""

    section = models.ForeignKey(
        VersionSection, on_delete=models.CASCADE, related_name="opinions", verbose_name="بخش"
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="opinions", verbose_name="شهر"
    )
    stance = models.CharField("نظر", max_length=20, choices=Stance.choices)
    comment = models.TextField("توضیح", blank=True)
    proposed_text = models.TextField("متن پیشنهادی", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="نویسنده",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "نظر شهر"
        verbose_name_plural = "نظرهای شهرها"
        constraints = (
            models.UniqueConstraint(fields=["section", "member"], name="opinion_one_per_city"),
        )

    def __str__(self) -> str:
        return f"{self.member} — {self.section} — {self.get_stance_display()}"


class WholeDraftAnswer(TimeStampedModel):
    """A city's answer for every section it gave no opinion on ("agree with everything else")."""

    version = models.ForeignKey(
        DraftVersion, on_delete=models.CASCADE, related_name="answers", verbose_name="نسخه"
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="+", verbose_name="شهر"
    )
    stance = models.CharField("نظر درباره باقی بخش‌ها", max_length=20, choices=Stance.choices)
    comment = models.TextField("توضیح", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "پاسخ کلی شهر"
        verbose_name_plural = "پاسخ‌های کلی شهرها"
        constraints = (
            models.UniqueConstraint(fields=["version", "member"], name="whole_answer_once"),
        )

    def __str__(self) -> str:
        return f"{self.member} — {self.version}"


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", "پذیرفته شد"
    ACCEPTED_IN_PART = "accepted_in_part", "بخشی پذیرفته شد"
    NOT_ACCEPTED = "not_accepted", "پذیرفته نشد"


class Disposition(TimeStampedModel):
    """The secretariat's answer to one city's proposal in the final summing-up."""

    opinion = models.OneToOneField(
        Opinion, on_delete=models.CASCADE, related_name="disposition", verbose_name="نظر"
    )
    outcome = models.CharField("نتیجه", max_length=20, choices=Outcome.choices)
    reason = models.TextField("دلیل", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    applied_at = models.DateTimeField("زمان اعمال در متن کاری", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "نتیجه بررسی پیشنهاد"
        verbose_name_plural = "نتیجه‌های بررسی پیشنهادها"
        constraints = (
            models.CheckConstraint(
                condition=Q(outcome="accepted") | ~Q(reason=""),
                name="disposition_reason_unless_accepted",
            ),
        )

    def __str__(self) -> str:
        return f"{self.opinion} — {self.get_outcome_display()}"


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", "فرستاده شد"
    RETURNED = "returned", "با نظر اصلاحی برگشت"
    APPROVED = "approved", "تصویب شد"


class Submission(TimeStampedModel):
    """A frozen version sent to an approving authority, and what became of it."""

    version = models.ForeignKey(
        DraftVersion, on_delete=models.PROTECT, related_name="submissions", verbose_name="نسخه"
    )
    authority = models.CharField("مرجع تصویب", max_length=300)
    letter_number = models.CharField("شماره نامه", max_length=60)
    letter_date = models.DateField("تاریخ نامه")
    status = models.CharField(
        "وضعیت",
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    comments = models.TextField("نظر مرجع", blank=True)
    approval_number = models.CharField("شماره مصوبه", max_length=60, blank=True)
    approval_date = models.DateField("تاریخ تصویب", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "ارسال برای تصویب"
        verbose_name_plural = "ارسال‌ها برای تصویب"
        constraints = (
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (~Q(approval_number="") & Q(approval_date__isnull=False)),
                name="submission_approved_has_number_and_date",
            ),
        )

    def __str__(self) -> str:
        return f"{self.version} — {self.authority}"


class AdoptionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "آغاز نشده"
    IN_PROGRESS = "in_progress", "در دست اجرا"
    ADOPTED = "adopted", "به کار گرفته شد"


class Adoption(TimeStampedModel):
    """Where a member city stands in adopting an approved draft."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="adoptions", verbose_name="پیش‌نویس"
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="adoptions", verbose_name="شهر"
    )
    status = models.CharField(
        "وضعیت", max_length=12, choices=AdoptionStatus.choices, default=AdoptionStatus.NOT_STARTED
    )
    adopted_on = models.DateField("تاریخ به کارگیری", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "به کارگیری در شهر"
        verbose_name_plural = "به کارگیری در شهرها"
        constraints = (
            models.UniqueConstraint(fields=["draft", "member"], name="adoption_once_per_city"),
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(adopted_on__isnull=False),
                name="adoption_adopted_has_date",
            ),
        )

    def __str__(self) -> str:
        return f"{self.member} — {self.draft}"
