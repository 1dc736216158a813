from __future__ import annotations

from uuid import UUID

from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.config import LiveConfig
from souk.application.streams.finish_stream import StreamFinisher
from souk.domain.streams.stream import EndReason


class EndSilentStreams:
    """The periodic sweep: a live stream whose push stopped and did not come back within
    the reconnect window ends by itself. Each stream is re-read under lock and ended only
    if still silent, so every server process may sweep at once."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamRepository,
        finisher: StreamFinisher,
        config: LiveConfig,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._finisher = finisher
        self._config = config
        self._clock = clock

    async def __call__(self, limit: int = 100) -> list[UUID]:
        now = self._clock.now()
        candidates = await self._streams.silent_since(now - self._config.reconnect_window, limit)
        await self._uow.rollback()
        ended: list[UUID] = []
        for stream_id in candidates:
            stream = await self._streams.get_for_update(stream_id)
            if stream is None or not stream.silent_too_long(self._clock.now(), self._config.reconnect_window):
                await self._uow.rollback()
                continue
            stream.end(None, self._clock.now(), EndReason.INGEST_LOST)
            await self._finisher.before_commit(stream, was_live=True)
            await self._uow.commit()
            await self._finisher.after_commit(stream, was_live=True)
            ended.append(stream_id)
        return ended
