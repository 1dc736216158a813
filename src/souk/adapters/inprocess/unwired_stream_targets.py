from __future__ import annotations

from uuid import UUID

from souk.application.ports.stream_targets import StreamTargets
from souk.domain.social.target import SocialTarget


class UnwiredStreamTargets(StreamTargets):
    """Until the streams feature is wired in, no stream exists for likes and comments
    (404). The composition root swaps in ``SqlStreamTargets`` where the streams table is."""

    async def find(self, stream_id: UUID) -> SocialTarget | None:
        return None
