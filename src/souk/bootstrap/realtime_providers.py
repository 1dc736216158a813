"""dishka providers of real time: presence announcements and their sweep."""

from __future__ import annotations

from dishka import AsyncContainer, Provider, Scope, provide

from souk.application.realtime.announce_presence import AnnouncePresence
from souk.application.realtime.sweep_presence import SweepPresence
from souk.bootstrap.background import Periodic


class RealtimeProvider(Provider):
    scope = Scope.REQUEST

    announce_presence = provide(AnnouncePresence)
    sweep_presence = provide(SweepPresence)


def presence_sweeper(container: AsyncContainer, every_s: float = 15.0) -> Periodic:
    """Every process sweeps; each expired connection is claimed by one of them."""

    async def sweep() -> None:
        async with container() as request:
            await (await request.get(SweepPresence))()

    return Periodic("presence-sweeper", every_s, sweep)
