"""A Redis restart in the middle of a chat between phones on two ``souk serve`` processes:
every message reaches the other process's socket live (no ``sync`` needed), and no request
answers 5xx. The Redis is the test's own, stopped and started by the test (never the
machine's shared one): messages sent while it is down are published when it returns, and
those published before the other process had subscribed again are delivered again from
the outbox when it does."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

import pytest

from tests.e2e.own_redis import own_redis
from tests.e2e.realtime_support import Person, Rest, online, rest
from tests.e2e.test_real_server import clean_env, running_server
from tests.e2e.ws_support import Client

SEND_EVERY_S = 0.05
DOWN_S = 1.5
DELIVERY_LIMIT_S = 20.0  # a message sent while Redis was down waits for the outbox sweeper


async def chatter(
    api: Rest, me: Person, conversation: str, sent: list[str], statuses: list[int], stop: asyncio.Event
) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        response = await api.http.post(
            f"/api/v1/conversations/{conversation}/messages",
            json={"message_type": "text", "content": f"{me.id[:8]} #{n}"},
            headers=me.auth,
        )
        statuses.append(response.status_code)
        if response.status_code == 201:
            sent.append(response.json()["id"])
        await asyncio.sleep(SEND_EVERY_S)


async def collect(phone: Client, seen: set[str]) -> None:
    while True:
        frame = await phone.recv(timeout=60)
        if frame["type"] == "message:new":
            seen.add(frame["data"]["id"])


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
async def test_a_redis_restart_mid_chat_loses_no_live_message_and_answers_no_5xx(
    postgres_url: str, postgres_settings: object, tmp_path: Path
) -> None:
    with own_redis(tmp_path) as redis_server:
        env = clean_env(
            SOUK_DATABASE_URL=postgres_url,  # migrated by the postgres_settings fixture
            SOUK_REDIS_URL=redis_server.url,
            SOUK_JWT_SECRET="redis-restart-" + "s" * 40,
            SOUK_RATE_LIMIT_SCALE="1000",
        )
        with running_server(tmp_path, env) as one, running_server(tmp_path, env) as two:
            a, b = one.removeprefix("http://"), two.removeprefix("http://")
            async with rest(a) as api_a, rest(b) as api_b:
                alice, bob = await api_a.person(), await api_b.person()
                conversation = await api_a.conversation(alice, bob)
                async with online(a, alice) as alice_phone, online(b, bob) as bob_phone:
                    seen_by_alice: set[str] = set()
                    seen_by_bob: set[str] = set()
                    by_alice: list[str] = []
                    by_bob: list[str] = []
                    statuses: list[int] = []
                    stop = asyncio.Event()
                    tasks = [
                        asyncio.create_task(collect(alice_phone, seen_by_alice)),
                        asyncio.create_task(collect(bob_phone, seen_by_bob)),
                        asyncio.create_task(chatter(api_a, alice, conversation, by_alice, statuses, stop)),
                        asyncio.create_task(chatter(api_b, bob, conversation, by_bob, statuses, stop)),
                    ]
                    try:
                        await asyncio.sleep(2)
                        before = len(by_alice) + len(by_bob)
                        await asyncio.to_thread(redis_server.stop)
                        await asyncio.sleep(DOWN_S)
                        await asyncio.to_thread(redis_server.start)
                        restarted = time.monotonic()
                        await asyncio.sleep(4)
                        stop.set()
                        await asyncio.gather(*tasks[2:])
                        deadline = time.monotonic() + DELIVERY_LIMIT_S
                        while time.monotonic() < deadline and not (
                            set(by_alice) <= seen_by_bob and set(by_bob) <= seen_by_alice
                        ):
                            await asyncio.sleep(0.2)
                        caught_up_s = time.monotonic() - restarted
                    finally:
                        for task in tasks:
                            task.cancel()
                            with contextlib.suppress(asyncio.CancelledError, Exception):
                                await task
    sent = len(by_alice) + len(by_bob)
    lost_to_bob = set(by_alice) - seen_by_bob
    lost_to_alice = set(by_bob) - seen_by_alice
    print(
        f"\nREDIS RESTART MID-CHAT: messages {sent} ({sent - before} from the restart on), "
        f"statuses {sorted(set(statuses))}, lost live {len(lost_to_bob) + len(lost_to_alice)}, "
        f"all delivered {caught_up_s:.1f} s after Redis returned"
    )
    assert sent - before > 40, "the chat went on through the restart"
    assert not [s for s in statuses if s >= 500], sorted(set(statuses))
    assert not lost_to_bob, f"{len(lost_to_bob)} of {len(by_alice)} never reached the other process's socket"
    assert not lost_to_alice, f"{len(lost_to_alice)} of {len(by_bob)} never reached the other process's socket"
