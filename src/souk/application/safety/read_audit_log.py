from __future__ import annotations

from uuid import UUID

from souk.application.ports.audit_log import AuditLog
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.shared.paging import Page, page_of
from souk.application.shared.staff import StaffGate
from souk.domain.safety.audit import AuditEntry


class ReadAuditLog:
    """Staff: every staff action, newest first."""

    def __init__(self, gate: StaffGate, audit: AuditLog, codec: CursorCodec) -> None:
        self._gate = gate
        self._audit = audit
        self._codec = codec

    async def __call__(self, actor_id: UUID, cursor: str | None, limit: int) -> Page[AuditEntry]:
        await self._gate.require(actor_id)
        return await page_of(
            self._codec,
            "audit-log",
            cursor,
            limit,
            lambda after, n: self._audit.page(after, n),
            lambda e: (e.at.isoformat(), str(e.id)),
        )
