from __future__ import annotations

from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.ingest_guard import IngestGuard
from souk.domain.streams.stream_key import digest_of


class PublishDone:
    """nginx-rtmp ``on_publish_done``: the push stopped; the reconnect window starts (the
    sweep ends the stream when it passes). ``name`` is still the key the encoder used."""

    def __init__(self, uow: UnitOfWork, streams: StreamRepository, guard: IngestGuard, clock: Clock) -> None:
        self._uow = uow
        self._streams = streams
        self._guard = guard
        self._clock = clock

    async def __call__(self, secret: str | None, stream_key: str) -> None:
        self._guard.check(secret)
        if not stream_key:
            return
        stream = await self._streams.by_key_for_update(digest_of(stream_key))
        if stream is not None and stream.ingest_stopped(self._clock.now()):
            await self._streams.save(stream)
            await self._uow.commit()
