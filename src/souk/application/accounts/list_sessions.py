from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.session_repository import SessionRepository
from souk.application.shared.clock import Clock
from souk.domain.accounts.device_session import DeviceSession


@dataclass(frozen=True, slots=True)
class SessionView:
    session: DeviceSession
    current: bool


class ListSessions:
    """The caller's live sessions, most recently seen first, the one asking marked."""

    def __init__(self, sessions: SessionRepository, clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def __call__(self, user_id: UUID, current_session: UUID) -> list[SessionView]:
        live = await self._sessions.live_for_user(user_id, self._clock.now())
        return [SessionView(s, s.id == current_session) for s in live]
