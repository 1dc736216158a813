from __future__ import annotations

from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, delete, get, post
from litestar.params import FromPath
from litestar.status_codes import HTTP_204_NO_CONTENT

from souk.application.safety.block_user import BlockUser
from souk.application.safety.list_blocks import ListBlocks
from souk.application.safety.unblock_user import UnblockUser
from souk.application.shared.paging import DEFAULT_LIMIT
from souk.entrypoints.http.controllers.products import Cursor, Limit
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.safety import BlockPageOut


class BlocksController(Controller):
    path = "/api/v1/users"
    tags = ["safety"]

    @post("/{user_id:uuid}/block", status_code=HTTP_204_NO_CONTENT, security=BEARER, summary="Block a user")
    @inject
    async def block(self, user_id: FromPath[UUID], use_case: FromDishka[BlockUser], me: FromDishka[Identity]) -> None:
        """Idempotent. From now on neither of you can message, offer, follow, comment on, like or join the
        live room of the other (403 `blocked`), and neither sees the other's listings, streams, comments or
        offers; your conversations become read-only and follows either way end."""
        await use_case(me.user_id, user_id)

    @delete("/{user_id:uuid}/block", status_code=HTTP_204_NO_CONTENT, security=BEARER, summary="Unblock a user")
    @inject
    async def unblock(
        self, user_id: FromPath[UUID], use_case: FromDishka[UnblockUser], me: FromDishka[Identity]
    ) -> None:
        """Idempotent; follows that the block ended stay ended."""
        await use_case(me.user_id, user_id)

    @get("/me/blocks", security=BEARER, summary="Whom you blocked, most recent first")
    @inject
    async def blocks(
        self,
        use_case: FromDishka[ListBlocks],
        me: FromDishka[Identity],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> BlockPageOut:
        """Paged with `cursor`."""
        return BlockPageOut.of(await use_case(me.user_id, cursor, limit))
