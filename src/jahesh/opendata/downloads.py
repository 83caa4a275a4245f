"""Open-data files built once per city content version, and conditional GETs on them.

A city's CSV, GeoJSON and OC4IDS files read every public project: seconds for a large city. Every
public change bumps the city's content version in the writer's transaction (the portal's
``ContentVersion`` rows, read as the API's answers read them, ``api.conditional``), so a file
built under one version stays right until the next bump: it is kept in the shared cache under a
key that holds the version, and the next request after a change builds a new one. The version
is read on every request (one small query), so a change shows at once in every process, and a
client that sends the file's ETag gets a 304 without a byte of it. Files are kept
gzip-compressed and sent so to clients that accept it (a tenth of the bytes).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import math
import time
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response

from jahesh.core.addresses import served_host
from jahesh.opendata.api import conditional

CACHE_PREFIX = "opendata:file:"
# How long a built file and the moment it was first built are kept; a new version makes a new key
# anyway, so this only bounds how long an unused file occupies the cache.
KEEP_SECONDS = 24 * 3600


# Yields a file's text, or returns its bytes (a binary file).
Builder = Callable[[], Iterable[str] | bytes]


def _key(request: HttpRequest, city_slug: str, kind: str) -> str:
    versions = conditional.content_versions(city_slug)
    identity = f"{kind}|{city_slug}|{versions}|{served_host(request)}"
    return hashlib.blake2s(identity.encode(), digest_size=12).hexdigest()


def _packed(key: str, build: Builder, compress: bool) -> bytes:
    packed = cache.get(key)
    if packed is None:
        made = build()
        raw = made if isinstance(made, bytes) else "".join(made).encode()
        # Kept compressed: a tenth of the memory, and most clients take it as it is.
        packed = gzip.compress(raw, compresslevel=6, mtime=0) if compress else raw
        cache.set(key, packed, KEEP_SECONDS)
    return bytes(packed)


def built_bytes(
    request: HttpRequest, *, city_slug: str, kind: str, build: Callable[[], bytes]
) -> bytes:
    """Return the city's ``kind`` file as ``cached_file(..., binary=True)`` serves it, building
    and keeping it when this version has none yet (a checksum reads the very bytes served)."""
    return _packed(CACHE_PREFIX + _key(request, city_slug, kind), build, compress=False)


def cached_file(
    request: HttpRequest,
    *,
    city_slug: str,
    kind: str,
    content_type: str,
    build: Builder,
    filename: str | None = None,
    stream: bool = False,
    binary: bool = False,
) -> HttpResponseBase:
    """Answer a download of the city's ``kind`` file: 304 when the client's copy is current, the
    cached bytes when another request built them under this version, else build and keep them.

    ``build`` yields the file's text, or returns its bytes when ``binary`` (kept and sent as
    they are: a ZIP gains nothing from gzip); links inside it name the served address when no
    site address is set, so the key holds that address too.
    """
    digest = _key(request, city_slug, kind)
    etag = f'W/"{digest}"'
    key = CACHE_PREFIX + digest
    first = math.ceil(time.time())
    # The first request to see this version records the moment; Last-Modified is that moment.
    seen = first if cache.add(key + ":seen", first, KEEP_SECONDS) else cache.get(key + ":seen")
    last_modified = int(seen or first)
    early = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if early is not None:
        return _mark(early, etag, last_modified)
    packed = _packed(key, build, compress=not binary)
    compressed = not binary and accepts_gzip(request)
    content = packed if compressed or binary else gzip.decompress(packed)
    response: HttpResponseBase
    if stream:
        # The files always left as a stream, and their readers (the static export) read one.
        response = StreamingHttpResponse([content], content_type=content_type)
        response["Content-Length"] = str(len(content))
    else:
        response = HttpResponse(content, content_type=content_type)
    if compressed:
        response["Content-Encoding"] = "gzip"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _mark(response, etag, last_modified)


def accepts_gzip(request: HttpRequest) -> bool:
    """Whether the client takes gzip: named in Accept-Encoding with a weight above zero."""
    for offer in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = offer.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip"):
            weight = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
            try:
                return float(weight) > 0
            except ValueError:
                return False
    return False


def _mark(response: HttpResponseBase, etag: str, last_modified: int) -> HttpResponseBase:
    # The API's validators and caching rule (ask again each time, the ETag makes it cheap), and
    # the encoding the file varies by.
    conditional.mark(response, etag, dt.datetime.fromtimestamp(last_modified, tz=dt.UTC))
    response["Vary"] = "Accept-Encoding"
    return response
