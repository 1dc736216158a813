"""A giveaway's body and answers (``POST /streams/{id}/giveaways``, ``GET .../giveaways/{id}``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from souk.application.streams.get_giveaway import GiveawayView
from souk.domain.streams.giveaway import MAX_DURATION_S, MIN_DURATION_S, Giveaway
from souk.entrypoints.wire.bodies import Body


class GiveawayCreate(Body):
    """Give a product tagged in the live stream away to one viewer present in the room."""

    product_id: UUID
    duration_s: Annotated[
        int, msgspec.Meta(ge=MIN_DURATION_S, le=MAX_DURATION_S, description="How long entries are open, in seconds")
    ]
    followers_only: Annotated[bool, msgspec.Meta(description="Only the seller's followers may enter")] = False


class GiveawayCreatedOut(msgspec.Struct):
    """The new giveaway: `seed_commitment` is the sha256 (hex) of the secret seed revealed at its end."""

    id: UUID
    seed_commitment: str

    @classmethod
    def of(cls, giveaway: Giveaway) -> GiveawayCreatedOut:
        return cls(giveaway.id, giveaway.seed_commitment)


class GiveawayOut(msgspec.Struct):
    """A giveaway. Once `ended`: the `winner_id` (null without entrants), the revealed `seed` and the sorted
    `entrant_ids` — check `sha256(seed) == seed_commitment`, then re-run the draw: sort the entrants' ids
    (lowercase, hyphenated), `digest = sha256(seed + "\\n" + "\\n".join(ids))`, the winner is
    `ids[int(digest, big-endian) % len(ids)]`. While `running`, `seed` is null, `entrant_ids` empty and
    `entrants` 0 (told at the end)."""

    id: UUID
    stream_id: UUID
    product_id: UUID
    followers_only: bool
    status: Literal["running", "ended"]
    seed_commitment: str
    started_at: datetime
    ends_at: datetime
    ended_at: datetime | None
    winner_id: UUID | None
    seed: str | None
    entrants: int
    entrant_ids: list[UUID]

    @classmethod
    def of(cls, view: GiveawayView) -> GiveawayOut:
        g = view.giveaway
        return cls(
            id=g.id,
            stream_id=g.stream_id,
            product_id=g.product_id,
            followers_only=g.followers_only,
            status="ended" if g.ended else "running",
            seed_commitment=g.seed_commitment,
            started_at=g.started_at,
            ends_at=g.ends_at,
            ended_at=g.ended_at,
            winner_id=g.winner_id,
            seed=g.revealed_seed,
            entrants=g.entrants,
            entrant_ids=view.entrant_ids,
        )
