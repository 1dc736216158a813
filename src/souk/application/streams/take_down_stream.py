from __future__ import annotations

from uuid import UUID

from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.stream_takedown import StreamTakedown
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.finish_stream import StreamFinisher
from souk.domain.streams.errors import StreamNotFound
from souk.domain.streams.stream import EndReason


class TakeDownStream(StreamTakedown):
    """Ends the stream as its owner's ``POST /end`` does (``stream:ended`` to the room, the
    recording kept for staff) but for staff, with ``end_reason`` ``taken_down``."""

    def __init__(self, uow: UnitOfWork, streams: StreamRepository, finisher: StreamFinisher, clock: Clock) -> None:
        self._uow = uow
        self._streams = streams
        self._finisher = finisher
        self._clock = clock

    async def take_down(self, stream_id: UUID) -> UUID:
        stream = await self._streams.get_for_update(stream_id)
        if stream is None:
            raise StreamNotFound()
        if stream.finished:
            await self._uow.commit()
            return stream.seller_id
        was_live = stream.is_live
        stream.end(None, self._clock.now(), EndReason.TAKEN_DOWN)
        await self._finisher.before_commit(stream, was_live)
        await self._uow.commit()
        await self._finisher.after_commit(stream, was_live)
        return stream.seller_id
