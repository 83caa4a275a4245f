"""Sending one publication once, settling what dead workers left, and staff retries.

``publication_send`` is the one service here that is not a single transaction, on purpose: the
claim (a conditional UPDATE) commits before the request goes out, and the outcome commits after,
so that a worker dying in between leaves a visible ``sending`` row rather than a rolled-back one
that another worker would send again.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from jahesh import persian
from jahesh.core.errors import JaheshError, PermissionDeniedError, require
from jahesh.newsroom import permissions as perms
from jahesh.newsroom import selectors, signals
from jahesh.newsroom.channels import (
    DeliveryError,
    Outcome,
    OutgoingMessage,
    adapter_for,
)
from jahesh.newsroom.errors import ArticleStateError
from jahesh.newsroom.models import (
    VISIBLE_STATUSES,
    Article,
    ArticleStatus,
    Publication,
    PublicationState,
)
from jahesh.newsroom.services.publishing import dispatch_fire
from jahesh.registry.permissions import Actor

logger = logging.getLogger(__name__)
_DENIED = PermissionDeniedError()

BACKOFF_BASE_S = 30
BACKOFF_MAX_S = 3600
MAX_ATTEMPTS = 6
# A worker holds a claim at most this long; every channel's timeout is far below it.
CLAIM_LEASE = dt.timedelta(minutes=10)
# Pending rows due this long ago are assumed to have lost their queued task.
LOST_TASK_AFTER = dt.timedelta(minutes=2)


# Tells this process from an earlier one that had the same pid (a restarted container).
_PROCESS_TOKEN = uuid.uuid4().hex[:8]


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{_PROCESS_TOKEN}"


def _message(publication: Publication) -> OutgoingMessage:
    article = publication.article
    photo = article.photos.order_by("position", "pk").first()
    return OutgoingMessage(
        idempotency_key=publication.idempotency_key,
        code=article.code,
        kicker=article.kicker,
        title=article.title,
        lead=article.lead,
        body=article.body,
        url=selectors.article_url(article),
        published_at=article.published_at or publication.due_at,
        photo_url=selectors.absolute_url(photo.file.url) if photo else "",
        photo_path=_local_path(photo.file) if photo else "",
        photo_caption=photo.caption if photo else "",
        is_correction=article.corrected_at is not None,
    )


def _local_path(file: Any) -> str:
    """The file's path on this server, or "" for a storage without local files."""
    try:
        return str(file.path)
    except NotImplementedError:
        return ""


def _made_public(publication: Publication, now: dt.datetime) -> bool:
    """Fire the row's dispatch if it is due and has not fired; say whether the article is public.

    Simultaneous publishing means no channel gets an article before the portal shows it. A row
    can be sent while its dispatch never fired: the fire job died with a killed consumer, or a
    restarted queue lost its schedule, and a sweep or a starting consumer found the row pending.
    Firing here makes every article of the dispatch public at once, at its moment, as the job
    would have; a dispatch that fired already, was cancelled or is not due changes nothing.
    """
    if publication.dispatch_id is not None:
        dispatch_fire(dispatch_id=publication.dispatch_id, now=now)
    status = Article.objects.filter(pk=publication.article_id).values_list("status", flat=True)
    return status.first() in VISIBLE_STATUSES


@dataclass(frozen=True, slots=True)
class SendResult:
    state: str
    retry_at: dt.datetime | None = None


def _backoff(attempts: int, retry_after_s: int | None) -> dt.timedelta:
    if retry_after_s is not None:
        return dt.timedelta(seconds=max(1, min(retry_after_s, BACKOFF_MAX_S)))
    return dt.timedelta(seconds=min(BACKOFF_BASE_S * 2 ** max(attempts - 1, 0), BACKOFF_MAX_S))


def publication_send(*, publication_id: int, now: dt.datetime | None = None) -> SendResult:
    """Send one due publication once; a row another worker holds or has sent is left alone."""
    now = now or timezone.now()
    publication = (
        Publication.objects.select_related("article__municipality", "channel")
        .filter(pk=publication_id)
        .first()
    )
    if publication is None:
        return SendResult(PublicationState.CANCELLED)
    if publication.article.status == ArticleStatus.WITHDRAWN:
        Publication.objects.filter(
            pk=publication.pk, state__in=(PublicationState.PENDING, PublicationState.FAILED)
        ).update(state=PublicationState.CANCELLED, next_attempt_at=None)
        return SendResult(PublicationState.CANCELLED)
    if publication.article.status not in VISIBLE_STATUSES and not _made_public(publication, now):
        # Not public yet: the row waits, still pending, for its dispatch to fire.
        return SendResult(publication.state)
    try:
        message = _message(publication)
        adapter = adapter_for(publication.channel)
    except JaheshError as exc:
        adapter_error: JaheshError | None = exc
    else:
        adapter_error = None
    me = worker_id()
    claimed = (
        Publication.objects.filter(pk=publication.pk, due_at__lte=now)
        .filter(
            Q(state=PublicationState.PENDING)
            | Q(state=PublicationState.FAILED, next_attempt_at__lte=now)
        )
        .update(
            state=PublicationState.SENDING,
            claimed_at=now,
            claimed_by=me,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )
    if claimed != 1:
        current = Publication.objects.filter(pk=publication.pk).values_list("state", flat=True)
        return SendResult(current.first() or PublicationState.CANCELLED)
    attempts = publication.attempts + 1
    if adapter_error is not None:
        return _record_failure(
            publication,
            DeliveryError(Outcome.PERMANENT, adapter_error.message),
            attempts=attempts,
            dedups=False,
            me=me,
        )
    try:
        delivered = adapter.send(message)
    except DeliveryError as exc:
        return _record_failure(
            publication, exc, attempts=attempts, dedups=adapter.dedups_by_key, me=me
        )
    except Exception as exc:
        logger.exception("publication %s failed unexpectedly", publication.pk)
        return _record_failure(
            publication,
            DeliveryError(Outcome.UNCERTAIN, f"خطای پیش‌بینی‌نشده: {type(exc).__name__}"),
            attempts=attempts,
            dedups=adapter.dedups_by_key,
            me=me,
        )
    Publication.objects.filter(
        pk=publication.pk, state=PublicationState.SENDING, claimed_by=me
    ).update(
        state=PublicationState.SENT,
        sent_at=timezone.now(),
        external_id=delivered.external_id[:120],
        last_error="",
        next_attempt_at=None,
        updated_at=timezone.now(),
    )
    return SendResult(PublicationState.SENT)


def _record_failure(
    publication: Publication, exc: DeliveryError, *, attempts: int, dedups: bool, me: str
) -> SendResult:
    now = timezone.now()
    outcome = exc.outcome
    if outcome == Outcome.UNCERTAIN and dedups:
        outcome = Outcome.RETRY
    message = exc.message
    retry_at: dt.datetime | None = None
    state = PublicationState.FAILED
    if outcome == Outcome.RETRY and attempts < MAX_ATTEMPTS:
        retry_at = now + _backoff(attempts, exc.retry_after_s)
        message = (
            f"{message} (تلاش {persian.to_persian_digits(str(attempts))}؛ "
            f"تلاش بعدی {persian.format_jalali(retry_at, 'datetime')})"
        )
    elif outcome == Outcome.RETRY:
        message = (
            f"{message} (پس از {persian.to_persian_digits(str(attempts))} تلاش، "
            "ارسال خودکار متوقف شد)"
        )
    elif outcome == Outcome.UNCERTAIN:
        state = PublicationState.UNCERTAIN
    Publication.objects.filter(
        pk=publication.pk, state=PublicationState.SENDING, claimed_by=me
    ).update(state=state, last_error=message[:2000], next_attempt_at=retry_at, updated_at=now)
    return SendResult(state, retry_at)


def _pid_is_dead(claimed_by: str) -> bool:
    host, pid_text, token = ([*claimed_by.split(":"), "", ""])[:3]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return token != _PROCESS_TOKEN
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" in status.read_text().lower()


def publications_recover(*, now: dt.datetime | None = None) -> list[int]:
    """Settle rows left in ``sending`` by a dead worker; return the ones to send again.

    A worker on this machine whose process is gone is dead at once; one elsewhere after the
    lease. Where the channel drops repeated keys the row goes back to ``pending``; elsewhere the
    request may have arrived, so the row waits for a person as ``uncertain``.
    """
    now = now or timezone.now()
    resend: list[int] = []
    stale = Publication.objects.filter(state=PublicationState.SENDING).select_related("channel")
    for row in stale:
        expired = row.claimed_at is None or row.claimed_at < now - CLAIM_LEASE
        if not (expired or _pid_is_dead(row.claimed_by)):
            continue
        try:
            dedups = adapter_for(row.channel).dedups_by_key
        except JaheshError:
            dedups = False
        same_claim = Publication.objects.filter(
            pk=row.pk, state=PublicationState.SENDING, claimed_by=row.claimed_by
        )
        if dedups:
            if same_claim.update(state=PublicationState.PENDING, updated_at=now):
                resend.append(row.pk)
        else:
            same_claim.update(
                state=PublicationState.UNCERTAIN,
                last_error=(
                    "پردازشگر در میانه ارسال از کار افتاد؛ معلوم نیست پیام رسیده است یا نه. "
                    "مقصد را بررسی کنید و «ارسال شد» یا «ارسال دوباره» را بزنید."
                ),
                updated_at=now,
            )
    return resend


def publications_due(
    *,
    now: dt.datetime | None = None,
    overdue_by: dt.timedelta = LOST_TASK_AFTER,
    limit: int = 5000,
) -> list[int]:
    """Rows whose queued task may be lost: pending well past due, or failed and due again.

    A consumer that starts after a crash passes ``overdue_by=0``: the jobs of the dead one are
    gone, and a row that is also still queued is harmless (only one claim can win).
    """
    now = now or timezone.now()
    return list(
        Publication.objects.filter(
            Q(state=PublicationState.PENDING, due_at__lte=now - overdue_by)
            | Q(state=PublicationState.FAILED, next_attempt_at__lte=now - overdue_by)
        )
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def publication_retry(*, by: Actor, publication: Publication) -> Publication:
    """Send a failed or uncertain publication again now, with the same idempotency key."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    require(perms.can_manage_publications(by, publication.article.municipality), _DENIED)
    require(
        publication.state in (PublicationState.FAILED, PublicationState.UNCERTAIN),
        ArticleStateError("فقط انتشار ناموفق یا نامعلوم دوباره فرستاده می‌شود."),
    )
    require(
        publication.article.status != ArticleStatus.WITHDRAWN,
        ArticleStateError("این مطلب بازپس گرفته شده است."),
    )
    publication.state = PublicationState.PENDING
    publication.next_attempt_at = None
    publication.due_at = min(publication.due_at, timezone.now())
    publication.save()
    pk = publication.pk
    transaction.on_commit(
        lambda: signals.publication_retried.send(sender=Publication, publication_id=pk)
    )
    return publication


@transaction.atomic
def publication_mark_sent(*, by: Actor, publication: Publication) -> Publication:
    """Record that an uncertain or failed publication did reach its channel (a person checked)."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    require(perms.can_manage_publications(by, publication.article.municipality), _DENIED)
    require(
        publication.state in (PublicationState.FAILED, PublicationState.UNCERTAIN),
        ArticleStateError("فقط انتشار ناموفق یا نامعلوم دستی «ارسال شد» می‌شود."),
    )
    publication.state = PublicationState.SENT
    publication.sent_at = timezone.now()
    publication.next_attempt_at = None
    publication.last_error = f"{publication.last_error}\nتأیید دستی: ارسال شده است.".strip()
    publication.save()
    return publication
