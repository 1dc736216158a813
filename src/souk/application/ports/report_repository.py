from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.application.shared.cursors import SortKey
from souk.domain.safety.report import Report, ReportStatus


class ReportRepository(Protocol):
    async def add(self, report: Report) -> None:
        """Raises ``ReportAlreadyOpen`` when the reporter has an open report on the target."""
        ...

    async def get(self, report_id: UUID) -> Report | None: ...

    async def get_for_update(self, report_id: UUID) -> Report | None: ...

    async def save(self, report: Report) -> None: ...

    async def by_reporter(self, reporter_id: UUID, after: SortKey | None, limit: int) -> list[Report]:
        """Newest first by (created_at, id)."""
        ...

    async def queue(self, status: ReportStatus | None, after: SortKey | None, limit: int) -> list[Report]:
        """Oldest first by (created_at, id): the queue is worked from its head."""
        ...
