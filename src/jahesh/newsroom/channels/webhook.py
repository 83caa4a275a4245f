"""A signed webhook: the article as JSON, HMAC-SHA256 signed, with the idempotency key.

Headers: ``X-Jahesh-Timestamp`` (Unix seconds), ``X-Jahesh-Signature: sha256=<hex>`` computed over
``"<timestamp>.<body>"`` with the channel's key (so the timestamp cannot be swapped for a replay),
and ``Idempotency-Key``. Receivers are expected to drop a key they have seen, which is why an
uncertain delivery to a webhook is simply tried again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from jahesh.newsroom.channels import http
from jahesh.newsroom.channels.base import Delivered, DeliveryError, Outcome, OutgoingMessage


def signature(key: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(key.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def payload(message: OutgoingMessage) -> bytes:
    data = {
        "idempotency_key": message.idempotency_key,
        "code": message.code,
        "kicker": message.kicker,
        "title": message.title,
        "lead": message.lead,
        "body": message.body,
        "url": message.url,
        "published_at": message.published_at.isoformat(),
        "photo_url": message.photo_url,
        "is_correction": message.is_correction,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


@dataclass(frozen=True, slots=True)
class WebhookChannel:
    url: str
    key: str
    timeout_s: float = http.DEFAULT_TIMEOUT_S
    dedups_by_key: bool = True

    def send(self, message: OutgoingMessage) -> Delivered:
        if not self.key:
            raise DeliveryError(Outcome.PERMANENT, "کلید امضای وب‌هوک وارد نشده است.")
        body = payload(message)
        timestamp = str(int(time.time()))
        http.post(
            self.url,
            body=body,
            content_type="application/json; charset=utf-8",
            headers={
                "X-Jahesh-Timestamp": timestamp,
                "X-Jahesh-Signature": signature(self.key, timestamp, body),
                "Idempotency-Key": message.idempotency_key,
            },
            timeout_s=self.timeout_s,
        )
        return Delivered()
