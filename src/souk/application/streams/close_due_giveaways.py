from __future__ import annotations

from souk.application.ports.giveaway_repository import GiveawayRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.close_giveaway import CloseGiveaway


class CloseDueGiveaways:
    """The periodic sweep every server process runs: closes each giveaway past its end
    (whose job was lost, e.g. across a restart); ``CloseGiveaway`` locks, so it is safe in
    parallel with the jobs and the other processes' sweeps."""

    def __init__(self, uow: UnitOfWork, giveaways: GiveawayRepository, clock: Clock, close: CloseGiveaway) -> None:
        self._uow = uow
        self._giveaways = giveaways
        self._clock = clock
        self._close = close

    async def __call__(self, limit: int = 100) -> int:
        due = await self._giveaways.due(self._clock.now(), limit)
        await self._uow.rollback()
        closed = 0
        for giveaway_id in due:
            closed += await self._close(giveaway_id)
        return closed
