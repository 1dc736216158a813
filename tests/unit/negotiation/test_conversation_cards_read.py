"""A page of conversation cards reads the products they are about in one catalog read, not
one per conversation; a conversation about no product shows none."""

from __future__ import annotations

from pathlib import Path

from souk.application.negotiation.list_conversations import ListConversations
from souk.application.negotiation.start_conversation import StartConversation
from tests.catalog_reads import counted_catalog
from tests.negotiation_support import negotiation_container


async def test_the_cards_products_come_in_one_read(tmp_path: Path) -> None:
    reads: list[str] = []
    space = negotiation_container("memory", None, tmp_path, counted_catalog(reads))
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
        assert reads == ["listings"]
        shown = {card.other_user_id: card.product.id if card.product else None for card in page.items}
        assert shown == about
    finally:
        await space.container.close()
