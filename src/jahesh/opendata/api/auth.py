"""Who a staff API request acts as: the token in ``Authorization: Bearer``, of one city."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from jahesh.core.errors import PermissionDeniedError
from jahesh.opendata.api.tokens import api_token_authenticate
from jahesh.opendata.models import ApiToken

READ_ONLY = "این کلید فقط برای خواندن است؛ برای نوشتن کلیدی با دسترسی «خواندن و نوشتن» بسازید."


class TokenBearer(HttpBearer):
    """Ninja answers 401 when this returns None (a missing, wrong, expired or revoked token)."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return api_token_authenticate(token)


def token_of(request: HttpRequest) -> ApiToken:
    token = getattr(request, "auth", None)
    assert isinstance(token, ApiToken), "a staff route without TokenBearer"
    return token


def writer_of(request: HttpRequest) -> ApiToken:
    """The request's token, refused with 403 unless it may write."""
    token = token_of(request)
    if not token.can_write:
        raise PermissionDeniedError(READ_ONLY)
    return token
