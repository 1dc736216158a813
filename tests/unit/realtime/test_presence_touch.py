from __future__ import annotations

import asyncio
import uuid

import pytest

from souk.adapters.memory.presence import InMemoryPresence
from souk.entrypoints.ws import endpoint
from souk.entrypoints.ws.connection import Connection
from tests.unit.test_ws_hub import FakeSocket


async def test_frames_renew_presence_but_at_most_once_per_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(endpoint, "TOUCH_EVERY_S", 0.05)
    presence = InMemoryPresence(ttl_s=0.12)
    user = uuid.uuid4()
    conn = Connection(FakeSocket(), user)  # type: ignore[arg-type]
    await presence.connect(user, conn.id)
    touches = 0
    real_touch = presence.touch

    async def counting(user_id: uuid.UUID, connection_id: str) -> None:
        nonlocal touches
        touches += 1
        await real_touch(user_id, connection_id)

    monkeypatch.setattr(presence, "touch", counting)
    for _ in range(20):  # a busy socket: a frame every 10 ms for 200 ms
        await endpoint._keep_present(presence, conn)
        await asyncio.sleep(0.01)
    assert 2 <= touches <= 5
    assert await presence.online([user]) == {user}  # outlived its 120 ms expiry
    await asyncio.sleep(0.15)
    assert await presence.online([user]) == set()  # silence: it expires
