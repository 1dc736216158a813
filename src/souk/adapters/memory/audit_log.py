from __future__ import annotations

from uuid import UUID

from souk.adapters.catalog_keys import parse_time_key
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.audit_log import AuditLog
from souk.application.shared.cursors import SortKey
from souk.domain.safety.audit import AuditEntry


class InMemoryAuditLog(AuditLog):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, AuditEntry] = uow.store.table("audit_log")

    async def append(self, entry: AuditEntry) -> None:
        self._uow.before_write()
        self._rows[entry.id] = entry

    async def page(self, after: SortKey | None, limit: int) -> list[AuditEntry]:
        rows = sorted(self._rows.values(), key=lambda e: (e.at, e.id), reverse=True)
        if after is not None:
            bound = parse_time_key(after)
            rows = [e for e in rows if (e.at, e.id) < bound]
        return rows[:limit]
