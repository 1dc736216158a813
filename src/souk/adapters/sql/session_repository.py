from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, exists, func, insert, select, update

from souk.adapters.sql.tables import device_sessions, refresh_tokens
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.session_repository import SessionRepository
from souk.domain.accounts.device_session import Device, DeviceSession, Platform

_s = device_sessions.c
_t = refresh_tokens.c


def _live(now: datetime) -> ColumnElement[bool]:
    """The family still holds a token that can be refreshed."""
    return exists().where(
        and_(_t.family_id == _s.id, _t.used_at.is_(None), _t.revoked_at.is_(None), _t.expires_at > now)
    )


class SqlSessionRepository(SessionRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, session: DeviceSession) -> None:
        conn = await self._uow.connection()
        await conn.execute(insert(device_sessions).values(**_to_row(session)))

    async def touch(self, session_id: UUID, now: datetime) -> None:
        conn = await self._uow.connection()
        seen = func.max(_s.last_seen_at, now) if conn.dialect.name == "sqlite" else func.greatest(_s.last_seen_at, now)
        await conn.execute(update(device_sessions).where(_s.id == session_id).values(last_seen_at=seen))

    async def live_for_user(self, user_id: UUID, now: datetime) -> list[DeviceSession]:
        conn = await self._uow.connection()
        statement = (
            select(device_sessions)
            .where(_s.user_id == user_id, _live(now))
            .order_by(_s.last_seen_at.desc(), _s.id.desc())
        )
        return [_to_entity(row) for row in (await conn.execute(statement)).mappings()]

    async def live_of_user(self, session_id: UUID, user_id: UUID, now: datetime) -> DeviceSession | None:
        conn = await self._uow.connection()
        statement = select(device_sessions).where(_s.id == session_id, _s.user_id == user_id, _live(now))
        row = (await conn.execute(statement)).mappings().first()
        return _to_entity(row) if row else None

    async def devices_seen(self, user_id: UUID) -> set[Device]:
        conn = await self._uow.connection()
        statement = select(_s.device_name, _s.platform).where(_s.user_id == user_id).distinct()
        return {_device(name, platform) for name, platform in (await conn.execute(statement)).all()}


def _device(name: str | None, platform: str | None) -> Device:
    return Device(name, Platform(platform) if platform else None)


def _to_row(session: DeviceSession) -> dict[str, Any]:
    return {
        "id": session.id,
        "user_id": session.user_id,
        "device_name": session.device.name,
        "platform": session.device.platform.value if session.device.platform else None,
        "approx_place": session.approx_place,
        "created_at": session.created_at,
        "last_seen_at": session.last_seen_at,
    }


def _to_entity(row: Any) -> DeviceSession:
    return DeviceSession(
        id=row["id"],
        user_id=row["user_id"],
        device=_device(row["device_name"], row["platform"]),
        approx_place=row["approx_place"],
        created_at=row["created_at"],
        last_seen_at=row["last_seen_at"],
    )
