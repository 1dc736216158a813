"""A giveaway in a live stream: the seller gives a tagged product away to one viewer
present in the room (optionally only among their followers), drawn verifiably.

The draw is commit-then-reveal. At the start a random ``seed`` (32 bytes as 64 lowercase
hex characters) is drawn and only its commitment is published:
``seed_commitment = sha256(seed as ASCII).hexdigest()``. Entries close at ``ends_at``; the
seed is revealed with the result, so anyone can check that
``sha256(seed) == seed_commitment`` and re-run the draw (``draw`` below):

1. write each entrant's user id as a canonical UUID (36 lowercase characters with
   hyphens) and sort those strings;
2. ``digest = sha256(seed + "\\n" + "\\n".join(sorted ids))`` (UTF-8);
3. the winner is ``sorted_ids[int(digest as a big-endian integer) % len(sorted_ids)]``.

No entrants: no winner."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from souk.domain.streams.errors import (
    CannotEnterOwnGiveaway,
    FollowersOnlyGiveaway,
    GiveawayClosed,
    InvalidGiveaway,
)

MIN_DURATION_S = 5
MAX_DURATION_S = 600


def commitment_of(seed: str) -> str:
    return hashlib.sha256(seed.encode("ascii")).hexdigest()


def draw(seed: str, entrant_ids: Iterable[UUID]) -> UUID | None:
    """The winner: a deterministic function of the seed and the sorted entrant ids (see
    the module's description)."""
    ordered = sorted(str(u) for u in set(entrant_ids))
    if not ordered:
        return None
    digest = hashlib.sha256((seed + "\n" + "\n".join(ordered)).encode("utf-8")).digest()
    return UUID(ordered[int.from_bytes(digest, "big") % len(ordered)])


@dataclass(slots=True)
class Giveaway:
    id: UUID
    stream_id: UUID
    seller_id: UUID
    product_id: UUID
    followers_only: bool
    seed: str  # secret until the giveaway ends
    seed_commitment: str
    started_at: datetime
    ends_at: datetime
    ended_at: datetime | None = None
    winner_id: UUID | None = None
    entrants: int = 0

    @classmethod
    def start(
        cls,
        giveaway_id: UUID,
        stream_id: UUID,
        seller_id: UUID,
        product_id: UUID,
        duration_s: int,
        followers_only: bool,
        now: datetime,
    ) -> Giveaway:
        if isinstance(duration_s, bool) or not MIN_DURATION_S <= duration_s <= MAX_DURATION_S:
            raise InvalidGiveaway(field="duration_s")
        seed = secrets.token_hex(32)
        return cls(
            giveaway_id,
            stream_id,
            seller_id,
            product_id,
            followers_only,
            seed,
            commitment_of(seed),
            now,
            now + timedelta(seconds=duration_s),
        )

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    @property
    def revealed_seed(self) -> str | None:
        """The seed, once the giveaway has ended (never before)."""
        return self.seed if self.ended else None

    def is_due(self, now: datetime) -> bool:
        return not self.ended and now >= self.ends_at

    def check_entry(self, user_id: UUID, now: datetime, follows_seller: bool) -> None:
        """Whether ``user_id`` may enter now (presence in the room is checked by the caller)."""
        if self.ended or now >= self.ends_at:
            raise GiveawayClosed()
        if user_id == self.seller_id:
            raise CannotEnterOwnGiveaway()
        if self.followers_only and not follows_seller:
            raise FollowersOnlyGiveaway()

    def close(self, entrant_ids: list[UUID], now: datetime) -> UUID | None:
        """Ends the giveaway (once) and draws its winner among ``entrant_ids``."""
        if self.ended:
            raise GiveawayClosed()
        self.winner_id = draw(self.seed, entrant_ids)
        self.entrants = len(set(entrant_ids))
        self.ended_at = now
        return self.winner_id
