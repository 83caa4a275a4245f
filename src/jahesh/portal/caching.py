"""Whole-page caching for the public portal, keyed by content versions.

A cached page's key holds the global version and its city's version (see ``ContentVersion``):
every public change bumps one of them in the writer's transaction, so the next request after the
commit misses the cache and renders fresh data, in every web process, whatever the cache backend.
Pages that depend on the clock (the wave on now, articles scheduled for later) are also bounded
by ``PORTAL_CACHE_SECONDS``. Each process remembers the versions for a second (``versions``), so a
cache hit needs no database at all; another process's change shows within that second.
The newsroom publishes a wave's articles with a bulk UPDATE that sends no signal, so city pages
also key on a signature of the city's visible articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse

from jahesh.newsroom.models import VISIBLE_STATUSES, Article
from jahesh.portal import versions
from jahesh.portal.models import ContentVersion
from jahesh.portal.services import ANY_CITY_SCOPE, GLOBAL_SCOPE, city_scope

View = Callable[..., HttpResponse]
CACHE_PREFIX = "portal:page:"


def versions_for(city_slug: str | None) -> str:
    """Return the versions a page of the city depends on: from this process's memo, or in two
    queries (the versions, and a signature of the city's visible articles)."""
    memo_key = city_slug or ""
    known = versions.remembered(memo_key)
    if known is not None:
        return known
    scopes = (
        [GLOBAL_SCOPE, ANY_CITY_SCOPE]
        if city_slug is None
        else [GLOBAL_SCOPE, city_scope(city_slug)]
    )
    found = dict(ContentVersion.objects.filter(scope__in=scopes).values_list("scope", "version"))
    value = ".".join(str(found.get(scope, 0)) for scope in scopes)
    if city_slug is not None:
        value += ":" + _news_signature(city_slug)
    versions.remember(memo_key, value)
    return value


def _news_signature(city_slug: str) -> str:
    """Sum up the city's visible articles (how many, last change), because the newsroom
    publishes a wave's articles with one bulk UPDATE, which sends no signal to bump a version."""
    row = Article.objects.filter(
        municipality__slug=city_slug, status__in=VISIBLE_STATUSES
    ).aggregate(n=Count("id"), last=Max("updated_at"))
    last = row["last"].timestamp() if row["last"] else 0
    return f"{row['n']}.{last:.0f}"


def cached_page(view: View) -> View:
    """Serve a successful GET of the view from the cache while its city's data is unchanged."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        versions = versions_for(kwargs.get("city"))
        digest = hashlib.sha1(request.get_full_path().encode()).hexdigest()
        key = f"{CACHE_PREFIX}{digest}:{versions}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                cache.set(
                    key,
                    (response.content, response["Content-Type"]),
                    settings.PORTAL_CACHE_SECONDS,
                )
        response["Cache-Control"] = "public, max-age=60"
        return response

    return wrapper
