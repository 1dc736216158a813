from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.tip_repository import TipRepository
from souk.application.ports.user_reader import UserReader
from souk.domain.payments.events import TipCaptured


class TipSettlement:
    """A tip's charge was captured (in the mover's database transaction): the tip is
    marked captured — once, whichever process or retry gets there first — and the room is
    told who gave how much (``stream:tip``, built by the WebSocket projection)."""

    def __init__(self, tips: TipRepository, users: UserReader, events: EventRecorder) -> None:
        self._tips = tips
        self._users = users
        self._events = events

    async def captured(self, tip_id: UUID, now: datetime) -> None:
        tip = await self._tips.mark_captured(tip_id, now)
        if tip is None:  # already told, or not a tip
            return
        tipper = await self._users.get(tip.tipper_id)
        username, name = (tipper.username.value, tipper.display_name) if tipper else ("deleted", "Deleted user")
        await self._events.record(
            TipCaptured(tip.id, tip.stream_id, tip.seller_id, tip.tipper_id, username, name, tip.amount)
        )
