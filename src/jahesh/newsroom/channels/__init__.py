"""Channel adapters, one module each, behind one small interface (``base.ChannelAdapter``)."""

from __future__ import annotations

from jahesh.newsroom.channels.base import (
    ChannelAdapter,
    Delivered,
    DeliveryError,
    Outcome,
    OutgoingMessage,
)
from jahesh.newsroom.channels.bot import BotChannel
from jahesh.newsroom.channels.email import EmailChannel
from jahesh.newsroom.channels.portal import PortalChannel
from jahesh.newsroom.channels.webhook import WebhookChannel
from jahesh.newsroom.credentials import decrypt_secret
from jahesh.newsroom.models import Channel, ChannelKind

__all__ = [
    "ChannelAdapter",
    "Delivered",
    "DeliveryError",
    "Outcome",
    "OutgoingMessage",
    "adapter_for",
]


def adapter_for(channel: Channel) -> ChannelAdapter:
    """Build the adapter of a channel row, its secret decrypted only for the call."""
    config = channel.config or {}
    timeout_s = float(config.get("timeout_s", 10))
    if channel.kind == ChannelKind.BOT:
        return BotChannel(
            base_url=str(config.get("base_url", "https://api.telegram.org")),
            token=decrypt_secret(channel.secret_encrypted),
            chat_id=str(config.get("chat_id", "")),
            timeout_s=timeout_s,
        )
    if channel.kind == ChannelKind.WEBHOOK:
        return WebhookChannel(
            url=str(config.get("url", "")),
            key=decrypt_secret(channel.secret_encrypted),
            timeout_s=timeout_s,
        )
    if channel.kind == ChannelKind.EMAIL:
        recipients = config.get("recipients", [])
        if isinstance(recipients, str):
            recipients = [r.strip() for r in recipients.split(",")]
        return EmailChannel(recipients=tuple(str(r) for r in recipients if r))
    return PortalChannel()
