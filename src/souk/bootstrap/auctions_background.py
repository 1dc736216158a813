"""The auction sweep every server process runs: auctions whose end has passed are ended
(locked re-checks make it safe in parallel, exactly once); the per-auction end jobs do
the same on time where a worker runs, this catches any they missed (a restart)."""

from __future__ import annotations

from dishka import AsyncContainer

from souk.application.streams.end_due_auctions import EndDueAuctions
from souk.application.system.outage import DATABASE
from souk.bootstrap.background import Periodic
from souk.bootstrap.settings import Settings


def auction_sweeper(container: AsyncContainer, settings: Settings) -> Periodic:
    async def sweep() -> None:
        async with container() as request:
            await (await request.get(EndDueAuctions))()

    return Periodic("auction-sweeper", settings.auction_sweep_s, sweep, proves=(DATABASE,))
