"""A held session's report: the committee's own text for its public page, and the article each
member city's newsroom made from it.

The texts are composed by the newsroom from the session's rows (``committee.selectors.reports``
builds the facts); the committee keeps its own copy here because it is not a city and has no
newsroom, while a member city's copy is an ordinary article of that city's newsroom, linked back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from jahesh.committee.models.body import CommitteeMember
from jahesh.committee.models.sessions import Session, SessionStatus
from jahesh.core.models import TimeStampedModel


class SessionReportQuerySet(models.QuerySet["SessionReport"]):
    def public(self) -> SessionReportQuerySet:
        """Reports the committee published, of sessions its public page lists."""
        return self.filter(published_at__isnull=False).exclude(
            session__status=SessionStatus.CANCELLED
        )


class SessionReport(TimeStampedModel):
    """The committee's own report of one held session; public once published."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="report", verbose_name="نشست"
    )
    kicker = models.CharField("روتیتر", max_length=200, blank=True)
    title = models.CharField("تیتر", max_length=300)
    lead = models.TextField("لید", blank=True)
    body = models.TextField("متن")
    composed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="نویسنده",
    )
    composed_at = models.DateTimeField("زمان نوشتن")
    published_at = models.DateTimeField("زمان انتشار", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="منتشرکننده",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = SessionReportQuerySet.as_manager()

    class Meta:
        verbose_name = "گزارش نشست"
        verbose_name_plural = "گزارش‌های نشست"

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.body.split("\n") if line.strip()]


class SessionArticle(TimeStampedModel):
    """A member city's newsroom article made from a session's report: one per city and session."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="city_articles", verbose_name="نشست"
    )
    member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.CASCADE,
        related_name="session_articles",
        verbose_name="شهر عضو",
    )
    # Deleting the city's article frees the city to take the report again.
    article = models.OneToOneField(
        "newsroom.Article",
        on_delete=models.CASCADE,
        related_name="committee_session",
        verbose_name="مطلب",
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="برنده به اتاق خبر",
    )

    class Meta:
        verbose_name = "مطلب شهر از گزارش نشست"
        verbose_name_plural = "مطالب شهرها از گزارش نشست"
        ordering = ("session", "member__name")
        constraints = (
            models.UniqueConstraint(fields=["session", "member"], name="session_article_once"),
        )

    def __str__(self) -> str:
        return f"{self.member} — {self.session}"
