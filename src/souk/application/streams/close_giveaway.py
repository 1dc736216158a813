from __future__ import annotations

from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.giveaway_repository import GiveawayRepository
from souk.application.ports.stream_timeline import StreamTimeline
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.streams.events import GiveawayEnded
from souk.domain.streams.giveaway import Giveaway
from souk.domain.streams.timeline import TimelineEntry, TimelineKind


class CloseGiveaway:
    """Ends a giveaway whose time is up, exactly once whoever gets there first (its job,
    the sweep of any process): the row is locked, an ended giveaway is left alone. The
    winner is drawn from the entrants (``domain.streams.giveaway.draw``), the seed is
    revealed (``giveaway:ended``), the timeline notes it, and the winner is notified."""

    def __init__(
        self,
        uow: UnitOfWork,
        giveaways: GiveawayRepository,
        timeline: StreamTimeline,
        events: EventRecorder,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._giveaways = giveaways
        self._timeline = timeline
        self._events = events
        self._clock = clock

    async def __call__(self, giveaway_id: UUID) -> bool:
        """Whether this call closed it (False: not due yet, already closed, or unknown)."""
        now = self._clock.now()
        giveaway = await self._giveaways.get_for_update(giveaway_id)
        if giveaway is None or not giveaway.is_due(now):
            await self._uow.rollback()
            return False
        winner = giveaway.close(await self._giveaways.entrant_ids(giveaway.id), now)
        await self._giveaways.save(giveaway)
        transaction_id = await self._give(giveaway, winner)
        await self._timeline.append(
            TimelineEntry(
                giveaway.stream_id,
                now,
                TimelineKind.GIVEAWAY_ENDED,
                giveaway.product_id,
                {
                    "giveaway_id": str(giveaway.id),
                    "winner_id": str(winner) if winner else None,
                    "seed": giveaway.seed,
                    "entrants": giveaway.entrants,
                },
            )
        )
        await self._events.record(
            GiveawayEnded(
                giveaway.id,
                giveaway.stream_id,
                giveaway.seller_id,
                giveaway.product_id,
                giveaway.seed_commitment,
                giveaway.seed,
                winner,
                giveaway.entrants,
                transaction_id,
                now,
            )
        )
        await self._uow.commit()
        await self._events.publish()
        return True

    async def _give(self, giveaway: Giveaway, winner: UUID | None) -> UUID | None:
        return None
