"""Typing indicators: ephemeral, never stored. ``typing:start`` tells the other member
``typing:active`` once and arms a 5 s timer that every further ``typing:start`` re-arms;
``typing:stop``, a sent message, the timer or the socket closing ends it with
``typing:inactive``."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from uuid import UUID

from souk.entrypoints.ws.connection import Connection
from souk.entrypoints.ws.frame_data import TypingData
from souk.entrypoints.ws.handlers import FrameContext, handles
from souk.entrypoints.ws.hub import Hub
from souk.entrypoints.ws.inputs import ConversationRef, parse
from souk.entrypoints.ws.limits import spend
from souk.entrypoints.ws.membership import partner_in

TYPING_EXPIRES_S = 5.0
log = logging.getLogger("souk.ws")
_pending: set[asyncio.Task[None]] = set()


@handles("typing:start")
async def typing_start(ctx: FrameContext, data: dict[str, Any]) -> Any:
    ref = parse(data, ConversationRef)
    other = await partner_in(ctx, ref.conversation_id)
    spend(ctx.connection, "typing")
    connection, conversation_id = ctx.connection, ref.conversation_id
    timer = connection.typing.pop(conversation_id, None)
    if timer is not None:
        timer.cancel()
    else:
        await ctx.hub.publisher.to_users([other], "typing:active", _typing(conversation_id, connection.user_id))
    loop = asyncio.get_running_loop()
    connection.typing[conversation_id] = loop.call_later(
        TYPING_EXPIRES_S, _expire, ctx.hub, connection, conversation_id, other
    )
    return None


@handles("typing:stop")
async def typing_stop(ctx: FrameContext, data: dict[str, Any]) -> Any:
    ref = parse(data, ConversationRef)
    await partner_in(ctx, ref.conversation_id)
    await stop_typing(ctx, ref.conversation_id)
    return None


async def stop_typing(ctx: FrameContext, conversation_id: UUID) -> None:
    timer = ctx.connection.typing.pop(conversation_id, None)
    if timer is not None:
        timer.cancel()
        other = ctx.connection.partners[conversation_id]
        await ctx.hub.publisher.to_users([other], "typing:inactive", _typing(conversation_id, ctx.connection.user_id))


def stop_all_typing(hub: Hub, connection: Connection) -> None:
    """The socket is closing: whatever it was typing stops now, not in 5 s."""
    for conversation_id, timer in list(connection.typing.items()):
        timer.cancel()
        _expire(hub, connection, conversation_id, connection.partners[conversation_id])


def _expire(hub: Hub, connection: Connection, conversation_id: UUID, other: UUID) -> None:
    connection.typing.pop(conversation_id, None)
    data = _typing(conversation_id, connection.user_id)
    task = asyncio.get_running_loop().create_task(hub.publisher.to_users([other], "typing:inactive", data))
    _pending.add(task)
    task.add_done_callback(_finished)


def _finished(task: asyncio.Task[None]) -> None:
    _pending.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.warning("ws.typing_inactive_lost error=%s", task.exception())


def _typing(conversation_id: UUID, user_id: UUID) -> TypingData:
    return TypingData(conversation_id, user_id)
