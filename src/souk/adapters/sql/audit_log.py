from __future__ import annotations

from sqlalchemy import insert, literal, select, tuple_

from souk.adapters.catalog_keys import parse_time_key
from souk.adapters.sql.tables import audit_log
from souk.adapters.sql.types import UtcDateTime
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.audit_log import AuditLog
from souk.application.shared.cursors import SortKey
from souk.domain.safety.audit import AuditEntry, StaffAction

_a = audit_log.c


class SqlAuditLog(AuditLog):
    """Only ever INSERTs: there is no statement here that changes or removes an entry."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def append(self, entry: AuditEntry) -> None:
        conn = await self._uow.connection()
        await conn.execute(
            insert(audit_log).values(
                id=entry.id,
                actor_id=entry.actor_id,
                action=entry.action.value,
                target_type=entry.target_type,
                target_id=entry.target_id,
                reason=entry.reason,
                at=entry.at,
            )
        )

    async def page(self, after: SortKey | None, limit: int) -> list[AuditEntry]:
        conn = await self._uow.connection()
        query = select(audit_log)
        if after is not None:
            at, ident = parse_time_key(after)
            query = query.where(tuple_(_a.at, _a.id) < tuple_(literal(at, UtcDateTime()), literal(ident, _a.id.type)))
        rows = (await conn.execute(query.order_by(_a.at.desc(), _a.id.desc()).limit(limit))).mappings()
        return [
            AuditEntry(
                r["id"], r["actor_id"], StaffAction(r["action"]), r["target_type"], r["target_id"], r["reason"], r["at"]
            )
            for r in rows
        ]
