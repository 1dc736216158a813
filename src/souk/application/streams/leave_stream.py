from __future__ import annotations

from uuid import UUID

from souk.application.ports.live_audience import LiveAudience
from souk.application.shared.clock import Clock
from souk.application.streams.visit_buffer import VisitBuffer


class LeaveStream:
    """A viewer left the room (``stream:leave``, or their socket closed); the visit is closed
    in the viewer log's next batch."""

    def __init__(self, visits: VisitBuffer, audience: LiveAudience, clock: Clock) -> None:
        self._visits = visits
        self._audience = audience
        self._clock = clock

    async def __call__(self, stream_id: UUID, visit_id: UUID, user_id: UUID, member: str) -> None:
        await self._audience.leave(stream_id, member)
        self._visits.left(visit_id, stream_id, user_id, self._clock.now())
