"""The public address that absolute links start with.

With ``JAHESH_SITE_URL`` set, every link names it, whatever address a page was asked at (a proxy
may reach the site by another name). Unset, a served page names the address it was asked at, so
``jahesh demo --port 8011`` links to port 8011; work done outside a request (a channel's message,
the static export) falls back to ``SITE_URL``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site_url(request: HttpRequest | None = None) -> str:
    """Return the scheme and host (no trailing slash) that absolute links start with."""
    if settings.SITE_URL_FIXED or request is None:
        return str(settings.SITE_URL)
    return request.build_absolute_uri("/").rstrip("/")


def served_host(request: HttpRequest) -> str:
    """Return what a cached page's links depend on besides its path: nothing with a fixed site
    address, else the scheme and host it was asked at."""
    return "" if settings.SITE_URL_FIXED else site_url(request)
