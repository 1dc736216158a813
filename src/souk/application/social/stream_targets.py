"""Streams as targets of likes and comments, read through the streams feature's own port
(so the rule lives with the stream: memory and SQL deployments alike)."""

from __future__ import annotations

from uuid import UUID

from souk.application.ports.stream_repository import StreamReader
from souk.application.ports.stream_targets import StreamTargets
from souk.domain.social.target import SocialTarget, TargetKind, TargetRef
from souk.domain.streams.stream import StreamStatus


class StreamsAsTargets(StreamTargets):
    """A stream takes comments once it is a replay (``ended``) with comments on; a draft or
    a cancelled stream is seen by its owner only."""

    def __init__(self, streams: StreamReader) -> None:
        self._streams = streams

    async def find(self, stream_id: UUID) -> SocialTarget | None:
        stream = await self._streams.get(stream_id)
        if stream is None:
            return None
        return SocialTarget(
            TargetRef(TargetKind.STREAM, stream_id),
            owner_id=stream.seller_id,
            accepts_comments=stream.status is StreamStatus.ENDED and stream.settings.enable_comments,
            hidden=stream.status in (StreamStatus.DRAFT, StreamStatus.CANCELLED),
        )
