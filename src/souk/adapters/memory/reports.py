from __future__ import annotations

from uuid import UUID

from souk.adapters.catalog_keys import parse_time_key
from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.report_repository import ReportRepository
from souk.application.shared.cursors import SortKey
from souk.domain.safety.errors import ReportAlreadyOpen
from souk.domain.safety.report import Report, ReportStatus


class InMemoryReportRepository(ReportRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, Report] = uow.store.table("reports")

    async def add(self, report: Report) -> None:
        target = (report.reporter_id, report.target_type, report.target_id)
        if any(
            (r.reporter_id, r.target_type, r.target_id) == target and r.status is ReportStatus.OPEN
            for r in self._rows.values()
        ):
            raise ReportAlreadyOpen()
        self._uow.before_write()
        self._rows[report.id] = clone(report)

    async def get(self, report_id: UUID) -> Report | None:
        found = self._rows.get(report_id)
        return clone(found) if found else None

    async def get_for_update(self, report_id: UUID) -> Report | None:
        return await self.get(report_id)

    async def save(self, report: Report) -> None:
        self._uow.before_write()
        self._rows[report.id] = clone(report)

    async def by_reporter(self, reporter_id: UUID, after: SortKey | None, limit: int) -> list[Report]:
        rows = sorted(
            (r for r in self._rows.values() if r.reporter_id == reporter_id),
            key=lambda r: (r.created_at, r.id),
            reverse=True,
        )
        if after is not None:
            bound = parse_time_key(after)
            rows = [r for r in rows if (r.created_at, r.id) < bound]
        return [clone(r) for r in rows[:limit]]

    async def queue(self, status: ReportStatus | None, after: SortKey | None, limit: int) -> list[Report]:
        rows = sorted(
            (r for r in self._rows.values() if status is None or r.status is status), key=lambda r: (r.created_at, r.id)
        )
        if after is not None:
            bound = parse_time_key(after)
            rows = [r for r in rows if (r.created_at, r.id) > bound]
        return [clone(r) for r in rows[:limit]]
