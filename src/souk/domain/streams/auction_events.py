"""What a live auction tells the room (through the outbox): every state change carries the
auction as the room sees it; the projection turns each into its ``auction:*`` frame."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from souk.domain.shared.events import DomainEvent
from souk.domain.shared.money import Money
from souk.domain.streams.auction import Auction


@dataclass(frozen=True, slots=True)
class AuctionState:
    auction_id: UUID
    stream_id: UUID
    product_id: UUID
    seller_id: UUID
    starting_price: Money
    current_bid: Money | None
    leader: str | None  # the leader's alias (their username)
    bids: int
    ends_at: datetime
    sudden_death: bool
    ended: bool
    outcome: str | None

    @classmethod
    def of(cls, auction: Auction) -> AuctionState:
        return cls(
            auction.id,
            auction.stream_id,
            auction.product_id,
            auction.seller_id,
            auction.starting_price,
            auction.current_bid,
            auction.leader_alias,
            auction.bids,
            auction.ends_at,
            auction.sudden_death,
            not auction.running,
            auction.outcome,
        )


@dataclass(frozen=True, slots=True)
class AuctionStarted(DomainEvent):
    topic: ClassVar[str] = "stream.auction_started"

    auction: AuctionState


@dataclass(frozen=True, slots=True)
class AuctionBidPlaced(DomainEvent):
    """A new leading bid (``extended``: it pushed the end, anti-sniping)."""

    topic: ClassVar[str] = "stream.auction_bid"

    auction: AuctionState
    bidder_id: UUID
    extended: bool


@dataclass(frozen=True, slots=True)
class AuctionFinished(DomainEvent):
    """Once per auction: the winner (the leader) or none."""

    topic: ClassVar[str] = "stream.auction_ended"

    auction: AuctionState
    winner_id: UUID | None


@dataclass(frozen=True, slots=True)
class AuctionSettled(DomainEvent):
    """Once per won auction, when the winner's charge has an answer: ``sold`` (charged) or
    ``declined`` (the card refused: the sale is cancelled). Only the winner hears of it,
    as a notification; the room already heard ``auction:ended``."""

    topic: ClassVar[str] = "stream.auction_settled"

    auction_id: UUID
    stream_id: UUID
    seller_id: UUID
    product_id: UUID
    product_title: str
    winner_id: UUID
    price: Money
    outcome: str
    transaction_id: UUID | None
