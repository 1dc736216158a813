from __future__ import annotations

from uuid import UUID

from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.ingest_guard import IngestGuard
from souk.domain.streams.errors import UnknownStreamKey
from souk.domain.streams.stream_key import digest_of


class AuthorizePublish:
    """nginx-rtmp ``on_publish``: a push with the key of a live stream may go on (and is
    renamed to the public stream id); any other key is refused."""

    def __init__(self, uow: UnitOfWork, streams: StreamRepository, guard: IngestGuard, clock: Clock) -> None:
        self._uow = uow
        self._streams = streams
        self._guard = guard
        self._clock = clock

    async def __call__(self, secret: str | None, stream_key: str) -> UUID:
        self._guard.check(secret)
        stream = await self._streams.by_key_for_update(digest_of(stream_key)) if stream_key else None
        if stream is None or not stream.accepts_key(digest_of(stream_key)):
            raise UnknownStreamKey()
        stream.ingest_started(self._clock.now())
        await self._streams.save(stream)
        await self._uow.commit()
        return stream.id
