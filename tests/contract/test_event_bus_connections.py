"""The Redis bus on the connections a deployment may configure: a unix socket, a
password, a logical database other than 0, RESP2 and RESP3. The bus's own publisher and
subscriber connections are made by redis-py from the client's settings, then spoken to
directly (``adapters/redis/lean_pubsub``): each of these must still work end to end."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from souk.adapters.redis.event_bus import RedisEventBus
from souk.domain.accounts.events import UserRegistered
from tests.services import unavailable

pytestmark = pytest.mark.redis
PASSWORD = "s3cret pass"


@pytest.fixture(scope="module")
def unix_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A redis-server of the test's own, on a unix socket only, with a password."""
    binary = shutil.which("redis-server")
    if binary is None:
        unavailable("redis-server", "not on PATH")
    workdir = tmp_path_factory.mktemp("unix-redis")
    socket_path = workdir / "redis.sock"
    args = [binary, "--port", "0", "--unixsocket", str(socket_path), "--requirepass", PASSWORD]
    process = subprocess.Popen(
        [*args, "--save", "", "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not socket_path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    if not socket_path.exists():
        process.kill()
        unavailable("redis-server", "its unix socket did not appear")
    yield socket_path
    process.terminate()
    process.wait(10)


@pytest.mark.parametrize("protocol", [2, 3])
async def test_events_cross_a_password_protected_unix_socket_on_another_database(
    unix_redis: Path, protocol: int
) -> None:
    client = Redis(unix_socket_path=str(unix_redis), password=PASSWORD, db=3, protocol=protocol)
    bus = RedisEventBus(client)
    event = UserRegistered(uuid.uuid4())
    try:
        async with bus.subscribe(UserRegistered) as stream:
            await asyncio.sleep(0.05)
            await bus.publish(event)
            got = await asyncio.wait_for(anext(stream), 2)
        channels = await client.pubsub_channels()
    finally:
        await bus.aclose()
        await client.aclose()
    assert got == event
    assert channels == []  # the subscription's connection was closed with it
