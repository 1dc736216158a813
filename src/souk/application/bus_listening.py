"""A process's standing subscription to some events on the bus, kept up across Redis restarts.

The bus is at-most-once: whatever was published while this process was not subscribed is
gone, so ``on_subscribed`` lets the owner drop what it can no longer trust. The loop ends
only when ``stopping()`` says so (see ``stop_task`` for why a cancellation alone is not
enough with redis-py)."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar, cast

from souk.application.ports.event_bus import EventBus
from souk.domain.shared.events import DomainEvent

log = logging.getLogger("souk.bus")
MAX_BACKOFF_S = 5.0
E = TypeVar("E", bound=DomainEvent)


async def listen_on_bus(
    bus: EventBus,
    kinds: Sequence[type[E]],
    handle: Callable[[E], object],
    *,
    stopping: Callable[[], bool],
    name: str,
    on_subscribed: Callable[[], Awaitable[None] | None] | None = None,
) -> None:
    backoff = 0.2
    while not stopping():
        try:
            async with bus.subscribe(*kinds) as deliveries:
                if on_subscribed is not None:  # subscribed first: nothing falls in between
                    caught_up = on_subscribed()
                    if inspect.isawaitable(caught_up):
                        await caught_up
                backoff = 0.2
                async for event in deliveries:
                    handle(cast(E, event))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a Redis restart: subscribe again, after a pause
            if stopping():
                return
            log.warning("bus.listener_reconnecting listener=%s error=%s", name, type(exc).__name__)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_S)
