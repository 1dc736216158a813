from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.streams.analytics import ViewerVisit


class StreamViewerLog(Protocol):
    """When each viewer joined and left: the source of peak, unique and watch-time figures."""

    async def joined(self, visit_id: UUID, stream_id: UUID, user_id: UUID, at: datetime) -> None: ...

    async def left(self, visit_id: UUID, at: datetime) -> None: ...

    async def visits(self, stream_id: UUID) -> list[ViewerVisit]: ...
