from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.domain.social.target import SocialTarget


class StreamTargets(Protocol):
    """What likes and comments need to know of a stream (the streams feature owns them):
    does it exist, who owns it, may it be commented on now (a replay with comments on)."""

    async def find(self, stream_id: UUID) -> SocialTarget | None: ...
