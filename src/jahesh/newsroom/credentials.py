"""Channel secrets (bot tokens, webhook signing keys) encrypted at rest.

Fernet (AES-128-CBC with HMAC-SHA256) from ``cryptography``; the key is derived from
``CHANNEL_SECRET_KEY`` so a database dump alone does not reveal a token.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from jahesh.core.errors import JaheshError


class ChannelSecretUnreadableError(JaheshError):
    default_message = (
        "راز این مجرا با کلید کنونی خوانده نمی‌شود؛ توکن یا کلید امضا را دوباره وارد کنید."
    )


def _fernet() -> Fernet:
    material = f"jahesh-channel-secret:{settings.CHANNEL_SECRET_KEY}".encode()
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(material).digest()))


def encrypt_secret(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode("ascii")


def decrypt_secret(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError) as exc:
        raise ChannelSecretUnreadableError() from exc


def secret_hint(plain: str) -> str:
    """The last four characters, shown so staff can tell two tokens apart; never more."""
    return plain[-4:] if len(plain) >= 12 else ""
