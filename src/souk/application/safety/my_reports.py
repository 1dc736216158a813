from __future__ import annotations

from uuid import UUID

from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.report_repository import ReportRepository
from souk.application.shared.cursors import SortKey
from souk.application.shared.paging import Page, page_of
from souk.domain.safety.report import Report


def report_key(report: Report) -> SortKey:
    return (report.created_at.isoformat(), str(report.id))


class MyReports:
    """The caller's reports, newest first, with their outcome (status and action)."""

    def __init__(self, reports: ReportRepository, codec: CursorCodec) -> None:
        self._reports = reports
        self._codec = codec

    async def __call__(self, reporter_id: UUID, cursor: str | None, limit: int) -> Page[Report]:
        return await page_of(
            self._codec,
            f"reports:{reporter_id}",
            cursor,
            limit,
            lambda after, n: self._reports.by_reporter(reporter_id, after, n),
            report_key,
        )
