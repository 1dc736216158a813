"""Sockets and sessions in one process: an ended session's sockets close 4401 (and only
theirs); a socket closes 4401 at its token's expiry unless re-armed."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.adapters.memory.clock import FakeClock
from souk.application.accounts.revoked_sessions import RevokedSessions, session_revoked
from souk.entrypoints.ws.connection import CLOSE_UNAUTHORIZED, Connection
from souk.entrypoints.ws.hub import Hub
from tests.unit.test_ws_hub import FakeSocket


def on(hub: Hub, user: uuid.UUID, session: uuid.UUID) -> tuple[Connection, FakeSocket]:
    socket = FakeSocket()
    connection = Connection(socket, user, session_id=session)  # type: ignore[arg-type]
    hub.add(connection)
    return connection, socket


async def test_an_ended_session_closes_its_sockets_and_no_others() -> None:
    hub, revoked = Hub(InProcessEventBus()), RevokedSessions(FakeClock(datetime.now(UTC)), timedelta(minutes=15))
    revoked.listen(hub.end_sessions)
    user, ended, kept = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    (_, first), (_, second), (survivor, third) = on(hub, user, ended), on(hub, user, ended), on(hub, user, kept)
    event = session_revoked(user, [ended], "logout", datetime.now(UTC))
    assert revoked.on_event(event) == {ended}
    assert revoked.on_event(event) == frozenset()  # heard twice (local + bus): acted on once
    await asyncio.sleep(0.01)
    assert first.closed is not None
    assert first.closed[0] == CLOSE_UNAUTHORIZED
    assert second.closed is not None
    assert second.closed[0] == CLOSE_UNAUTHORIZED
    assert third.closed is None
    assert not survivor.closing
    assert revoked.is_revoked(ended)
    assert not revoked.is_revoked(kept)


async def test_a_renewed_socket_follows_its_new_session() -> None:
    hub, user, old, new = Hub(InProcessEventBus()), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    connection, socket = on(hub, user, old)
    hub.move_session(connection, new)
    assert hub.end_sessions([old]) == 0
    assert hub.end_sessions([new]) == 1
    await asyncio.sleep(0.01)
    assert socket.closed is not None
    assert socket.closed[0] == CLOSE_UNAUTHORIZED
    hub.remove(connection)
    assert hub.end_sessions([new]) == 0


async def test_a_socket_closes_at_its_expiry_unless_re_armed() -> None:
    hub, user = Hub(InProcessEventBus()), uuid.uuid4()
    (lazy, lazy_socket), (renewed, renewed_socket) = on(hub, user, uuid.uuid4()), on(hub, user, uuid.uuid4())
    soon = datetime.now(UTC) + timedelta(milliseconds=100)
    lazy.expire_at(soon)
    renewed.expire_at(soon)
    renewed.expire_at(soon + timedelta(seconds=30))  # an auth frame with a fresh token
    await asyncio.sleep(0.3)
    assert lazy_socket.closed is not None
    assert lazy_socket.closed[0] == CLOSE_UNAUTHORIZED
    assert renewed_socket.closed is None
    await renewed.stop()  # cancels the timer


def test_sessions_ended_longer_ago_than_a_token_lives_are_not_kept() -> None:
    clock = FakeClock(datetime.now(UTC))
    revoked = RevokedSessions(clock, timedelta(minutes=15))
    old, recent = uuid.uuid4(), uuid.uuid4()
    assert revoked.add([old], clock.now() - timedelta(minutes=16)) == frozenset()
    assert revoked.add([recent], clock.now() - timedelta(minutes=14)) == {recent}
    assert not revoked.is_revoked(old)
    assert revoked.is_revoked(recent)
    clock.advance(timedelta(minutes=2))
    revoked.add([uuid.uuid4()], clock.now())  # adding prunes what expired
    assert not revoked.is_revoked(recent)
