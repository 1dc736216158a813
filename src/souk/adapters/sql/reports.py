from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Select, literal, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from souk.adapters.catalog_keys import parse_time_key
from souk.adapters.sql.tables import reports
from souk.adapters.sql.types import UtcDateTime
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.report_repository import ReportRepository
from souk.application.shared.cursors import SortKey
from souk.domain.safety.errors import ReportAlreadyOpen
from souk.domain.safety.report import Action, Report, ReportReason, ReportStatus, TargetType

_r = reports.c


class SqlReportRepository(ReportRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, report: Report) -> None:
        conn = await self._uow.connection()
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        # the partial unique index (one open report per reporter and target) decides
        result = await conn.execute(dialect.insert(reports).values(**_row(report)).on_conflict_do_nothing())
        if not result.rowcount:
            raise ReportAlreadyOpen()

    async def get(self, report_id: UUID) -> Report | None:
        return await self._one(select(reports).where(_r.id == report_id))

    async def get_for_update(self, report_id: UUID) -> Report | None:
        return await self._one(select(reports).where(_r.id == report_id).with_for_update())

    async def save(self, report: Report) -> None:
        conn = await self._uow.connection()
        await conn.execute(update(reports).where(_r.id == report.id).values(**_row(report)))

    async def by_reporter(self, reporter_id: UUID, after: SortKey | None, limit: int) -> list[Report]:
        query = select(reports).where(_r.reporter_id == reporter_id)
        if after is not None:
            query = query.where(tuple_(_r.created_at, _r.id) < _bound(after))
        return await self._many(query.order_by(_r.created_at.desc(), _r.id.desc()).limit(limit))

    async def queue(self, status: ReportStatus | None, after: SortKey | None, limit: int) -> list[Report]:
        query = select(reports)
        if status is not None:
            query = query.where(_r.status == status.value)
        if after is not None:
            query = query.where(tuple_(_r.created_at, _r.id) > _bound(after))
        return await self._many(query.order_by(_r.created_at, _r.id).limit(limit))

    async def _one(self, query: Select[Any]) -> Report | None:
        conn = await self._uow.connection()
        row = (await conn.execute(query)).mappings().first()
        return _report(row) if row else None

    async def _many(self, query: Select[Any]) -> list[Report]:
        conn = await self._uow.connection()
        return [_report(r) for r in (await conn.execute(query)).mappings()]


def _bound(after: SortKey) -> Any:
    at, ident = parse_time_key(after)
    return tuple_(literal(at, UtcDateTime()), literal(ident, _r.id.type))


def _row(report: Report) -> dict[str, Any]:
    return {
        "id": report.id,
        "reporter_id": report.reporter_id,
        "target_type": report.target_type.value,
        "target_id": report.target_id,
        "target_owner_id": report.target_owner_id,
        "reason": report.reason.value,
        "note": report.note,
        "status": report.status.value,
        "action": report.action.value if report.action else None,
        "resolution": report.resolution,
        "resolved_by": report.resolved_by,
        "created_at": report.created_at,
        "resolved_at": report.resolved_at,
    }


def _report(row: Any) -> Report:
    return Report(
        id=row["id"],
        reporter_id=row["reporter_id"],
        target_type=TargetType(row["target_type"]),
        target_id=row["target_id"],
        target_owner_id=row["target_owner_id"],
        reason=ReportReason(row["reason"]),
        note=row["note"],
        created_at=row["created_at"],
        status=ReportStatus(row["status"]),
        action=Action(row["action"]) if row["action"] else None,
        resolution=row["resolution"],
        resolved_by=row["resolved_by"],
        resolved_at=row["resolved_at"],
    )
