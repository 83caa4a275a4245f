"""ETag and Last-Modified of API answers, keyed on the content versions, and conditional GET.

Every public change bumps a content version in the writer's transaction (the portal's
``ContentVersion`` rows, bumped by its receivers for every registry, leaps and newsroom row): a
city's version for a change in one city, the "any city" version beside it, the global one for a
change of a city itself. An answer's validator is a digest of the versions it depends on and of
its full address, so a 304 needs no query of the data at all; each process trusts the versions
it read for ``MEMO_SECONDS``, so a 304 usually needs no query whatsoever.

The version table is read by its app label, not imported: open data and the portal are
independent siblings in the layers (pyproject's import contract), and this table is the only
signal of public change the project keeps.

Articles also turn public by the clock (``published_at`` reached) and by the newsroom's bulk
publishing UPDATE, which sends no signal; their answers add a digest of the visible articles
(how many, last change), as the portal's pages do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from jahesh.newsroom.models import Article

MEMO_SECONDS = 1.0
GLOBAL_SCOPE = "all"
ANY_CITY_SCOPE = "any"
# How long a validator's first-seen moment (Last-Modified) is remembered in the shared cache.
SEEN_SECONDS = 7 * 24 * 3600
# How long a serialised answer is kept: a new version makes a new key, so this only bounds the
# memory that addresses no longer asked for hold.
BODY_SECONDS = 300

R = TypeVar("R", bound=HttpResponseBase)

_memo: dict[str, tuple[float, str]] = {}


def _remembered(key: str, read: Callable[[], str]) -> str:
    found = _memo.get(key)
    now = time.monotonic()
    if found is not None and now - found[0] < MEMO_SECONDS:
        return found[1]
    value = read()
    _memo[key] = (now, value)
    return value


def forget() -> None:
    """Drop this process's memo (tests change data and ask again at once)."""
    _memo.clear()


def content_versions(city_slug: str | None) -> str:
    """The content versions an answer about the city (None: about any city) depends on: its
    own or the "any city" one, and the global one. The open-data files are keyed on it too."""
    scopes = [GLOBAL_SCOPE, ANY_CITY_SCOPE if city_slug is None else f"city:{city_slug}"]
    versions = apps.get_model("portal", "ContentVersion")
    found = dict(versions.objects.filter(scope__in=scopes).values_list("scope", "version"))
    return ".".join(str(found.get(scope, 0)) for scope in scopes)


def _articles_signature(city_slug: str | None) -> str:
    rows = Article.objects.published()
    if city_slug is not None:
        rows = rows.filter(municipality__slug=city_slug)
    found = rows.aggregate(n=Count("pk"), last=Max("updated_at"))
    last = found["last"].timestamp() if found["last"] else 0
    return f"{found['n']}.{last:.3f}"


def table_signature(rows: QuerySet[Any, Any]) -> str:
    """How many rows and their last change: the signal of change for tables whose writes bump
    no content version (the committee's, the facts' re-checks)."""
    found = rows.order_by().aggregate(n=Count("pk"), last=Max("updated_at"))
    last = found["last"].timestamp() if found["last"] else 0
    return f"{found['n']}.{last:.3f}"


def validators(
    request: HttpRequest,
    *,
    city_slug: str | None,
    articles: bool = False,
    extra: tuple[str, Callable[[], str]] | None = None,
) -> tuple[str, dt.datetime]:
    """Return (ETag, Last-Modified) of the answer to ``request``.

    Last-Modified is the moment this validator was first seen (kept in the shared cache, rounded
    up to the second): the data changed at or before it, and any later change makes a new one.
    """
    memo_key = f"{city_slug or ''}:{int(articles)}:{extra[0] if extra else ''}"

    def read() -> str:
        value = content_versions(city_slug)
        if articles:
            value = f"{value}:{_articles_signature(city_slug)}"
        return f"{value}:{extra[1]()}" if extra else value

    versions = _remembered(memo_key, read)
    digest = hashlib.blake2s(
        f"{versions}|{request.get_full_path()}".encode(), digest_size=12
    ).hexdigest()
    seen_key = f"api:v1:seen:{digest}"
    first = math.ceil(time.time())
    # The first process to see this validator records the moment; the others read it.
    added = cache.add(seen_key, first, SEEN_SECONDS)
    seen = first if added else int(cache.get(seen_key) or first)
    return f'W/"{digest}"', dt.datetime.fromtimestamp(seen, tz=dt.UTC)


def _body_key(request: HttpRequest, etag: str) -> str:
    # The body holds absolute addresses ("next"), so the scheme and host are part of the key.
    where = hashlib.blake2s(request.build_absolute_uri().encode(), digest_size=12).hexdigest()
    return f"api:v1:body:{etag}:{where}"


def remembered_body(request: HttpRequest, etag: str) -> str | None:
    """The body already answered under this validator, if the cache still holds it.

    An ETag names one body: the API answers 304 to whoever holds it, on the same promise. So
    the rows are read and serialised once per address and content version, not per request.
    """
    found = cache.get(_body_key(request, etag))
    return found if isinstance(found, str) else None


def remember_body(request: HttpRequest, etag: str, body: str) -> None:
    cache.set(_body_key(request, etag), body, BODY_SECONDS)


def not_modified(
    request: HttpRequest, etag: str, last_modified: dt.datetime
) -> HttpResponse | None:
    """A 304 when the client's copy is current, else None (Django's RFC 9110 rules: If-None-Match
    decides when sent, If-Modified-Since only without it)."""
    answer = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp()), response=None
    )
    if answer is not None:
        mark(answer, etag, last_modified)
    return answer


def mark(response: R, etag: str, last_modified: dt.datetime) -> R:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    # Clients and shared caches keep the answer but ask again each time; the ETag makes asking
    # cheap.
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response
