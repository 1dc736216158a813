from __future__ import annotations

from uuid import UUID

from souk.application.ports.clock import Clock
from souk.application.ports.live_audience import LiveAudience
from souk.application.ports.stream_viewer_log import StreamViewerLog
from souk.application.ports.unit_of_work import UnitOfWork


class LeaveStream:
    """A viewer left the room (``stream:leave``, or their socket closed)."""

    def __init__(self, uow: UnitOfWork, viewer_log: StreamViewerLog, audience: LiveAudience, clock: Clock) -> None:
        self._uow = uow
        self._log = viewer_log
        self._audience = audience
        self._clock = clock

    async def __call__(self, stream_id: UUID, visit_id: UUID, member: str) -> None:
        await self._audience.leave(stream_id, member)
        await self._log.left(visit_id, self._clock.now())
        await self._uow.commit()
