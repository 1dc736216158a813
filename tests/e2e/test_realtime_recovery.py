"""Nothing is lost: a client that was away, or a Redis that went down mid-conversation,
recovers every missed message through ``sync``, in order, from the database."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.own_redis import own_redis
from tests.e2e.realtime_support import ask, next_of, online, rest
from tests.e2e.ws_support import Client, serving


async def sync_all(client: Client, conversation: str, after_seq: int, limit: int) -> list[dict[str, Any]]:
    """Page through ``sync`` until the ack says nothing more remains."""
    replayed: list[dict[str, Any]] = []
    n = 0
    while True:
        n += 1
        client.pending = [f for f in client.pending if f["type"] != "message:new"]  # live copies aside
        ack = await ask(
            client, "sync", {"conversation_id": conversation, "after_seq": after_seq, "limit": limit}, f"s{n}"
        )
        assert ack["type"] == "ack", ack
        # a live copy may arrive meanwhile (one repeated after a bus outage, say): a client
        # treats frames of one seq as one message
        by_seq = {
            f["data"]["seq"]: f["data"]
            for f in client.pending
            if f["type"] == "message:new" and after_seq < f["data"]["seq"] <= ack["data"]["up_to_seq"]
        }
        page = [by_seq[seq] for seq in sorted(by_seq)]
        client.pending = [f for f in client.pending if f["type"] != "message:new"]
        assert len(page) == ack["data"]["replayed"]
        replayed += page
        after_seq = ack["data"]["up_to_seq"]
        if not ack["data"]["has_more"]:
            return replayed


async def test_a_client_back_from_a_disconnect_gets_exactly_what_it_missed(backend_settings: Settings) -> None:
    app = create_app(replace(backend_settings, rate_limit_scale=1000))
    async with serving(app) as address, rest(address) as api:
        alice, bob = await api.person(), await api.person()
        conversation = await api.conversation(alice, bob)
        async with online(address, bob) as phone:
            await api.say(alice, conversation, "m1")
            last_seen = (await next_of(phone, "message:new"))["data"]["seq"]
        missed = [await api.say(alice, conversation, f"m{n}") for n in range(2, 8)]
        async with online(address, bob) as phone:
            replayed = await sync_all(phone, conversation, last_seen, limit=4)
            empty = await ask(phone, "sync", {"conversation_id": conversation, "after_seq": 7}, "again")
    assert [m["seq"] for m in replayed] == [2, 3, 4, 5, 6, 7]
    assert [m["id"] for m in replayed] == [m["id"] for m in missed]
    assert empty["data"] == {"conversation_id": conversation, "replayed": 0, "up_to_seq": 7, "has_more": False}


@pytest.mark.postgres
@pytest.mark.redis
async def test_a_redis_restart_mid_conversation_loses_nothing(postgres_settings: Settings, tmp_path: Path) -> None:
    with own_redis(tmp_path) as redis:
        app = create_app(replace(postgres_settings, redis_url=redis.url, rate_limit_scale=1000))
        async with serving(app) as address, rest(address) as api:
            alice, bob = await api.person(), await api.person()
            conversation = await api.conversation(alice, bob)
            async with online(address, alice) as alice_phone, online(address, bob) as bob_phone:
                send = {"conversation_id": conversation, "message_type": "text"}
                await ask(alice_phone, "message:send", {**send, "content": "before"}, "b")
                seen = (await next_of(bob_phone, "message:new"))["data"]["seq"]

                redis.stop()
                during = [
                    await ask(alice_phone, "message:send", {**send, "content": f"during {n}"}, f"d{n}")
                    for n in range(3)
                ]
                assert [a["type"] for a in during] == ["ack"] * 3  # stored, though not fanned out
                assert (await ask(bob_phone, "heartbeat", {}, "hb"))["type"] == "ack"  # still connected
                redis.start()

                # the relay resubscribes by itself: live messages flow again
                for n in range(40):
                    await ask(alice_phone, "message:send", {**send, "content": f"after {n}"}, f"a{n}")
                    try:
                        await next_of(bob_phone, "message:new", timeout=0.5, content=f"after {n}")
                        break
                    except TimeoutError:
                        continue
                else:
                    raise AssertionError("live delivery never resumed after the Redis restart")

                replayed = await sync_all(bob_phone, conversation, seen, limit=100)
                contents = [m["content"] for m in replayed]
                assert [m["seq"] for m in replayed] == list(range(seen + 1, seen + 1 + len(replayed)))
                assert contents[:3] == ["during 0", "during 1", "during 2"]
                assert contents[-1] == f"after {n}"
