"""A messenger bot API of the Telegram kind (Telegram, Bale): sendMessage and sendPhoto.

The base URL is part of the channel's settings (``https://api.telegram.org``,
``https://tapi.bale.ai``, or a local server in tests); the token goes into the path as the API
expects and is never logged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from jahesh.newsroom.channels import http
from jahesh.newsroom.channels.base import Delivered, DeliveryError, Outcome, OutgoingMessage

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024


@dataclass(frozen=True, slots=True)
class BotChannel:
    base_url: str
    token: str
    chat_id: str
    timeout_s: float = http.DEFAULT_TIMEOUT_S
    dedups_by_key: bool = False

    def send(self, message: OutgoingMessage) -> Delivered:
        if not self.token:
            raise DeliveryError(Outcome.PERMANENT, "توکن بات برای این مجرا وارد نشده است.")
        if not self.chat_id:
            raise DeliveryError(Outcome.PERMANENT, "شناسه کانال یا گفت‌وگوی بات وارد نشده است.")
        if message.photo_url:
            method = "sendPhoto"
            payload = {
                "chat_id": self.chat_id,
                "photo": message.photo_url,
                "caption": message.short_text(CAPTION_LIMIT),
            }
        else:
            method = "sendMessage"
            payload = {"chat_id": self.chat_id, "text": message.short_text(MESSAGE_LIMIT)}
        url = f"{self.base_url.rstrip('/')}/bot{self.token}/{method}"
        try:
            answer = http.post(
                url,
                body=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                content_type="application/json; charset=utf-8",
                headers={"X-Idempotency-Key": message.idempotency_key},
                timeout_s=self.timeout_s,
            )
        except DeliveryError as exc:
            # The token sits in the URL; keep it out of any stored error text.
            exc.message = exc.message.replace(self.token, "…")
            raise
        try:
            reply = answer.json()
        except (ValueError, UnicodeDecodeError) as exc:
            raise DeliveryError(
                Outcome.UNCERTAIN, "پاسخ بات خوانا نبود؛ معلوم نیست پیام فرستاده شده است یا نه."
            ) from exc
        if not isinstance(reply, dict) or reply.get("ok") is not True:
            description = str(reply.get("description", "")) if isinstance(reply, dict) else ""
            raise DeliveryError(
                Outcome.UNCERTAIN,
                f"بات پاسخ ناموفق یا ناشناخته داد: {description[:200]}",
            )
        result = reply.get("result")
        message_id = result.get("message_id", "") if isinstance(result, dict) else ""
        return Delivered(external_id=str(message_id))
