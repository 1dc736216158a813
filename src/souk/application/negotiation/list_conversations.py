from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.catalog_reader import CatalogReader
from souk.application.ports.conversation_repository import (
    ConversationReader,
    ConversationSummary,
)
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.user_reader import UserReader
from souk.application.shared.paging import Page, page_of
from souk.domain.catalog.product import Product
from souk.domain.shared.errors import InvalidInput

FILTERS = ("all", "unread", "archived")


@dataclass(frozen=True, slots=True)
class ConversationCard:
    summary: ConversationSummary
    other_user_id: UUID
    other_username: str
    other_display_name: str
    product: Product | None = None


class ListConversations:
    def __init__(
        self,
        conversations: ConversationReader,
        users: UserReader,
        catalog: CatalogReader,
        codec: CursorCodec,
    ) -> None:
        self._conversations = conversations
        self._users = users
        self._catalog = catalog
        self._codec = codec

    async def __call__(self, me: UUID, filter_: str, cursor: str | None, limit: int) -> Page[ConversationCard]:
        if filter_ not in FILTERS:
            raise InvalidInput("filter is all, unread or archived.", field="filter")

        async def fetch(after: tuple[str | int | float, ...] | None, n: int) -> list[ConversationCard]:
            summaries = await self._conversations.of_user(me, filter_, after, n)
            named = [s.conversation.product_id for s in summaries if s.conversation.product_id]
            products = {listing.product.id: listing.product for listing in await self._catalog.listings(named)}
            others = await self._users.many(s.conversation.other(me) for s in summaries)
            cards = []
            for summary in summaries:
                other_id = summary.conversation.other(me)
                other = others.get(other_id)
                product_id = summary.conversation.product_id
                cards.append(
                    ConversationCard(
                        summary,
                        other_id,
                        other.username.value if other else "",
                        other.display_name if other else "",
                        products.get(product_id) if product_id else None,
                    )
                )
            return cards

        return await page_of(
            self._codec, f"conversations:{me}:{filter_}", cursor, limit, fetch, lambda c: c.summary.key
        )
