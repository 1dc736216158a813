from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol
from uuid import UUID

LIKES = "likes"
CHAT = "chat"


def views_of(product_id: UUID) -> str:
    return f"views:{product_id}"


def clicks_of(product_id: UUID) -> str:
    return f"clicks:{product_id}"


class StreamCounters(Protocol):
    """Fast counters of a live stream shared by every process (reactions, chat lines,
    product views and clicks); copied onto the stream when it ends."""

    async def add(self, stream_id: UUID, counter: str, amount: int = 1) -> None: ...

    async def add_many(self, stream_id: UUID, amounts: Mapping[str, int]) -> None:
        """Several counters of one stream in one round trip."""
        ...

    async def read(self, stream_id: UUID) -> dict[str, int]: ...
