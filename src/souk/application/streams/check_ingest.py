from __future__ import annotations

from souk.application.ports.stream_repository import StreamReader
from souk.application.streams.ingest_guard import IngestGuard
from souk.domain.streams.errors import UnknownStreamKey
from souk.domain.streams.stream_key import digest_of


class CheckIngest:
    """nginx-rtmp ``on_update`` (every few seconds while pushing): a push whose stream has
    ended, or whose key was replaced, is told to stop (a 4xx drops it)."""

    def __init__(self, streams: StreamReader, guard: IngestGuard) -> None:
        self._streams = streams
        self._guard = guard

    async def __call__(self, secret: str | None, stream_key: str) -> None:
        self._guard.check(secret)
        digest = digest_of(stream_key)
        stream = await self._streams.by_key(digest) if stream_key else None
        if stream is None or not stream.accepts_key(digest):
            raise UnknownStreamKey()
