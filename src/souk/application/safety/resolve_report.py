from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.report_repository import ReportRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.safety.moderation import Moderation
from souk.application.shared.staff import StaffGate
from souk.domain.accounts.user import User
from souk.domain.safety.audit import StaffAction
from souk.domain.safety.errors import ActionNotApplicable, ReportNotFound
from souk.domain.safety.report import Action, Report, TargetType, staff_reason
from souk.domain.shared.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Resolution:
    action: str
    reason: str
    until: datetime | None = None


class ResolveReport:
    """Staff close a report with an action: ``dismiss``; ``remove`` the product, stream or
    comment; ``warn``, ``suspend`` (``until`` required) or ``ban`` its author. The report
    (which its reporter sees), the action and both audit entries commit together."""

    def __init__(
        self,
        uow: UnitOfWork,
        gate: StaffGate,
        reports: ReportRepository,
        moderation: Moderation,
        events: EventRecorder,
    ) -> None:
        self._uow = uow
        self._gate = gate
        self._reports = reports
        self._moderation = moderation
        self._events = events

    async def __call__(self, actor_id: UUID, report_id: UUID, resolution: Resolution) -> Report:
        actor = await self._gate.require(actor_id)
        try:
            action = Action(resolution.action)
        except ValueError:
            raise InvalidInput("action is dismiss, remove, warn, suspend or ban.", field="action") from None
        reason = staff_reason(resolution.reason)
        report = await self._reports.get_for_update(report_id)
        if report is None:
            raise ReportNotFound()
        report.resolve(action, reason, actor.id, self._moderation.clock.now())
        await self._reports.save(report)
        await self._moderation.log(actor, StaffAction.RESOLVE_REPORT, "report", report.id, f"{action.value}: {reason}")
        await self._act(actor, report, action, reason, resolution.until)
        await self._uow.commit()
        await self._events.publish()
        return report

    async def _act(self, actor: User, report: Report, action: Action, reason: str, until: datetime | None) -> None:
        m, kind = self._moderation, report.target_type
        if action is Action.DISMISS:
            return
        if action is Action.REMOVE:
            if kind is TargetType.PRODUCT:
                await m.take_down_product(actor, report.target_id, reason)
            elif kind is TargetType.STREAM:
                await m.take_down_stream(actor, report.target_id, reason)
            elif kind is TargetType.COMMENT:
                await m.delete_comment(actor, report.target_id, reason)
            else:
                raise ActionNotApplicable(f"A {kind.value} cannot be removed: warn, suspend or ban its author.")
            return
        if action is Action.WARN:
            await m.warn(actor, report.target_owner_id, reason)
        elif action is Action.SUSPEND:
            if until is None:
                raise InvalidInput("A suspension needs until (a ban does not).", field="until")
            await m.suspend(actor, report.target_owner_id, until, reason)
        else:
            await m.suspend(actor, report.target_owner_id, None, reason)
