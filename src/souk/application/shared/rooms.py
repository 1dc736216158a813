"""Names of the rooms sockets join (one rule for every door that addresses them)."""

from __future__ import annotations

from uuid import UUID


def conversation_room(conversation_id: UUID | str) -> str:
    return f"conversation:{conversation_id}"


def offer_feed_room(product_id: UUID | str) -> str:
    return f"offers:{product_id}"


def room_of(stream_id: object) -> str:
    """The room of a stream's live audience."""
    return f"stream:{stream_id}"
