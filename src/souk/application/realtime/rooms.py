"""Names of the rooms sockets join (one rule for every door that addresses them)."""

from __future__ import annotations

from uuid import UUID


def conversation_room(conversation_id: UUID | str) -> str:
    return f"conversation:{conversation_id}"


def offer_feed_room(product_id: UUID | str) -> str:
    return f"offers:{product_id}"


def stream_room(stream_id: UUID | str) -> str:
    """A stream's live room."""
    return f"stream:{stream_id}"
