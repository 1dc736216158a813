"""What a bid needs to know before its turn, kept per process so that a bid in a running
auction reads nothing before it queues: an auction's stream and seller (they never
change), whether a bidder has a saved card (there is no removing one; an unknown bidder
is looked up each time until they have one) and the bidder's alias (their username when
first seen bidding here). Bounded: past ``size`` entries a table starts afresh."""

from __future__ import annotations

from uuid import UUID


class AuctionFacts:
    def __init__(self, size: int = 50_000) -> None:
        self._size = size
        self._auctions: dict[UUID, tuple[UUID, UUID]] = {}
        self._carded: set[tuple[UUID, str]] = set()
        self._aliases: dict[UUID, str] = {}

    def auction(self, auction_id: UUID) -> tuple[UUID, UUID] | None:
        """``(stream_id, seller_id)`` when known."""
        return self._auctions.get(auction_id)

    def know_auction(self, auction_id: UUID, stream_id: UUID, seller_id: UUID) -> None:
        if len(self._auctions) >= self._size:
            self._auctions.clear()
        self._auctions[auction_id] = (stream_id, seller_id)

    def has_card(self, user_id: UUID, provider: str) -> bool:
        return (user_id, provider) in self._carded

    def know_card(self, user_id: UUID, provider: str) -> None:
        if len(self._carded) >= self._size:
            self._carded.clear()
        self._carded.add((user_id, provider))

    def alias(self, user_id: UUID) -> str | None:
        return self._aliases.get(user_id)

    def know_alias(self, user_id: UUID, alias: str) -> None:
        if len(self._aliases) >= self._size:
            self._aliases.clear()
        self._aliases[user_id] = alias
