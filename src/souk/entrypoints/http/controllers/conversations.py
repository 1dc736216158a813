"""Conversations and messages."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Response, delete, get, patch, post
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from souk.application.negotiation.archive_conversation import ArchiveConversation
from souk.application.negotiation.get_conversation import GetConversation
from souk.application.negotiation.get_messages import GetMessages, MessagesQuery
from souk.application.negotiation.list_conversations import ListConversations
from souk.application.negotiation.mark_read import MarkRead
from souk.application.negotiation.send_message import SendMessage
from souk.application.negotiation.start_conversation import StartConversation
from souk.application.shared.paging import DEFAULT_LIMIT
from souk.domain.negotiation.conversation import MessageDraft
from souk.entrypoints.http.controllers.products import Cursor, Limit
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.negotiation import (
    ConversationCardOut,
    ConversationCreate,
    ConversationOut,
    ConversationPageOut,
    MessageCreate,
    MessagePageOut,
)
from souk.entrypoints.wire.negotiation import MessageOut

OTHERS = " Anyone but its two members: 404 `conversation_not_found`."


class ConversationsController(Controller):
    path = "/api/v1/conversations"
    tags = ["conversations"]
    security = BEARER

    @post(
        "/",
        summary="Start a conversation (201), or get the existing one (200)",
        responses={200: ResponseSpec(ConversationOut, description="The conversation the two already have.")},
    )
    @inject
    async def start(
        self, data: JSONBody[ConversationCreate], use_case: FromDishka[StartConversation], me: FromDishka[Identity]
    ) -> Response[ConversationOut]:
        """Opens a conversation with another user, optionally about a product one of you sells, with an
        optional first message. If the two already have that conversation, it is answered (200) instead of a
        new one (201)."""
        started = await use_case(me.user_id, data.other_user_id, data.product_id, data.initial_message)
        return Response(
            ConversationOut.of(started.conversation), status_code=HTTP_201_CREATED if started.created else 200
        )

    @get("/", summary="Your conversations, newest activity first")
    @inject
    async def mine(
        self,
        use_case: FromDishka[ListConversations],
        me: FromDishka[Identity],
        filter_: Annotated[str, QueryParameter(name="filter", description="all, unread or archived")] = "all",
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> ConversationPageOut:
        """The caller's conversations with the last message and unread count. `filter`: `all`, `unread` or
        `archived`. Paged with `cursor`."""
        page = await use_case(me.user_id, filter_, cursor, limit)
        return ConversationPageOut([ConversationCardOut.of(c, me.user_id) for c in page.items], page.next_cursor)

    @get("/{conversation_id:uuid}", summary="Details and latest messages; marks it read for you", description=OTHERS)
    @inject
    async def read(
        self, conversation_id: FromPath[UUID], use_case: FromDishka[GetConversation], me: FromDishka[Identity]
    ) -> ConversationOut:
        return ConversationOut.view(await use_case(me.user_id, conversation_id))

    @post(
        "/{conversation_id:uuid}/messages", status_code=HTTP_201_CREATED, summary="Send a message", description=OTHERS
    )
    @inject
    async def send(
        self,
        conversation_id: FromPath[UUID],
        data: JSONBody[MessageCreate],
        use_case: FromDishka[SendMessage],
        me: FromDishka[Identity],
    ) -> MessageOut:
        draft = MessageDraft.from_user(data.message_type, data.content, tuple(data.image_urls))
        return MessageOut.of(await use_case(me.user_id, conversation_id, draft))

    @get(
        "/{conversation_id:uuid}/messages",
        summary="Message history",
        description="Newest first (before a message id or the cursor). With `after_seq`: oldest first "
        "after that sequence number, for recovery; follow `next_cursor` until null." + OTHERS,
    )
    @inject
    async def history(
        self,
        conversation_id: FromPath[UUID],
        use_case: FromDishka[GetMessages],
        me: FromDishka[Identity],
        before: Annotated[UUID | None, QueryParameter(description="A message id")] = None,
        after_seq: Annotated[int, QueryParameter(ge=0, description="Recovery: messages after it")] | None = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> MessagePageOut:
        page = await use_case(me.user_id, conversation_id, MessagesQuery(before, after_seq, cursor, limit))
        return MessagePageOut([MessageOut.of(m, page.conversation, page.offers) for m in page.items], page.next_cursor)

    @patch("/{conversation_id:uuid}/read", status_code=HTTP_204_NO_CONTENT, summary="Mark read", description=OTHERS)
    @inject
    async def mark_read(
        self, conversation_id: FromPath[UUID], use_case: FromDishka[MarkRead], me: FromDishka[Identity]
    ) -> None:
        await use_case(me.user_id, conversation_id)

    @delete("/{conversation_id:uuid}", status_code=HTTP_204_NO_CONTENT, summary="Archive for you", description=OTHERS)
    @inject
    async def archive(
        self, conversation_id: FromPath[UUID], use_case: FromDishka[ArchiveConversation], me: FromDishka[Identity]
    ) -> None:
        await use_case(me.user_id, conversation_id)
