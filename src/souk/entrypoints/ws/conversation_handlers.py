"""Conversation frames: join/leave, send, read, sync. Every frame is authorised by the
use case it runs (members only; anyone else gets ``conversation_not_found``)."""

from __future__ import annotations

from typing import Any

from souk.application.negotiation.get_messages import GetMessages, MessagesQuery
from souk.application.negotiation.mark_read import MarkRead
from souk.application.negotiation.send_message import SendMessage
from souk.application.ports.conversation_repository import ConversationReader
from souk.application.ports.presence import Presence
from souk.application.shared.rooms import conversation_room
from souk.domain.negotiation.conversation import MessageDraft
from souk.domain.negotiation.errors import ConversationNotFound
from souk.entrypoints.wire.negotiation import MessageOut
from souk.entrypoints.ws import frames
from souk.entrypoints.ws.handlers import FrameContext, handles
from souk.entrypoints.ws.inputs import ConversationRef, ReadIn, SendIn, SyncIn, parse
from souk.entrypoints.ws.limits import room_for_one_more, spend
from souk.entrypoints.ws.typing_handlers import stop_typing


@handles("conversation:join")
async def join(ctx: FrameContext, data: dict[str, Any]) -> Any:
    ref = parse(data, ConversationRef)
    conversation = await (await ctx.scope.get(ConversationReader)).get(ref.conversation_id)
    if conversation is None:
        raise ConversationNotFound()
    other = conversation.other(ctx.connection.user_id)
    ctx.connection.partners[conversation.id] = other
    room = conversation_room(conversation.id)
    room_for_one_more(ctx.connection, room)
    ctx.hub.join(ctx.connection, room)
    online = await (await ctx.scope.get(Presence)).online([other])
    return {
        "conversation_id": str(conversation.id),
        "last_seq": conversation.last_seq,
        "other_user": {"id": str(other), "online": other in online},
    }


@handles("conversation:leave")
async def leave(ctx: FrameContext, data: dict[str, Any]) -> Any:
    ref = parse(data, ConversationRef)
    ctx.hub.leave(ctx.connection, conversation_room(ref.conversation_id))
    return {"conversation_id": str(ref.conversation_id)}


@handles("message:send")
async def send(ctx: FrameContext, data: dict[str, Any]) -> Any:
    body = parse(data, SendIn)
    spend(ctx.connection, "send")
    draft = MessageDraft.from_user(body.message_type, body.content, tuple(body.image_urls))
    message = await (await ctx.scope.get(SendMessage))(ctx.connection.user_id, body.conversation_id, draft)
    await stop_typing(ctx, body.conversation_id)
    return MessageOut.of(message)


@handles("message:read")
async def read(ctx: FrameContext, data: dict[str, Any]) -> Any:
    body = parse(data, ReadIn)
    await (await ctx.scope.get(MarkRead))(ctx.connection.user_id, body.conversation_id, body.message_id)
    return {"conversation_id": str(body.conversation_id), "message_id": str(body.message_id)}


@handles("sync")
async def sync(ctx: FrameContext, data: dict[str, Any]) -> Any:
    """Replays, oldest first, the messages after ``after_seq`` as ``message:new`` frames
    (at most ``limit``), then acks ``{conversation_id, replayed, up_to_seq, has_more}``;
    with ``has_more`` the client syncs again from ``up_to_seq``."""
    body = parse(data, SyncIn)
    query = MessagesQuery(after_seq=body.after_seq, limit=body.limit)
    page = await (await ctx.scope.get(GetMessages))(ctx.connection.user_id, body.conversation_id, query)
    for message in page.items:
        ctx.connection.push(frames.encode("message:new", MessageOut.of(message, page.conversation, page.offers)))
    return {
        "conversation_id": str(body.conversation_id),
        "replayed": len(page.items),
        "up_to_seq": page.items[-1].seq if page.items else body.after_seq,
        "has_more": page.next_cursor is not None,
    }
