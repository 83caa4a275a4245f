"""The portal and its RSS/Atom feeds: an article is there once its dispatch has fired.

Nothing travels: making the article visible is done when the dispatch fires (see
``services.dispatch_fire``), so recording the publication as sent is all that is left.
"""

from __future__ import annotations

from dataclasses import dataclass

from jahesh.newsroom.channels.base import Delivered, OutgoingMessage


@dataclass(frozen=True, slots=True)
class PortalChannel:
    dedups_by_key: bool = True

    def send(self, message: OutgoingMessage) -> Delivered:
        return Delivered(external_id=str(message.code))
