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
from collections.abc import Callable, Mapping
from functools import wraps
from types import MappingProxyType
from typing import Any, overload

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

from jahesh.core.addresses import served_host
from jahesh.newsroom.models import VISIBLE_STATUSES, Article
from jahesh.portal import versions
from jahesh.portal.models import ContentVersion
from jahesh.portal.services import ANY_CITY_SCOPE, GLOBAL_SCOPE, city_scope, figures_scope

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


def figures_version(city_slug: str) -> str:
    """The versions of what a city's added-up figures stand on (its registry and plans, not its
    news): from this process's memo, or in one query."""
    memo_key = "figures:" + city_slug
    known = versions.remembered(memo_key)
    if known is not None:
        return known
    scopes = [GLOBAL_SCOPE, figures_scope(city_slug)]
    found = dict(ContentVersion.objects.filter(scope__in=scopes).values_list("scope", "version"))
    value = ".".join(str(found.get(scope, 0)) for scope in scopes)
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


def page_number(raw: str) -> str | None:
    """Read ``?page=`` as Django's paginator does: what ``int()`` reads, else absent (page 1)."""
    try:
        return str(int(raw))
    except ValueError:
        return None


# How a page reads one query parameter: the raw value to the value that decides what it shows,
# or None when the page treats it as absent.
Canonical = Callable[[str], str | None]
PAGINATED: Mapping[str, Canonical] = MappingProxyType({"page": page_number})
NO_QUERY: Mapping[str, Canonical] = MappingProxyType({})

# A page stores at most this many query variants (page numbers) per content version: beyond the
# last page the paginator shows the last page for every number, which would otherwise fill the
# cache one number at a time.
MAX_QUERY_VARIANTS = 200


def page_cache_key(request: HttpRequest, query: Mapping[str, Canonical], versions: str) -> str:
    """Key a page on its path and the query parameters it reads, canonicalised; the rest of the
    query string (utm_*, cache busters) cannot make a new entry."""
    read: list[str] = []
    for name in sorted(query):
        raw = request.GET.get(name)
        value = None if raw is None else query[name](raw)
        if value is not None:
            read.append(f"{name}={value}")
    # Without a fixed site address the page's links name the address it was asked at.
    source = served_host(request) + request.path + "?" + "&".join(read)
    digest = hashlib.sha1(source.encode()).hexdigest()
    return f"{CACHE_PREFIX}{digest}:{versions}"


def _may_store_variant(request: HttpRequest, query: Mapping[str, Canonical], versions: str) -> bool:
    if not any(request.GET.get(name) is not None for name in query):
        return True
    digest = hashlib.sha1(request.path.encode()).hexdigest()
    counter = f"{CACHE_PREFIX}variants:{digest}:{versions}"
    cache.add(counter, 0, settings.PORTAL_CACHE_SECONDS)
    try:
        return cache.incr(counter) <= MAX_QUERY_VARIANTS
    except ValueError:  # the counter expired between add() and incr()
        return False


def content_etag(content: bytes) -> str:
    """A strong validator of a page's bytes (the same page, the same tag, in every process)."""
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


def _etags_asked(request: HttpRequest) -> set[str]:
    header = request.headers.get("If-None-Match", "")
    # nginx's gzip turns a strong tag weak on the way out; a browser sends that one back.
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


@overload
def cached_page(view: View) -> View: ...
@overload
def cached_page(*, query: Mapping[str, Canonical]) -> Callable[[View], View]: ...
def cached_page(
    view: View | None = None, *, query: Mapping[str, Canonical] = NO_QUERY
) -> View | Callable[[View], View]:
    """Serve a successful GET of the view from the cache while its city's data is unchanged.

    ``query`` names the query parameters the view reads and how to canonicalise each; every other
    parameter is ignored by the cache as it is by the view. Use bare or with arguments:
    ``cached_page(view)``, ``cached_page(query=PAGINATED)(view)``.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            versions = versions_for(kwargs.get("city"))
            key = page_cache_key(request, query, versions)
            hit = cache.get(key)
            response: HttpResponse
            if hit is not None:
                content, content_type = hit
                etag = content_etag(content)
                if etag in _etags_asked(request):
                    # nginx revalidating an expired copy, or a browser's: nothing to send again.
                    response = HttpResponseNotModified()
                else:
                    response = HttpResponse(content, content_type=content_type)
                response["ETag"] = etag
            else:
                response = view(request, *args, **kwargs)
                if (
                    response.status_code == 200
                    and not response.streaming
                    and _may_store_variant(request, query, versions)
                ):
                    if hasattr(response, "render") and callable(response.render):
                        response.render()
                    cache.set(
                        key,
                        (response.content, response["Content-Type"]),
                        settings.PORTAL_CACHE_SECONDS,
                    )
                if response.status_code == 200 and not response.streaming:
                    response["ETag"] = content_etag(response.content)
            response["Cache-Control"] = "public, max-age=60"
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
