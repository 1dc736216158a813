from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from souk.adapters.memory.presence import InMemoryPresence
from souk.adapters.redis.presence import RedisPresence
from souk.application.ports.presence import Presence


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def presence(request: pytest.FixtureRequest) -> AsyncIterator[Presence]:
    if request.param == "memory":
        yield InMemoryPresence(ttl_s=0.3)
        return
    client = Redis.from_url(request.getfixturevalue("redis_url"))
    yield RedisPresence(client, ttl_s=0.3)
    await client.aclose()


async def test_online_while_any_device_is_connected(presence: Presence) -> None:
    user, other = uuid.uuid4(), uuid.uuid4()
    assert await presence.connect(user, "phone") == (True, 1)
    assert await presence.connect(user, "tablet") == (False, 2)
    assert await presence.online([user, other]) == {user}
    assert await presence.disconnect(user, "phone") is False
    assert await presence.online([user]) == {user}
    assert await presence.disconnect(user, "tablet") is True
    assert await presence.online([user]) == set()
    assert await presence.disconnect(user, "tablet") is True  # idempotent


async def test_connections_that_stop_touching_expire(presence: Presence) -> None:
    kept, also_kept, lost = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await presence.connect(kept, "a")
    await presence.connect(also_kept, "b")
    await presence.connect(lost, "c")
    for _ in range(4):
        await asyncio.sleep(0.1)
        assert await presence.touch([(kept, "a"), (also_kept, "b")]) == []  # one process's sockets, one call
    assert await presence.online([kept, also_kept, lost]) == {kept, also_kept}
    assert await presence.connect(lost, "d") == (True, 1)
    assert await presence.touch([]) == []


async def test_touch_does_not_bring_back_a_connection_that_left(presence: Presence) -> None:
    user = uuid.uuid4()
    await presence.connect(user, "gone")
    await presence.disconnect(user, "gone")
    kept = uuid.uuid4()
    await presence.connect(kept, "here")
    # a beat that read its sockets just before the goodbye: told which ones are gone
    assert await presence.touch([(kept, "here"), (user, "gone")]) == [(user, "gone")]
    assert await presence.online([user, kept]) == {kept}
    assert await presence.connect(user, "back") == (True, 1)


async def test_a_beat_of_thousands_of_sockets_renews_them_all_and_names_the_lost(presence: Presence) -> None:
    """More sockets than one script call of the Redis adapter renews; the lost ones (left
    meanwhile) in several of its calls, in the order given."""
    here = [(uuid.uuid4(), f"c{i}") for i in range(1_300)]
    gone = [here[7], here[640], here[1_299]]
    for start in range(0, len(here), 100):  # within the 0.3 s lifetime: each batch renewed with those before it
        await asyncio.gather(*(presence.connect(user, connection) for user, connection in here[start : start + 100]))
        await presence.touch(here[: start + 100])
    await asyncio.gather(*(presence.disconnect(user, connection) for user, connection in gone))
    for _ in range(3):
        assert await presence.touch(here) == gone
        await asyncio.sleep(0.12)
    kept = {user for user, _ in here} - {user for user, _ in gone}
    assert await presence.online([user for user, _ in here]) == kept
    # leave nothing for the sweep tests (a sweep claims at most 1,000 at a time)
    for start in range(0, len(here), 100):
        await asyncio.gather(*(presence.disconnect(user, connection) for user, connection in here[start : start + 100]))


async def test_stale_connections_are_swept_once_and_only_when_the_user_has_none_left(presence: Presence) -> None:
    crashed, roaming, leaving = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await presence.connect(crashed, "lost")
    await presence.connect(roaming, "old")
    await presence.connect(leaving, "x")
    await presence.disconnect(leaving, "x")  # a clean goodbye is announced by its process, not the sweep
    await asyncio.sleep(0.2)
    await presence.connect(roaming, "new")
    await asyncio.sleep(0.15)
    ours = {crashed, roaming, leaving}  # the Redis database may hold other tests' leftovers
    assert ours & set(await presence.expire_stale()) == {crashed}  # roaming still has "new"
    assert ours & set(await presence.expire_stale()) == set()  # claimed once
    assert await presence.online([roaming]) == {roaming}
    await asyncio.sleep(0.35)
    assert ours & set(await presence.expire_stale()) == {roaming}


async def test_online_answers_a_whole_go_live_batch(presence: Presence) -> None:
    """Thousands of users at once (more than one script call of the Redis adapter), the
    online ones at the edges of its chunks, duplicates asked once."""
    users = [uuid.uuid4() for _ in range(4_500)]
    here = {users[0], users[1_999], users[2_000], users[4_499]}
    for user in here:
        await presence.connect(user, "phone")
    assert await presence.online([*users, users[0]]) == here
    assert await presence.online(users[1:1_999]) == set()
    assert await presence.online([]) == set()
