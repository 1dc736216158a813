"""Client frame types and what answers them. A handler returns the ``ack`` data; a
DomainError it raises becomes an ``error`` frame and the socket lives on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from dishka import AsyncContainer

from souk.entrypoints.ws.connection import Connection
from souk.entrypoints.ws.hub import Hub


@dataclass(frozen=True, slots=True)
class FrameContext:
    connection: Connection
    hub: Hub
    scope: AsyncContainer  # a REQUEST scope opened for this frame


Handler = Callable[[FrameContext, dict[str, Any]], Awaitable[Any]]
HANDLERS: dict[str, Handler] = {}


def handles(frame_type: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[frame_type] = handler
        return handler

    return register


@handles("heartbeat")
async def heartbeat(ctx: FrameContext, data: dict[str, Any]) -> Any:
    ctx.connection.push(b'{"type":"pong"}')
    return None
