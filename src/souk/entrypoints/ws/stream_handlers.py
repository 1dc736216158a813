"""The live room over ``/ws``: ``stream:prepare``, ``stream:join`` / ``stream:leave``,
``stream:chat``, ``stream:reaction``, ``stream:product:click``. Server frames to the room
(``stream:chat:new``, ``stream:reaction:new``, ``stream:live``, ``stream:ended``,
``stream:product:tagged`` / ``featured``) travel over the bus to every process;
``stream:viewers`` comes from each process's ticker (stream_rooms.py)."""

from __future__ import annotations

from typing import Any
from uuid import UUID
from weakref import WeakKeyDictionary

from souk.application.shared.ids import Ids
from souk.application.streams.chat_identity import ChatIdentity
from souk.application.streams.join_stream import JoinStream
from souk.application.streams.prepare_stream import PrepareStream
from souk.application.streams.room_actions import RoomActions
from souk.application.streams.room_snapshots import RoomSnapshot
from souk.domain.shared.errors import InvalidInput
from souk.domain.streams.errors import NotInRoom
from souk.domain.streams.events import ChatAuthor
from souk.entrypoints.wire.streams import PreparedOut, RoomOut
from souk.entrypoints.ws.handlers import FrameContext, handles
from souk.entrypoints.ws.stream_rooms import LiveRooms, Visit, member_of


def _uuid(data: dict[str, Any], name: str) -> UUID:
    try:
        return UUID(str(data[name]))
    except (KeyError, ValueError):
        raise InvalidInput(f"`{name}` must be a stream UUID.", field=name) from None


async def _rooms(ctx: FrameContext) -> LiveRooms:
    return await ctx.scope.get(LiveRooms)


async def _visit(ctx: FrameContext, stream_id: UUID) -> Visit:
    visit = (await _rooms(ctx)).visit(ctx.connection, stream_id)
    if visit is None:
        raise NotInRoom()
    return visit


@handles("stream:prepare")
async def prepare(ctx: FrameContext, data: dict[str, Any]) -> Any:
    stream_id = _uuid(data, "stream_id")
    prepared = await (await ctx.scope.get(PrepareStream))(stream_id, ctx.connection.user_id)
    rooms = await _rooms(ctx)
    if rooms.visit(ctx.connection, stream_id) is None:
        seller = prepared.stream.seller
        viewer = ChatAuthor(ctx.connection.user_id, seller.username, seller.display_name)
        visit_id = (await ctx.scope.get(Ids)).new()
        rooms.enter(Visit(stream_id, visit_id, ctx.connection, viewer, counted=False))
    return PreparedOut.of(prepared.stream, prepared.products)


@handles("stream:join")
async def join(ctx: FrameContext, data: dict[str, Any]) -> Any:
    stream_id = _uuid(data, "stream_id")
    rooms = await _rooms(ctx)
    earlier = rooms.visit(ctx.connection, stream_id)
    visit_id = earlier.visit_id if earlier else (await ctx.scope.get(Ids)).new()
    use_case = await ctx.scope.get(JoinStream)
    joined = await use_case(
        stream_id, ctx.connection.user_id, visit_id, member_of(ctx.connection), first=earlier is None
    )
    if earlier is None:
        rooms.enter(Visit(stream_id, visit_id, ctx.connection, None, joined.counted))
    return _room_answer(joined.room)


# The join answer, built once per room snapshot (a join storm shares one snapshot).
_answers: WeakKeyDictionary[RoomSnapshot, RoomOut] = WeakKeyDictionary()


def _room_answer(room: RoomSnapshot) -> RoomOut:
    answer = _answers.get(room)
    if answer is None:
        answer = _answers[room] = RoomOut.of(room.view, room.products)
    return answer


@handles("stream:leave")
async def leave(ctx: FrameContext, data: dict[str, Any]) -> Any:
    visit = (await _rooms(ctx)).visit(ctx.connection, _uuid(data, "stream_id"))
    if visit is not None:
        await (await _rooms(ctx)).leave(visit)
    return None


@handles("stream:chat")
async def chat(ctx: FrameContext, data: dict[str, Any]) -> Any:
    visit = await _visit(ctx, _uuid(data, "stream_id"))
    if visit.viewer is None:
        visit.viewer = await (await ctx.scope.get(ChatIdentity))(ctx.connection.user_id)
    message_id = await (await ctx.scope.get(RoomActions)).chat(visit.stream_id, visit.viewer, data.get("content"))
    return {"message_id": str(message_id)}


@handles("stream:reaction")
async def reaction(ctx: FrameContext, data: dict[str, Any]) -> Any:
    visit = await _visit(ctx, _uuid(data, "stream_id"))
    await (await ctx.scope.get(RoomActions)).react(visit.stream_id, ctx.connection.user_id, data.get("emoji"))
    return None


@handles("stream:product:click")
async def product_click(ctx: FrameContext, data: dict[str, Any]) -> Any:
    visit = await _visit(ctx, _uuid(data, "stream_id"))
    product_id = _uuid(data, "product_id")
    await (await ctx.scope.get(RoomActions)).click(visit.stream_id, ctx.connection.user_id, product_id)
    return None
