"""An auction as REST answers it and as the room's ``auction:*`` frames carry it: one
shape, built from the auction's state (``leader`` and ``winner`` are aliases)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from souk.domain.streams.auction import Auction, minimum_after
from souk.domain.streams.auction_events import AuctionState
from souk.entrypoints.wire.money import MoneyOut, money


class AuctionOut(msgspec.Struct, omit_defaults=True):
    """A live auction: the countdown is to `ends_at` (clients count down themselves);
    `minimum_bid` is what the next bid must reach; `winner` (the leader's alias) once ended."""

    auction_id: UUID
    stream_id: UUID
    product_id: UUID
    starting_price: MoneyOut
    current_bid: MoneyOut | None
    minimum_bid: MoneyOut
    leader: str | None
    bids: int
    ends_at: datetime
    sudden_death: bool
    status: Literal["running", "ended"]
    winner: str | None = None

    @classmethod
    def of(cls, state: AuctionState) -> AuctionOut:
        return cls(
            auction_id=state.auction_id,
            stream_id=state.stream_id,
            product_id=state.product_id,
            starting_price=money(state.starting_price),
            current_bid=money(state.current_bid) if state.current_bid else None,
            minimum_bid=money(minimum_after(state.starting_price, state.current_bid)),
            leader=state.leader,
            bids=state.bids,
            ends_at=state.ends_at,
            sudden_death=state.sudden_death,
            status="ended" if state.ended else "running",
            winner=state.leader if state.ended else None,
        )

    @classmethod
    def of_auction(cls, auction: Auction) -> AuctionOut:
        return cls.of(AuctionState.of(auction))
