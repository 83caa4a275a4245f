"""A messenger bot API of the Telegram kind (Telegram, Bale): sendMessage and sendPhoto.

The base URL is part of the channel's settings (``https://api.telegram.org``,
``https://tapi.bale.ai``, or a local server in tests); the token goes into the path as the API
expects and is never logged. A photo whose file is on this server is uploaded (multipart form
data), so it arrives even when the site's own address is not public; otherwise its address is
sent for the bot's server to fetch.
"""

from __future__ import annotations

import json
import mimetypes
import os
import secrets
from dataclasses import dataclass

from jahesh.newsroom.channels import http
from jahesh.newsroom.channels.base import Delivered, DeliveryError, Outcome, OutgoingMessage

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
# Telegram's limit for an uploaded photo; a larger file is sent by its address instead.
PHOTO_UPLOAD_LIMIT = 10 * 1024 * 1024


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
        photo = _readable_photo(message.photo_path)
        if photo is not None:
            method = "sendPhoto"
            body, content_type = _multipart(
                {"chat_id": self.chat_id, "caption": message.short_text(CAPTION_LIMIT)},
                name="photo",
                filename=os.path.basename(message.photo_path),
                content=photo,
            )
        elif message.photo_url:
            method = "sendPhoto"
            body, content_type = _json(
                {
                    "chat_id": self.chat_id,
                    "photo": message.photo_url,
                    "caption": message.short_text(CAPTION_LIMIT),
                }
            )
        else:
            method = "sendMessage"
            body, content_type = _json(
                {"chat_id": self.chat_id, "text": message.short_text(MESSAGE_LIMIT)}
            )
        url = f"{self.base_url.rstrip('/')}/bot{self.token}/{method}"
        try:
            answer = http.post(
                url,
                body=body,
                content_type=content_type,
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


def _json(payload: dict[str, str]) -> tuple[bytes, str]:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return body, "application/json; charset=utf-8"


def _readable_photo(path: str) -> bytes | None:
    """The photo's bytes when its file is here and small enough to upload, else None."""
    if not path:
        return None
    try:
        if os.path.getsize(path) > PHOTO_UPLOAD_LIMIT:
            return None
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _multipart(
    fields: dict[str, str], *, name: str, filename: str, content: bytes
) -> tuple[bytes, str]:
    """A multipart/form-data body (RFC 7578) of text fields and one file."""
    boundary = f"jahesh-{secrets.token_hex(16)}"
    parts: list[bytes] = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
            + value.encode("utf-8")
            + b"\r\n"
        )
    kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    # The stored name is ours (upload_to), but quotes and line breaks are kept out regardless.
    safe_name = "".join(c for c in filename if c not in '"\r\n\\') or "photo"
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{safe_name}"\r\nContent-Type: {kind}\r\n\r\n'
        ).encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
