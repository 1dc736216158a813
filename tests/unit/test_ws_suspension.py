"""A suspended account's sockets close with 4403 (other ended sessions keep 4401)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.adapters.memory.clock import FakeClock
from souk.application.accounts.revoked_sessions import RevokedSessions, session_revoked
from souk.domain.accounts.events import SUSPENDED
from souk.entrypoints.ws.connection import CLOSE_SUSPENDED, CLOSE_UNAUTHORIZED
from souk.entrypoints.ws.hub import Hub
from tests.unit.test_ws_sessions import on


async def test_suspension_closes_4403_and_a_logout_4401() -> None:
    hub, revoked = Hub(InProcessEventBus()), RevokedSessions(FakeClock(datetime.now(UTC)), timedelta(minutes=15))
    revoked.listen(hub.end_sessions)
    rogue, other = uuid.uuid4(), uuid.uuid4()
    (_, phone), (_, laptop) = on(hub, rogue, first := uuid.uuid4()), on(hub, rogue, second := uuid.uuid4())
    _, others = on(hub, other, third := uuid.uuid4())
    assert revoked.on_event(session_revoked(rogue, [first, second], SUSPENDED, datetime.now(UTC))) == {first, second}
    assert revoked.on_event(session_revoked(other, [third], "logout", datetime.now(UTC))) == {third}
    await asyncio.sleep(0.01)
    assert [s.closed[0] for s in (phone, laptop) if s.closed] == [CLOSE_SUSPENDED, CLOSE_SUSPENDED]
    assert others.closed is not None
    assert others.closed[0] == CLOSE_UNAUTHORIZED
