"""Live-chat moderation over REST: appoint a stream's moderators, set its chat rules
(API.md "Safety"). What moderators do in the room (delete, pin, time out, ban) goes over
``/ws``."""

from __future__ import annotations

from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_204_NO_CONTENT

from souk.application.streams.appoint_moderator import AppointModerator
from souk.application.streams.update_chat_rules import UpdateChatRules
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.stream_moderation import ChatRulesOut, ChatRulesPatch, ModeratorIn


class StreamModerationController(Controller):
    path = "/api/v1/streams"
    tags = ["streams"]

    @post(
        "/{stream_id:uuid}/moderators",
        status_code=HTTP_204_NO_CONTENT,
        security=BEARER,
        summary="Appoint a moderator of the stream (idempotent)",
        description="Only the stream's seller (others 403 `not_stream_owner`). A moderator may delete and "
        "pin chat lines, time out and ban viewers (`/ws`) and change the chat rules; slow mode does not "
        "slow them. 404 `user_not_found` for an unknown user; 409 `stream_finished` once it ended.",
    )
    @inject
    async def appoint(
        self,
        stream_id: FromPath[UUID],
        data: JSONBody[ModeratorIn],
        use_case: FromDishka[AppointModerator],
        me: FromDishka[Identity],
    ) -> None:
        await use_case(stream_id, me.user_id, data.user_id)

    @patch(
        "/{stream_id:uuid}/chat",
        security=BEARER,
        summary="Chat rules: slow mode (this stream) and the seller's banned words (all their things)",
        description="`slow_mode_s`: one line per viewer every so many seconds (0 = off). `banned_words`: "
        "the seller's own list (replaces it), applied with the global one (`SOUK_BANNED_WORDS`) to chat "
        "in their streams, comments on their things, their listings and messages in their conversations; "
        "a matching text is refused (400 `banned_words`) or masked, as the server is configured. The "
        "seller or a moderator of the stream (others 403 `not_stream_moderator`).",
    )
    @inject
    async def chat_rules(
        self,
        stream_id: FromPath[UUID],
        data: JSONBody[ChatRulesPatch],
        use_case: FromDishka[UpdateChatRules],
        me: FromDishka[Identity],
    ) -> ChatRulesOut:
        return ChatRulesOut.of(await use_case(stream_id, me.user_id, data.slow_mode_s, data.banned_words))
