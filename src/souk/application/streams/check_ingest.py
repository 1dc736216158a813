from __future__ import annotations

from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.ingest_guard import IngestGuard
from souk.domain.streams.errors import UnknownStreamKey
from souk.domain.streams.stream import IngestState
from souk.domain.streams.stream_key import digest_of


class CheckIngest:
    """nginx-rtmp ``on_update`` (every few seconds while pushing): a push whose stream has
    ended, or whose key was replaced, is told to stop (a 4xx drops it). A push that is
    plainly alive also puts a stream marked ``interrupted`` back to ``receiving`` (a
    refused second encoder reports publish-done although the first one goes on)."""

    def __init__(self, uow: UnitOfWork, streams: StreamRepository, guard: IngestGuard, clock: Clock) -> None:
        self._uow = uow
        self._streams = streams
        self._guard = guard
        self._clock = clock

    async def __call__(self, secret: str | None, stream_key: str) -> None:
        self._guard.check(secret)
        digest = digest_of(stream_key)
        stream = await self._streams.by_key(digest) if stream_key else None
        if stream is None or not stream.accepts_key(digest):
            raise UnknownStreamKey()
        if stream.ingest_state is IngestState.INTERRUPTED:
            locked = await self._streams.by_key_for_update(digest)
            if locked is not None and locked.accepts_key(digest):
                locked.ingest_started(self._clock.now())
                await self._streams.save(locked)
                await self._uow.commit()
