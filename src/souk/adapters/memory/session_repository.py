from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.session_repository import SessionRepository
from souk.domain.accounts.device_session import Device, DeviceSession
from souk.domain.accounts.refresh_token import RefreshToken


class InMemorySessionRepository(SessionRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._sessions: dict[UUID, DeviceSession] = uow.store.table("device_sessions")
        self._tokens: dict[str, RefreshToken] = uow.store.table("refresh_tokens")

    async def add(self, session: DeviceSession) -> None:
        self._uow.before_write()
        self._sessions[session.id] = clone(session)

    async def touch(self, session_id: UUID, now: datetime) -> None:
        session = self._sessions.get(session_id)
        if session is not None:
            self._uow.before_write()
            session.seen(now)

    async def live_for_user(self, user_id: UUID, now: datetime) -> list[DeviceSession]:
        live = [s for s in self._sessions.values() if s.user_id == user_id and self._is_live(s.id, now)]
        return [clone(s) for s in sorted(live, key=lambda s: (s.last_seen_at, s.id), reverse=True)]

    async def live_of_user(self, session_id: UUID, user_id: UUID, now: datetime) -> DeviceSession | None:
        session = self._sessions.get(session_id)
        if session is None or session.user_id != user_id or not self._is_live(session_id, now):
            return None
        return clone(session)

    async def devices_seen(self, user_id: UUID) -> set[Device]:
        return {s.device for s in self._sessions.values() if s.user_id == user_id}

    def _is_live(self, family_id: UUID, now: datetime) -> bool:
        return any(t.family_id == family_id and t.is_live(now) for t in self._tokens.values())
