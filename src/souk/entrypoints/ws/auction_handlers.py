"""``auction:bid`` over ``/ws``: a viewer in the stream's room bids; the ack carries the
auction after the bid, and the room hears ``auction:bid`` (and ``auction:extended``)
through the projection, on every server process."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from souk.application.streams.place_bid import BidCommand, PlaceBid
from souk.entrypoints.wire.auctions import AuctionOut
from souk.entrypoints.ws.connection import Connection
from souk.entrypoints.ws.frame_catalogue import AuctionBidIn
from souk.entrypoints.ws.handlers import FrameContext, handles
from souk.entrypoints.ws.inputs import parse
from souk.entrypoints.ws.limits import spend
from souk.entrypoints.ws.stream_rooms import LiveRooms


class _RoomsOf:
    """The streams whose rooms a socket is in (joined or, for the seller, prepared)."""

    def __init__(self, rooms: LiveRooms, connection: Connection) -> None:
        self._rooms = rooms
        self._connection = connection

    def __contains__(self, stream_id: object) -> bool:
        return isinstance(stream_id, UUID) and self._rooms.visit(self._connection, stream_id) is not None


@handles("auction:bid")
async def bid(ctx: FrameContext, data: dict[str, Any]) -> Any:
    body = parse(data, AuctionBidIn)
    spend(ctx.connection, "send")
    rooms = _RoomsOf(await ctx.scope.get(LiveRooms), ctx.connection)
    command = BidCommand(body.auction_id, ctx.connection.user_id, body.amount.to_money(), rooms)
    return AuctionOut.of_auction(await (await ctx.scope.get(PlaceBid))(command))
