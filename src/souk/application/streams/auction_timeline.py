"""What an auction writes in its stream's timeline (shoppable replays): its start, and its
result (the final price and the winner's alias; none without bids)."""

from __future__ import annotations

from souk.domain.streams.auction import Auction
from souk.domain.streams.timeline import TimelineData, TimelineEntry, TimelineKind


def started_entry(auction: Auction) -> TimelineEntry:
    data: TimelineData = {
        "auction_id": str(auction.id),
        "starting_amount": auction.starting_price.amount,
        "currency": auction.starting_price.currency,
        "duration_s": auction.duration_s,
        "sudden_death": auction.sudden_death,
    }
    return TimelineEntry(auction.stream_id, auction.started_at, TimelineKind.AUCTION_STARTED, auction.product_id, data)


def ended_entry(auction: Auction) -> TimelineEntry:
    assert auction.ended_at is not None
    final = auction.current_bid if auction.winner_id else None
    data: TimelineData = {
        "auction_id": str(auction.id),
        "bids": auction.bids,
        "final_amount": final.amount if final else None,
        "currency": auction.starting_price.currency,
        "winner": auction.leader_alias if auction.winner_id else None,
    }
    return TimelineEntry(auction.stream_id, auction.ended_at, TimelineKind.AUCTION_ENDED, auction.product_id, data)
