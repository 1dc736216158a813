from __future__ import annotations

from souk.application.ports.presence import Presence
from souk.application.realtime.announce_presence import AnnouncePresence


class SweepPresence:
    """Connections a crashed process or a dead network left behind stop being touched and
    expire; whoever had no other connection goes ``user:offline`` (each user claimed by one
    sweeping process only)."""

    def __init__(self, presence: Presence, announce: AnnouncePresence) -> None:
        self._presence = presence
        self._announce = announce

    async def __call__(self) -> int:
        gone = await self._presence.expire_stale()
        for user_id in gone:
            await self._announce(user_id, False)
        return len(gone)
