from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, literal, or_, select, update

from souk.adapters.sql.read_session import SqlReadSession
from souk.adapters.sql.tables import users
from souk.adapters.sql.types import UtcDateTime
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.suspensions import Suspension, Suspensions
from souk.application.shared.shared_read import SharedRead

# The partial index ``ix_users_suspended`` holds only the users ever suspended. Its own
# predicate, word for word (``banned OR …``): PostgreSQL cannot prove the index applies from
# ``banned IS true OR …`` and scanned every user instead, on every feed and search request.
_EVER = or_(users.c.banned, users.c.suspended_until.is_not(None))


def _in_force(now: datetime) -> ColumnElement[bool]:
    return or_(users.c.banned.is_(True), users.c.suspended_until > literal(now, UtcDateTime()))


# (id, banned, suspended_until) of a user suspended at some time
_Suspended = tuple[UUID, bool, datetime | None]


class SharedSuspensionReads(SharedRead[datetime, list[_Suspended]]):
    """The process's shared reads of who is suspended (APP scope): the requests that arrive
    together share one read of the users suspended at the earliest time they ask about,
    and each keeps those still suspended at its own time (exact for every caller)."""

    def __init__(self) -> None:
        super().__init__(min)


class SqlSuspensions(Suspensions):
    """Writes in the use case's transaction; reads (asked on every feed, join and message)
    on the read engine, one pooled connection per statement, never holding a writer's;
    ``in_force`` through the process's shared reads when given them."""

    def __init__(self, uow: SqlUnitOfWork, reads: SqlReadSession, shared: SharedSuspensionReads | None = None) -> None:
        self._uow = uow
        self._reads = reads
        self._shared = shared

    async def suspend(self, suspension: Suspension) -> None:
        conn = await self._uow.connection()
        await conn.execute(
            update(users)
            .where(users.c.id == suspension.user_id)
            .values(
                banned=suspension.until is None,
                suspended_until=suspension.until,
                suspension_reason=suspension.reason,
            )
        )

    async def lift(self, user_id: UUID) -> bool:
        conn = await self._uow.connection()
        result = await conn.execute(
            update(users)
            .where(users.c.id == user_id, _EVER)
            .values(banned=False, suspended_until=None, suspension_reason=None)
        )
        return bool(result.rowcount)

    async def of(self, user_id: UUID, now: datetime) -> Suspension | None:
        conn = await self._reads.connection()
        query = select(users.c.suspended_until, users.c.banned, users.c.suspension_reason).where(
            users.c.id == user_id, _EVER, _in_force(now)
        )
        row = (await conn.execute(query)).first()
        if row is None:
            return None
        return Suspension(user_id, None if row.banned else row.suspended_until, row.suspension_reason or "")

    async def in_force(self, now: datetime) -> frozenset[UUID]:
        rows = await (self._shared(now, self._suspended_at) if self._shared else self._suspended_at(now))
        return frozenset(user_id for user_id, banned, until in rows if banned or (until is not None and until > now))

    async def _suspended_at(self, now: datetime) -> list[_Suspended]:
        conn = await self._reads.connection()
        query = select(users.c.id, users.c.banned, users.c.suspended_until).where(_EVER, _in_force(now))
        return [(row.id, bool(row.banned), row.suspended_until) for row in await conn.execute(query)]
