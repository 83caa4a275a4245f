"""Writes of channels: where a city's articles go, with their secrets encrypted."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction

from jahesh import persian
from jahesh.core.errors import PermissionDeniedError, ValidationError, require
from jahesh.newsroom import permissions as perms
from jahesh.newsroom.composition import number
from jahesh.newsroom.credentials import encrypt_secret, secret_hint
from jahesh.newsroom.models import Channel, ChannelKind
from jahesh.registry.models import Municipality
from jahesh.registry.permissions import Actor

_DENIED = PermissionDeniedError()
# PostgreSQL refuses a longer value with an error the person would never see.
CHANNEL_NAME_MAX_LENGTH: int = Channel._meta.get_field("name").max_length or 0
_CONFIG_KEYS = {
    ChannelKind.BOT: {"base_url", "chat_id", "timeout_s"},
    ChannelKind.WEBHOOK: {"url", "timeout_s"},
    ChannelKind.EMAIL: {"recipients"},
    ChannelKind.PORTAL: set(),
    ChannelKind.FEED: set(),
}


def _url(value: Any, label: str) -> str:
    # A publisher may type any host here. Sending refuses loopback and private destinations in
    # production (channels/http.py, JAHESH_CHANNEL_ALLOW_PRIVATE_ADDRESSES) and never follows a
    # redirect; a deployment that must fence its networks fully should also do it at egress.
    text = str(value or "").strip()
    parts = urlsplit(text)
    require(
        parts.scheme in ("https", "http") and bool(parts.netloc),
        ValidationError(f"{label} باید نشانی کامل http یا https باشد.", field="config"),
    )
    return text


def _clean_config(kind: str, config: dict[str, Any]) -> dict[str, Any]:
    allowed = _CONFIG_KEYS[ChannelKind(kind)]
    unknown = set(config) - allowed
    require(not unknown, ValidationError("تنظیمات ناشناخته: " + "، ".join(sorted(unknown))))
    clean: dict[str, Any] = {}
    if kind == ChannelKind.BOT:
        clean["base_url"] = _url(config.get("base_url") or "https://api.telegram.org", "نشانی بات")
        clean["chat_id"] = str(config.get("chat_id", "")).strip()
        require(
            bool(clean["chat_id"]), ValidationError("شناسه کانال بات را بنویسید.", field="config")
        )
    elif kind == ChannelKind.WEBHOOK:
        clean["url"] = _url(config.get("url"), "نشانی وب‌هوک")
    elif kind == ChannelKind.EMAIL:
        raw = config.get("recipients", [])
        recipients = [r.strip() for r in (raw.split(",") if isinstance(raw, str) else raw)]
        recipients = [r for r in recipients if r]
        require(bool(recipients), ValidationError("دست‌کم یک گیرنده بنویسید.", field="config"))
        for address in recipients:
            try:
                validate_email(address)
            except DjangoValidationError as exc:
                raise ValidationError(f"نشانی «{address}» درست نیست.", field="config") from exc
        clean["recipients"] = recipients
    if "timeout_s" in config:
        try:
            timeout = float(config["timeout_s"])
        except (TypeError, ValueError):
            timeout = 0.0
        require(0 < timeout <= 60, ValidationError("زمان انتظار باید میان ۰ و ۶۰ ثانیه باشد."))
        clean["timeout_s"] = timeout
    return clean


def _clean_name(name: str, *, municipality: Municipality, channel: Channel | None = None) -> str:
    name = persian.normalize_name(name)
    require(bool(name), ValidationError("نام مجرا را بنویسید.", field="name"))
    require(
        len(name) <= CHANNEL_NAME_MAX_LENGTH,
        ValidationError(
            f"نام مجرا {number(len(name))} نویسه است و بیش از "
            f"{number(CHANNEL_NAME_MAX_LENGTH)} نویسه پذیرفته نمی‌شود.",
            field="name",
        ),
    )
    others = Channel.objects.filter(municipality=municipality, name=name)
    if channel is not None:
        others = others.exclude(pk=channel.pk)
    require(not others.exists(), ValidationError("مجرایی با این نام هست.", field="name"))
    return name


def _set_secret(channel: Channel, secret: str) -> None:
    secret = secret.strip()
    channel.secret_encrypted = encrypt_secret(secret) if secret else ""
    channel.secret_hint = secret_hint(secret) if secret else ""


@transaction.atomic
def channel_create(
    *,
    by: Actor,
    municipality: Municipality,
    kind: str,
    name: str,
    config: dict[str, Any] | None = None,
    secret: str = "",
    is_default: bool = True,
) -> Channel:
    """Add a channel to the city; a publisher or above may. The secret is stored encrypted."""
    require(perms.can_manage_channels(by, municipality), _DENIED)
    require(kind in ChannelKind.values, ValidationError("گونه مجرا شناخته نیست.", field="kind"))
    name = _clean_name(name, municipality=municipality)
    channel = Channel(
        municipality=municipality,
        kind=kind,
        name=name,
        config=_clean_config(kind, config or {}),
        is_default=is_default,
    )
    _set_secret(channel, secret)
    channel.save()
    return channel


@transaction.atomic
def channel_update(
    *,
    by: Actor,
    channel: Channel,
    name: str | None = None,
    config: dict[str, Any] | None = None,
    secret: str | None = None,
    is_active: bool | None = None,
    is_default: bool | None = None,
) -> Channel:
    """Change a channel; ``secret=None`` keeps the stored one, an empty string removes it."""
    require(perms.can_manage_channels(by, channel.municipality), _DENIED)
    if name is not None:
        channel.name = _clean_name(name, municipality=channel.municipality, channel=channel)
    if config is not None:
        # The staff form has no timeout field; saving it must not reset one set before.
        kept = {k: v for k, v in (channel.config or {}).items() if k == "timeout_s"}
        channel.config = _clean_config(channel.kind, {**kept, **config})
    if secret is not None:
        _set_secret(channel, secret)
    if is_active is not None:
        channel.is_active = is_active
    if is_default is not None:
        channel.is_default = is_default
    channel.save()
    return channel
