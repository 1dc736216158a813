"""Each server process's presence beat (see ``presence_beat``)."""

from __future__ import annotations

from dishka import AsyncContainer

from souk.application.ports.presence import Presence
from souk.application.realtime.sweep_presence import SweepPresence
from souk.bootstrap.background import Periodic
from souk.entrypoints.ws.hub import Hub


def presence_beat(container: AsyncContainer, every_s: float) -> Periodic:
    """Every beat a process renews all of its sockets' presence in one Redis round trip,
    then sweeps: connections a dead process stopped renewing expire (``SOUK_PRESENCE_TTL_S``)
    and their users go offline, each claimed by one sweeping process."""

    async def beat() -> None:
        hub, presence = await container.get(Hub), await container.get(Presence)
        await presence.touch(hub.live_connections())
        async with container() as request:
            await (await request.get(SweepPresence))()

    return Periodic("presence-beat", every_s, beat)
