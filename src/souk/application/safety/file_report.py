from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from souk.application.ports.report_repository import ReportRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.safety.report_targets import ReportTargets
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.domain.safety.report import Report, ReportReason, TargetType
from souk.domain.shared.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class ReportDraft:
    target_type: str
    target_id: UUID
    reason: str
    note: str | None = None


class FileReport:
    """A user reports something they can see and is not theirs; one open report per
    reporter and target (a second is a 409 ``report_already_open``)."""

    def __init__(
        self, uow: UnitOfWork, targets: ReportTargets, reports: ReportRepository, ids: Ids, clock: Clock
    ) -> None:
        self._uow = uow
        self._ids = ids
        self._targets = targets
        self._reports = reports
        self._clock = clock

    async def __call__(self, reporter_id: UUID, draft: ReportDraft) -> Report:
        kind = _parse(TargetType, draft.target_type, "target_type")
        reason = _parse(ReportReason, draft.reason, "reason")
        found = await self._targets.reportable(kind, draft.target_id, reporter_id)
        report = Report.file(
            self._ids.new(), reporter_id, kind, draft.target_id, found.owner_id, reason, draft.note, self._clock.now()
        )
        await self._reports.add(report)
        await self._uow.commit()
        return report


E = TypeVar("E", TargetType, ReportReason)


def _parse(kind: type[E], raw: str, field: str) -> E:
    try:
        return kind(raw)
    except ValueError:
        raise InvalidInput(f"Unknown {field} {raw!r}.", field=field) from None
