"""``giveaway:enter`` over ``/ws``: a viewer whose socket joined the stream's room
(``stream:join``) enters its running giveaway. The room hears ``giveaway:started`` and
``giveaway:ended`` through the projection."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from souk.application.streams.enter_giveaway import EnterGiveaway
from souk.domain.shared.errors import InvalidInput
from souk.entrypoints.ws.handlers import FrameContext, handles
from souk.entrypoints.ws.stream_rooms import LiveRooms


@handles("giveaway:enter")
async def enter(ctx: FrameContext, data: dict[str, Any]) -> Any:
    try:
        giveaway_id = UUID(str(data["giveaway_id"]))
    except (KeyError, ValueError):
        raise InvalidInput("`giveaway_id` must be a giveaway UUID.", field="giveaway_id") from None
    rooms = await ctx.scope.get(LiveRooms)
    connection = ctx.connection
    use_case = await ctx.scope.get(EnterGiveaway)
    giveaway = await use_case(
        giveaway_id, connection.user_id, lambda stream_id: rooms.visit(connection, stream_id) is not None
    )
    return {"giveaway_id": str(giveaway.id), "entered": True}
