from __future__ import annotations

from uuid import UUID

from souk.application.ports.blocks import BlockedEntry, Blocks
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.shared.paging import Page, paginate


class ListBlocks:
    """Whom the caller blocked, most recent first."""

    def __init__(self, blocks: Blocks, codec: CursorCodec) -> None:
        self._blocks = blocks
        self._codec = codec

    async def __call__(self, user_id: UUID, cursor: str | None, limit: int) -> Page[BlockedEntry]:
        return await paginate(
            self._codec, f"blocks:{user_id}", cursor, limit, lambda after, n: self._blocks.blocked_by(user_id, after, n)
        )
