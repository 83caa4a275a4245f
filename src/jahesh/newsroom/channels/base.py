"""The one small interface every channel adapter keeps, and how a delivery can end."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """What a channel needs to say about one article, already composed and normalised."""

    idempotency_key: str
    code: int
    kicker: str
    title: str
    lead: str
    body: str
    url: str
    published_at: dt.datetime
    photo_url: str = ""
    # The photo's file on this server, when its storage has one: channels that can upload send
    # the file itself, so the photo arrives even when the site's address is not public.
    photo_path: str = ""
    photo_caption: str = ""
    is_correction: bool = False

    def short_text(self, limit: int) -> str:
        """Kicker, title, lead and address in ``limit`` characters; the address is never cut."""
        head = "\n".join(part for part in (self.kicker, self.title) if part)
        if self.is_correction:
            head = f"اصلاحیه — {head}"
        tail = f"\n\n{self.url}" if self.url else ""
        text = f"{head}\n\n{self.lead}".strip() if self.lead else head
        room = limit - len(tail)
        if len(text) > room:
            text = text[: max(room - 1, 0)].rstrip() + "…"
        return text + tail


class Outcome(enum.Enum):
    RETRY = "retry"  # certainly not delivered; try again later
    PERMANENT = "permanent"  # will not work until a person fixes something (token, address)
    UNCERTAIN = "uncertain"  # the request may have been acted on; a resend could duplicate it


class DeliveryError(Exception):
    """A delivery that did not succeed; ``message`` is Persian and shown to staff."""

    def __init__(self, outcome: Outcome, message: str, *, retry_after_s: int | None = None):
        super().__init__(message)
        self.outcome = outcome
        self.message = message
        self.retry_after_s = retry_after_s


@dataclass(frozen=True, slots=True)
class Delivered:
    external_id: str = ""


class ChannelAdapter(Protocol):
    @property
    def dedups_by_key(self) -> bool:
        """True when the receiver drops a repeated idempotency key, so an uncertain delivery
        may be retried without risk of a duplicate post."""

    def send(self, message: OutgoingMessage) -> Delivered: ...
