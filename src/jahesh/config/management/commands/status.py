"""What the background work is doing: the queue, the last publication per channel, failures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Max
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from jahesh.newsroom.models import Channel, Publication, PublicationState
from jahesh.persian import format_jalali, to_persian_digits

FAILED_STATES = (PublicationState.FAILED, PublicationState.UNCERTAIN)


def _n(number: int) -> str:
    return to_persian_digits(f"{number:,}").replace(",", "٬")


def _age(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return "کمتر از یک دقیقه"
    if minutes < 120:
        return f"{_n(minutes)} دقیقه"
    return f"{_n(minutes // 60)} ساعت"


def status_lines(*, failed_limit: int) -> list[str]:
    """The report, one line each, in Persian."""
    now = timezone.now()
    lines = [f"صف کارها: {_n(HUEY.pending_count())} کار در انتظار پردازشگر"]
    waiting = HUEY.pending(limit=1)
    if waiting:
        lines.append(f"  کار بعدی در صف: {waiting[0].name} ({waiting[0].id})")
    scheduled = sorted(HUEY.scheduled(), key=lambda task: task.eta or now.replace(tzinfo=None))
    lines.append(f"کارهای زمان‌بندی‌شده: {_n(len(scheduled))}")
    if scheduled and scheduled[0].eta is not None:
        eta = scheduled[0].eta.replace(tzinfo=dt.UTC)
        lines.append(f"  نزدیک‌ترین: {scheduled[0].name} در {format_jalali(eta, 'datetime')}")
    # Huey keeps no time of queueing, but publications do: the oldest one due and not sent is
    # the oldest waiting job that matters to a city.
    oldest = (
        Publication.objects.filter(state=PublicationState.PENDING, due_at__lte=now)
        .order_by("due_at")
        .select_related("channel", "article")
        .first()
    )
    if oldest is None:
        lines.append("کهنه‌ترین انتشار در انتظار: هیچ انتشاری از زمانش عقب نیست")
    else:
        lines.append(
            f"کهنه‌ترین انتشار در انتظار: «{oldest.article.title}» در {oldest.channel.name}، "
            f"{_age((now - oldest.due_at).total_seconds())} پس از زمانش"
        )
    lines.append("آخرین انتشار هر مجرا:")
    last_sent = dict(
        Publication.objects.filter(state=PublicationState.SENT)
        .values("channel")
        .annotate(last=Max("sent_at"))
        .values_list("channel", "last")
    )
    for channel in Channel.objects.select_related("municipality").order_by("municipality", "pk"):
        when = last_sent.get(channel.pk)
        shown = format_jalali(when, "datetime") if when else "هنوز هیچ"
        lines.append(f"  {channel.municipality.slug} / {channel.name}: {shown}")
    failed = Publication.objects.filter(state__in=FAILED_STATES)
    lines.append(f"انتشارهای ناموفق یا نامعلوم: {_n(failed.count())}")
    for row in failed.select_related("channel", "article").order_by("-due_at")[:failed_limit]:
        error = row.last_error.splitlines()[0][:120] if row.last_error else ""
        lines.append(
            f"  {row.get_state_display()}: «{row.article.title}» در {row.channel.name}، "
            f"{_n(row.attempts)} تلاش — {error}"
        )
    return lines


class Command(BaseCommand):
    help = "وضعیت صف کارها، آخرین انتشار هر مجرا و انتشارهای ناموفق را نشان می‌دهد."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--failed", type=int, default=10, help="failed deliveries listed")

    def handle(self, *args: Any, **options: Any) -> None:
        for line in status_lines(failed_limit=options["failed"]):
            self.stdout.write(line)
