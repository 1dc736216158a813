"""The notification consumer's doorbell: wake one process, not every process.

A trigger event (triggers.py) is in the outbox before it is published, and the consumers
read the outbox (drain_event_feed.py); the doorbell only says "look now" instead of at the
next poll. It used to be the bus itself: every server process subscribed to every trigger
topic, so each chat message woke every process, each of them tried to claim the row
(``UPDATE … SKIP LOCKED``, one wins) and every process paid ~1 ms of CPU per message even
with none of its members' sockets (``docs/capacity.md``, the per-process tax).

Now the process that publishes a trigger rings its own consumer, in process, when it runs
one (every server process does); the bus only carries a bare :class:`DoorbellRung` from a
process that runs none (``souk worker``, the CLI), which wakes the consumers as before.
Nothing else changes: an event whose own process is too busy, or died before its consumer
got to it, is claimed by whichever consumer polls next (``notification_poll_s``), and
exactly-once still comes from the notifications' unique key."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import ClassVar

from souk.application.notifications.triggers import TRIGGER_EVENTS
from souk.application.ports.event_bus import EventBus
from souk.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True)
class DoorbellRung(DomainEvent):
    """A trigger was published by a process without a consumer of its own: look now."""

    topic: ClassVar[str] = "notifications.doorbell"


class Doorbell:
    """This process's bell: the consumer listens (one listener; ``None`` when it stops)."""

    def __init__(self) -> None:
        self._listener: Callable[[], None] | None = None

    def listen(self, listener: Callable[[], None] | None) -> None:
        self._listener = listener

    def ring(self) -> bool:
        """Wake this process's consumer; False when none runs here."""
        if self._listener is None:
            return False
        self._listener()
        return True


class RingingEventBus(EventBus):
    """Rings the doorbell after publishing a trigger: this process's own consumer when it has
    one, else every consumer through the bus (one bare :class:`DoorbellRung`)."""

    _TRIGGERS: ClassVar[frozenset[type[DomainEvent]]] = frozenset(TRIGGER_EVENTS)

    def __init__(self, bus: EventBus, doorbell: Doorbell) -> None:
        self._bus = bus
        self._doorbell = doorbell

    async def publish(self, event: DomainEvent) -> None:
        trigger = type(event) in self._TRIGGERS
        heard = trigger and self._doorbell.ring()  # first: the outbox row is there, the bus may fail
        await self._bus.publish(event)
        if trigger and not heard:
            await self._bus.publish(DoorbellRung())

    def subscribe(self, *kinds: type[DomainEvent]) -> AbstractAsyncContextManager[AsyncIterator[DomainEvent]]:
        return self._bus.subscribe(*kinds)
