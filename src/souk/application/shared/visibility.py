"""The one place the safety rules every feature obeys live:

- a block works both ways: neither side may message, offer, follow, comment on, like or
  join the live room of the other (``ensure_apart``), and neither sees the other's
  listings, streams, comments or offers (``hidden_from``);
- a suspended (or banned) user's listings and streams disappear from every public read
  (``hidden_from`` too).

Lists filter the ids ``hidden_from`` answers in SQL, and only when there are any: a viewer
without blocks, on a day without suspensions, reads the plain query."""

from __future__ import annotations

from uuid import UUID

from souk.application.ports.blocks import Blocks
from souk.application.ports.suspensions import Suspensions
from souk.application.shared.clock import Clock
from souk.domain.safety.errors import Blocked


class Visibility:
    def __init__(self, blocks: Blocks, suspensions: Suspensions, clock: Clock) -> None:
        self._blocks = blocks
        self._suspensions = suspensions
        self._clock = clock

    async def ensure_apart(self, actor_id: UUID, other_id: UUID) -> None:
        """Raises ``Blocked`` (403) when either of the two blocked the other."""
        if actor_id != other_id and await self._blocks.either_way(actor_id, other_id):
            raise Blocked()

    async def apart(self, a: UUID, b: UUID) -> bool:
        return a != b and await self._blocks.either_way(a, b)

    async def shut_out(self, user_id: UUID) -> frozenset[UUID]:
        """Everyone in a block with ``user_id``, either way: who must not see their doings
        live (an offer in a product's offer feed)."""
        return await self._blocks.shut_out(user_id)

    async def hidden_from(self, viewer_id: UUID | None) -> frozenset[UUID]:
        """Authors whose things ``viewer_id`` (None: anonymous) must not see in lists."""
        suspended = await self._suspensions.in_force(self._clock.now())
        if viewer_id is None:
            return suspended
        return (suspended | await self._blocks.shut_out(viewer_id)) - {viewer_id}
