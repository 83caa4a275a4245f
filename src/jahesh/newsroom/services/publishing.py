"""Publishing: scheduling articles for one moment, recording past ones, firing a dispatch.

Sending each publication is in ``sending``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from jahesh import persian
from jahesh.core import audit
from jahesh.core.errors import PermissionDeniedError, ValidationError, require
from jahesh.core.history import acting_user
from jahesh.leaps.models import Wave
from jahesh.newsroom import permissions as perms
from jahesh.newsroom import signals
from jahesh.newsroom.errors import (
    ArticleStateError,
    NoChannelError,
    NothingToPublishError,
    ScheduleInPastError,
)
from jahesh.newsroom.models import (
    Article,
    ArticleStatus,
    Channel,
    Dispatch,
    Publication,
    PublicationState,
)
from jahesh.registry.models import Municipality
from jahesh.registry.permissions import Actor

_DENIED = PermissionDeniedError()

# A schedule this close to now counts as "now": the form round-trip takes a moment.
PAST_TOLERANCE = dt.timedelta(seconds=30)


def _user_or_none(by: Actor) -> Any:
    return by if getattr(by, "pk", None) and by.is_authenticated else None


def _require_future(at: dt.datetime, now: dt.datetime) -> None:
    require(
        timezone.is_aware(at), ValidationError("زمان انتشار باید با منطقه زمانی باشد.", field="at")
    )
    if at < now - PAST_TOLERANCE:
        raise ScheduleInPastError(
            f"زمان انتشار ({persian.format_jalali(at, 'datetime')}) گذشته است؛ "
            "زمانی در آینده برگزینید."
        )


def _channels(municipality: Municipality, chosen: Iterable[Channel] | None) -> list[Channel]:
    if chosen is None:
        rows = list(
            Channel.objects.filter(municipality=municipality, is_active=True, is_default=True)
        )
    else:
        rows = [c for c in chosen if c.is_active]
        require(
            all(c.municipality_id == municipality.pk for c in rows),
            ValidationError("مجرای برگزیده از این شهرداری نیست."),
        )
    require(bool(rows), NoChannelError())
    return rows


def _announce_scheduled(dispatch: Dispatch) -> None:
    dispatch_id, due_at = dispatch.pk, dispatch.due_at
    transaction.on_commit(
        lambda: signals.dispatch_scheduled.send(
            sender=Dispatch, dispatch_id=dispatch_id, due_at=due_at
        )
    )


def _schedule(
    *, articles: Sequence[Article], channels: Sequence[Channel], dispatch: Dispatch, by: Actor
) -> list[Publication]:
    """Move the articles to ``scheduled`` and give each a publication on each channel.

    A rescheduled article's unsent publications move to the new moment; a channel it already
    reached (or may have reached) is never given a second one.
    """
    at = dispatch.due_at
    existing: dict[tuple[int, int], Publication] = {}
    serials: dict[tuple[int, int], int] = {}
    for row in Publication.objects.filter(article__in=articles, channel__in=channels):
        pair = (row.article_id, row.channel_id)
        serials[pair] = serials.get(pair, 0) + 1
        if row.state != PublicationState.CANCELLED:
            existing[pair] = row
    moved: list[Publication] = []
    new: list[Publication] = []
    previous: set[int] = set()
    for article in articles:
        article.status = ArticleStatus.SCHEDULED
        article.scheduled_for = at
        with acting_user(article, by, "زمان‌بندی انتشار"):
            article.save()
        for channel in channels:
            pair = (article.pk, channel.pk)
            earlier = existing.get(pair)
            if earlier is not None:
                if earlier.state in (PublicationState.PENDING, PublicationState.FAILED):
                    if earlier.dispatch_id is not None:
                        previous.add(earlier.dispatch_id)
                    earlier.state = PublicationState.PENDING
                    earlier.due_at = at
                    earlier.dispatch = dispatch
                    earlier.next_attempt_at = None
                    moved.append(earlier)
                continue
            serial = serials.get(pair, 0) + 1
            new.append(
                Publication(
                    municipality_id=article.municipality_id,
                    article=article,
                    channel=channel,
                    dispatch=dispatch,
                    due_at=at,
                    idempotency_key=(
                        f"jahesh-{article.municipality_id}-{article.code}-{channel.pk}-{serial}"
                    ),
                )
            )
    if moved:
        Publication.objects.bulk_update(moved, ["state", "due_at", "dispatch", "next_attempt_at"])
        # A dispatch whose rows all moved to the new moment has nothing left to fire.
        Dispatch.objects.filter(pk__in=previous, publications__isnull=True).update(
            cancelled_at=timezone.now()
        )
    created = Publication.objects.bulk_create(new, batch_size=500)
    return [*moved, *created]


@transaction.atomic
def article_schedule(
    *,
    by: Actor,
    article: Article,
    at: dt.datetime,
    channels: Iterable[Channel] | None = None,
    now: dt.datetime | None = None,
) -> list[Publication]:
    """Schedule one approved article on the chosen (or the city's default) channels."""
    article = Article.objects.select_for_update().select_related("municipality").get(pk=article.pk)
    require(perms.can_schedule_article(by, article), _DENIED)
    require(
        article.status in (ArticleStatus.APPROVED, ArticleStatus.SCHEDULED),
        ArticleStateError("فقط مطلب تأییدشده زمان‌بندی می‌شود."),
    )
    _require_future(at, now or timezone.now())
    dispatch = Dispatch.objects.create(
        municipality=article.municipality, due_at=at, created_by=_user_or_none(by)
    )
    publications = _schedule(
        articles=[article],
        channels=_channels(article.municipality, channels),
        dispatch=dispatch,
        by=by,
    )
    audit.publication_record(by=by, city=article.municipality, articles=[article], at=at)
    _announce_scheduled(dispatch)
    return publications


def article_publish_now(
    *,
    by: Actor,
    article: Article,
    channels: Iterable[Channel] | None = None,
    now: dt.datetime | None = None,
) -> list[Publication]:
    """Publish one approved article at once: a schedule for this very moment, so it goes out
    through the same dispatch, idempotency keys and retries as a scheduled one."""
    moment = now or timezone.now()
    return article_schedule(by=by, article=article, at=moment, channels=channels, now=moment)


def wave_publish_now(
    *,
    wave: Wave,
    by: Actor,
    channels: Iterable[Channel] | None = None,
    now: dt.datetime | None = None,
) -> list[Publication]:
    """Publish every approved article of the wave at once, together, as ``wave_publish`` does."""
    moment = now or timezone.now()
    return wave_publish(wave=wave, by=by, at=moment, channels=channels, now=moment)


@transaction.atomic
def wave_publish(
    *,
    wave: Wave,
    by: Actor,
    at: dt.datetime,
    channels: Iterable[Channel] | None = None,
    now: dt.datetime | None = None,
) -> list[Publication]:
    """Schedule every approved article of the wave on every chosen channel for the same moment."""
    municipality = wave.programme.municipality
    require(perms.can_publish_wave(by, municipality), _DENIED)
    _require_future(at, now or timezone.now())
    articles = list(
        Article.objects.select_for_update()
        .filter(
            waves=wave,
            municipality=municipality,
            status__in=(ArticleStatus.APPROVED, ArticleStatus.SCHEDULED),
        )
        .order_by("code")
    )
    require(
        bool(articles),
        NothingToPublishError(
            f"هیچ مطلب تأییدشده‌ای برای {wave.programme.wave_noun} "
            f"{persian.to_persian_digits(str(wave.number))} نیست."
        ),
    )
    dispatch = Dispatch.objects.create(
        municipality=municipality, wave=wave, due_at=at, created_by=_user_or_none(by)
    )
    publications = _schedule(
        articles=articles, channels=_channels(municipality, channels), dispatch=dispatch, by=by
    )
    audit.publication_record(by=by, city=municipality, articles=articles, at=at)
    _announce_scheduled(dispatch)
    return publications


@transaction.atomic
def article_record_published(
    *, by: Actor, article: Article, at: dt.datetime, now: dt.datetime | None = None
) -> Article:
    """Record that an approved article appeared on the portal at ``at`` (now or earlier).

    For archives brought in from an older site and for the demo; nothing is sent anywhere, so
    only the city's portal and feed channels get a publication, already sent.
    """
    article = Article.objects.select_for_update().select_related("municipality").get(pk=article.pk)
    require(perms.can_schedule_article(by, article), _DENIED)
    require(
        article.status == ArticleStatus.APPROVED,
        ArticleStateError("فقط مطلب تأییدشده منتشرشده ثبت می‌شود."),
    )
    require(
        at <= (now or timezone.now()),
        ValidationError("زمان انتشار ثبت‌شده نمی‌تواند در آینده باشد؛ آن را زمان‌بندی کنید."),
    )
    article.status = ArticleStatus.PUBLISHED
    article.scheduled_for = at
    article.published_at = at
    with acting_user(article, by, "ثبت انتشار پیشین"):
        article.save()
    audit.publication_record(by=by, city=article.municipality, articles=[article], at=at)
    for channel in Channel.objects.filter(
        municipality=article.municipality, kind__in=("portal", "feed"), is_active=True
    ):
        Publication.objects.get_or_create(
            idempotency_key=f"jahesh-{article.municipality_id}-{article.code}-{channel.pk}-1",
            defaults={
                "municipality": article.municipality,
                "article": article,
                "channel": channel,
                "due_at": at,
                "state": PublicationState.SENT,
                "sent_at": at,
            },
        )
    return article


@transaction.atomic
def dispatch_fire(*, dispatch_id: int, now: dt.datetime | None = None) -> list[int]:
    """Make the dispatch's articles public and return its publications to send now.

    Articles become visible at the planned moment (``published_at`` is the dispatch's time, not
    the worker's), so every article of a wave carries the same time.
    """
    now = now or timezone.now()
    dispatch = Dispatch.objects.select_for_update().filter(pk=dispatch_id).first()
    if dispatch is None or dispatch.cancelled_at is not None or dispatch.due_at > now:
        return []
    if dispatch.fired_at is None:
        dispatch.fired_at = now
        dispatch.save(update_fields=["fired_at", "updated_at"])
    article_ids = set(
        Publication.objects.filter(dispatch=dispatch).values_list("article_id", flat=True)
    )
    articles = list(
        Article.objects.select_for_update().filter(
            pk__in=article_ids, status=ArticleStatus.SCHEDULED, scheduled_for__lte=now
        )
    )
    for article in articles:
        article.status = ArticleStatus.PUBLISHED
        article.published_at = article.scheduled_for
        article.updated_at = now
    # One UPDATE and one history INSERT per batch: a wave's fire must not wait on row-by-row saves.
    bulk_update_with_history(
        articles,
        Article,
        ["status", "published_at", "updated_at"],
        batch_size=200,
        default_change_reason="انتشار",
        default_date=now,
    )
    if articles:
        published = sorted(article.pk for article in articles)
        city_ids = sorted({article.municipality_id for article in articles})
        transaction.on_commit(
            lambda: signals.articles_published.send(
                sender=Article, municipality_ids=city_ids, article_ids=published
            )
        )
    return list(
        Publication.objects.filter(
            dispatch=dispatch, state=PublicationState.PENDING, due_at__lte=now
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def dispatches_unfired(
    *, now: dt.datetime | None = None, overdue_by: dt.timedelta = dt.timedelta(0)
) -> list[int]:
    """Dispatches whose moment has passed (by ``overdue_by``) but which never fired.

    Their job was lost: a consumer killed while holding it, or a queue restarted without its
    schedule. Until one fires, its articles are not public, so its rows must not be sent.
    """
    now = now or timezone.now()
    return list(
        Dispatch.objects.filter(
            fired_at__isnull=True, cancelled_at__isnull=True, due_at__lte=now - overdue_by
        )
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )


def dispatch_fire_by_channel(
    *, dispatch_id: int, now: dt.datetime | None = None
) -> list[list[int]]:
    """``dispatch_fire``, with the publications to send grouped by channel."""
    ids = set(dispatch_fire(dispatch_id=dispatch_id, now=now))
    groups: dict[int, list[int]] = {}
    rows = Publication.objects.filter(dispatch_id=dispatch_id).order_by("pk")
    for pk, channel_id in rows.values_list("pk", "channel_id"):
        if pk in ids:
            groups.setdefault(channel_id, []).append(pk)
    return list(groups.values())
