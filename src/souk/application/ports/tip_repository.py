from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.payments.tip import Tip, TipTotal


class TipRepository(Protocol):
    async def add(self, tip: Tip) -> None: ...

    async def get(self, tip_id: UUID) -> Tip | None: ...

    async def mark_captured(self, tip_id: UUID, at: datetime) -> Tip | None:
        """The tip, captured now; ``None`` when it already was (or does not exist)."""
        ...

    async def totals(self, stream_id: UUID) -> list[TipTotal]:
        """The stream's captured tips, one total per currency (sorted by currency)."""
        ...
