"""Log-in throttling with django-axes: who is asking, and what a locked-out person is told.

A username that fails ``JAHESH_LOGIN_FAILURE_LIMIT`` times is locked wherever the attempts come
from (one account guessed from many addresses), and so is an address that fails that often on
any usernames (one address guessing many accounts), each for ``JAHESH_LOGIN_COOLOFF_MIN``
minutes. A staff member with the right to delete access attempts unlocks earlier in the admin
(«قفل ورود»), or an operator runs ``jahesh axes_reset_username NAME``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from jahesh.core import lockout

TOO_MANY_REQUESTS = 429


def client_address(request: HttpRequest) -> str:
    """The address a request came from, seen through ``JAHESH_PROXY_COUNT`` trusted proxies.

    Behind a reverse proxy every request comes from the proxy, so one person's failures would
    lock everybody out; each trusted proxy appends the address it was reached from to
    X-Forwarded-For, so the entry that many places from the right is the client's. Entries
    further left were written by the client and prove nothing.
    """
    remote: str = request.META.get("REMOTE_ADDR", "")
    count: int = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-count] if len(forwarded) >= count else remote


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """Tell a locked-out person in Persian until when the lock holds and whom to ask.

    django-axes moves a lock's start to every attempt made while locked (this one included),
    so the lock ends one cool-off after this request.
    """
    cooloff: timedelta = settings.AXES_COOLOFF_TIME
    attempted = getattr(request, "axes_attempt_time", None) or timezone.now()
    context = {
        "title": lockout.TITLE,
        "paragraphs": lockout.password_locked(
            until=attempted + cooloff, minutes=int(cooloff.total_seconds() // 60)
        ),
    }
    html = render_to_string("config/locked_out.html", context, request)
    return HttpResponse(html, status=TOO_MANY_REQUESTS)
