from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.report_repository import ReportRepository
from souk.application.safety.my_reports import report_key
from souk.application.safety.report_targets import ReportTargets
from souk.application.shared.paging import Page, page_of
from souk.application.shared.staff import StaffGate
from souk.domain.safety.report import Report, ReportStatus
from souk.domain.shared.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class QueuedReport:
    report: Report
    preview: str | None  # the reported content as it stands (None: it is gone)


class ListReports:
    """Staff: the report queue, oldest first, each with the reported content in place."""

    def __init__(self, gate: StaffGate, reports: ReportRepository, targets: ReportTargets, codec: CursorCodec) -> None:
        self._gate = gate
        self._reports = reports
        self._targets = targets
        self._codec = codec

    async def __call__(self, actor_id: UUID, status: str | None, cursor: str | None, limit: int) -> Page[QueuedReport]:
        await self._gate.require(actor_id)
        try:
            wanted = ReportStatus(status) if status else None
        except ValueError:
            raise InvalidInput("status is open or resolved.", field="status") from None
        page = await page_of(
            self._codec,
            f"report-queue:{status}",
            cursor,
            limit,
            lambda after, n: self._reports.queue(wanted, after, n),
            report_key,
        )
        items = []
        for report in page.items:
            found = await self._targets.find(report.target_type, report.target_id, None)
            items.append(QueuedReport(report, found.preview if found else None))
        return Page(items, page.next_cursor)
