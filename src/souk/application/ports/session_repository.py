from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.accounts.device_session import Device, DeviceSession


class SessionRepository(Protocol):
    """The device record of each session. A session is live while its refresh-token family
    holds a token that is unused, unrevoked and unexpired at ``now``."""

    async def add(self, session: DeviceSession) -> None: ...

    async def touch(self, session_id: UUID, now: datetime) -> None:
        """The session was used (a token refresh) at ``now``."""
        ...

    async def live_for_user(self, user_id: UUID, now: datetime) -> list[DeviceSession]:
        """The user's live sessions, most recently seen first."""
        ...

    async def live_of_user(self, session_id: UUID, user_id: UUID, now: datetime) -> DeviceSession | None:
        """That session when it is the user's and live; ``None`` otherwise (absent, ended, someone else's)."""
        ...

    async def devices_seen(self, user_id: UUID) -> set[Device]:
        """Every device the user has signed in from, ended sessions included."""
        ...
