"""``Idempotency-Key`` on the staff API's POSTs: the same key with the same body gets the first
answer again, without writing twice; the same key with another body is refused (422).

Only a successful answer is remembered, in the same transaction as the write it reports: a
refused request wrote nothing, so sending it again (fixed or not) under its key is a new try.
Two requests racing with one key meet at the key's unique constraint: the second is refused
with 409 and its write rolled back.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse

from jahesh.opendata.api.problems import (
    ApiConflictError,
    ApiInputError,
    IdempotencyKeyReusedError,
)
from jahesh.opendata.models import ApiIdempotencyKey, ApiToken

HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")
BAD_KEY = (
    "سرآیند «Idempotency-Key» باید ۱ تا ۲۰۰ نویسهٔ چاپی لاتین بی فاصله باشد (برای نمونه یک UUID)."
)


def fingerprint(payload: Any) -> str:
    """A stable text of a request's body: the same JSON with its keys in any order is the same."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)


def answered_once(
    request: HttpRequest, token: ApiToken, body: str, run: Callable[[], HttpResponse]
) -> HttpResponse:
    key = request.headers.get(HEADER)
    if key is None:
        return run()
    if not _KEY.match(key):
        raise ApiInputError(BAD_KEY, field=HEADER)
    digest = hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()
    found = ApiIdempotencyKey.objects.filter(token=token, key=key).first()
    if found is not None:
        if found.request_sha256 != digest:
            raise IdempotencyKeyReusedError()
        return HttpResponse(
            found.body,
            status=found.status_code,
            content_type="application/json; charset=utf-8",
            headers={"Content-Language": "fa", "Idempotent-Replayed": "true"},
        )
    try:
        with transaction.atomic():
            response = run()
            if 200 <= response.status_code < 300:
                ApiIdempotencyKey.objects.create(
                    token=token,
                    key=key,
                    request_sha256=digest,
                    status_code=response.status_code,
                    body=response.content.decode(),
                )
    except IntegrityError as exc:
        raise ApiConflictError() from exc
    return response
