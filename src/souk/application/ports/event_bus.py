from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from souk.domain.shared.events import DomainEvent


class EventBus(Protocol):
    """Fan-out of events to every process; at-most-once, so it never carries the only copy."""

    async def publish(self, event: DomainEvent) -> None: ...

    def subscribe(self, *kinds: type[DomainEvent]) -> AbstractAsyncContextManager[AsyncIterator[DomainEvent]]:
        """Yield the events of these classes while the context is open (one a message
        from another build cannot be read as is dropped)."""
        ...
