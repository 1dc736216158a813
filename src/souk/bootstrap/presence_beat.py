"""Each server process's presence beat (see ``presence_beat``)."""

from __future__ import annotations

from uuid import UUID

from dishka import AsyncContainer

from souk.application.ports.presence import Presence
from souk.application.realtime.announce_presence import AnnouncePresence
from souk.application.realtime.sweep_presence import SweepPresence
from souk.application.system.outage import REDIS
from souk.bootstrap.background import Periodic
from souk.entrypoints.ws.hub import Hub


def presence_beat(container: AsyncContainer, every_s: float) -> Periodic:
    """Every beat a process renews all of its sockets' presence in one Redis round trip,
    then sweeps: connections a dead process stopped renewing expire (``SOUK_PRESENCE_TTL_S``)
    and their users go offline, each claimed by one sweeping process."""

    async def beat() -> None:
        hub, presence = await container.get(Hub), await container.get(Presence)
        lost = await presence.touch(hub.live_connections())
        async with container() as request:
            await (await request.get(SweepPresence))()
            if lost:
                await _register_again(hub, presence, await request.get(AnnouncePresence), lost)

    return Periodic("presence-beat", every_s, beat, proves=(REDIS,))


async def _register_again(
    hub: Hub, presence: Presence, announce: AnnouncePresence, lost: list[tuple[UUID, str]]
) -> None:
    """Sockets still open here whose presence is gone: Redis was away longer than the
    presence lifetime, or this process stalled that long, and a sweep dropped them. They
    are registered again (and announced online) instead of staying invisible."""
    still_open = set(hub.live_connections())  # a socket that closed meanwhile stays gone
    for user_id, connection_id in lost:
        if (user_id, connection_id) in still_open:
            came_online, _ = await presence.connect(user_id, connection_id)
            if came_online:
                await announce(user_id, True)
