from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from souk.domain.shared.events import DomainEvent


class EventBus(Protocol):
    """Fan-out of events to every process; at-most-once, so it never carries the only copy."""

    async def publish(self, event: DomainEvent) -> None: ...

    def subscribe(self, *topics: str) -> AbstractAsyncContextManager[AsyncIterator[tuple[str, dict[str, Any]]]]:
        """Yield ``(topic, payload)`` pairs for the topics while the context is open."""
        ...
