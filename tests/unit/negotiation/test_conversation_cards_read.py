"""A page of conversation cards reads the products they are about in one catalog read and the
other members in one user read, not one of each per conversation; a conversation about no
product shows none."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from uuid import UUID

from dishka import Provider, Scope, decorate

from souk.application.negotiation.list_conversations import ListConversations
from souk.application.negotiation.start_conversation import StartConversation
from souk.application.ports.user_reader import OwnAccount, UserReader
from souk.application.ports.user_repository import ProfileCounts
from souk.domain.accounts.user import User
from tests.catalog_reads import counted_catalog
from tests.negotiation_support import negotiation_container


class CountingUsers(UserReader):
    def __init__(self, inner: UserReader, reads: list[str]) -> None:
        self.inner = inner
        self.reads = reads

    async def get(self, user_id: UUID) -> User | None:
        self.reads.append("user")
        return await self.inner.get(user_id)

    async def many(self, user_ids: Iterable[UUID]) -> dict[UUID, User]:
        self.reads.append("users")
        return await self.inner.many(user_ids)

    async def counts(self, user_id: UUID) -> ProfileCounts:
        return await self.inner.counts(user_id)

    async def own_account(self, user_id: UUID) -> OwnAccount | None:
        return await self.inner.own_account(user_id)


def counted_users(reads: list[str]) -> Provider:
    class Counted(Provider):
        scope = Scope.APP

        @decorate
        def counted(self, reader: UserReader) -> UserReader:
            return CountingUsers(reader, reads)

    return Counted()


async def test_the_cards_products_and_people_come_in_one_read_each(tmp_path: Path) -> None:
    reads: list[str] = []
    space = negotiation_container("memory", None, tmp_path, counted_catalog(reads), counted_users(reads))
    try:
        buyer = await space.user()
        about: dict[object, object] = {}
        for n in range(3):
            seller = await space.user()
            product = await space.product(seller) if n != 1 else None
            await space.run(StartConversation, buyer, seller, product, "Hello")
            about[seller] = product
        reads.clear()
        page = await space.run(ListConversations, buyer, "all", None, 10)
        assert sorted(reads) == ["listings", "users"]
        shown = {card.other_user_id: card.product.id if card.product else None for card in page.items}
        assert shown == about
        assert all(card.other_username for card in page.items)
    finally:
        await space.container.close()
