"""Rows the public portal keeps for itself: the search index and the content versions that key
its page cache."""

from __future__ import annotations

from django.db import models

from jahesh.registry.models import Municipality


class SearchKind(models.TextChoices):
    PROJECT = "project", "پروژه"
    ARTICLE = "article", "خبر"


class SearchEntry(models.Model):
    """One public thing citizens can find: its shown text as written, and its ``search_key``.

    On SQLite an FTS5 table mirrors ``key``; on PostgreSQL a narrow table holds each entry's city,
    date and stored ``to_tsvector('simple', key)`` under a GIN index. Triggers keep both in step
    with this table; the migrations (0002, 0003) make them.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name="شهرداری"
    )
    kind = models.CharField("نوع", max_length=10, choices=SearchKind.choices)
    object_id = models.BigIntegerField("شناسه")
    title = models.CharField("عنوان", max_length=300)
    summary = models.CharField("خلاصه", max_length=400, blank=True)
    url = models.CharField("نشانی", max_length=500)
    key = models.TextField("کلید جست‌وجو")
    dated = models.DateTimeField("زمان", null=True, blank=True)

    class Meta:
        verbose_name = "مدخل جست‌وجو"
        verbose_name_plural = "مدخل‌های جست‌وجو"
        constraints = (
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_one_per_row"),
        )
        indexes = (models.Index(fields=["municipality", "kind"]),)

    def __str__(self) -> str:
        return self.title


class ContentVersion(models.Model):
    """A counter bumped in the same transaction as any public change, so cached pages keyed by it
    go stale exactly when the data does, in every web process at once."""

    scope = models.CharField("دامنه", max_length=80, unique=True)
    version = models.BigIntegerField("نسخه", default=0)

    class Meta:
        verbose_name = "نسخه محتوا"
        verbose_name_plural = "نسخه‌های محتوا"

    def __str__(self) -> str:
        return f"{self.scope}: {self.version}"
