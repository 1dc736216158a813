"""Knobs of live auctions, filled from configuration by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

END_AUCTION_JOB = "streams.end_auction"


@dataclass(frozen=True, slots=True)
class AuctionConfig:
    extend_window_s: int = 10  # a bid this close to the end pushes the end this far (0: never)
    sweep_s: float = 0.5  # how often every process looks for auctions whose end has passed
