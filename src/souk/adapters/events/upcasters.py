"""Rows written by older builds, rewritten into the shape of the next version.

An upcaster takes the stored payload of ``(topic, version)`` and returns the payload of
``version + 1``; the registry chains them up to the class's current version. They work on
the stored JSON alone (no clock, no database), so an outbox row, a bus message or a
queued job from before a change still reads as today's event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]

_MESSAGE_FIELDS = (
    "id",
    "conversation_id",
    "seq",
    "sender_id",
    "message_type",
    "content",
    "image_urls",
    "offer_id",
    "created_at",
)


def offer_v1(old: Payload) -> Payload:
    """v1 flattened the offer beside its wire document (``offer``); v2 is the offer alone.
    Rows from before the document was added have nothing to rebuild it from (KeyError)."""
    return {"offer": old["offer"]}


def message_v1(old: Payload) -> Payload:
    """v1 carried the message as its wire document, with the offer inside it and the
    conversation's members as ``recipients``."""
    document = old["message"]
    return {
        "message": {name: document[name] for name in _MESSAGE_FIELDS},
        "members": old["recipients"],
        "offer": document.get("offer"),
    }


def stream_live_v1(old: Payload) -> Payload:
    """v1 rows from before the audience settings: followers only, for everyone."""
    return {
        "audience": "everyone",
        "notify_followers": True,
        "notify_neighborhood": False,
        "title": "",
        **{k: v for k, v in old.items() if v is not None},
    }


UPCASTERS: dict[tuple[str, int], Upcaster] = {
    ("offer.made", 1): offer_v1,
    ("offer.updated", 1): offer_v1,
    ("offer.accepted", 1): offer_v1,
    ("message.sent", 1): message_v1,
    ("stream.live", 1): stream_live_v1,
}
