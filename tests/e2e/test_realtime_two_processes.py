"""Two real `souk serve` processes on one PostgreSQL and one Redis, as behind a load
balancer: a phone on one and a phone on the other chat, type and see each other."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.realtime_support import ask, next_of, online, rest
from tests.e2e.test_real_server import clean_env, running_server


@pytest.mark.postgres
@pytest.mark.redis
async def test_phones_on_two_server_processes_chat_through_redis(
    postgres_url: str, redis_url: str, postgres_settings: object, tmp_path: Path
) -> None:
    env = clean_env(
        SOUK_DATABASE_URL=postgres_url,  # migrated by the postgres_settings fixture
        SOUK_REDIS_URL=redis_url,
        SOUK_JWT_SECRET="two-processes-" + "s" * 40,
        SOUK_RATE_LIMIT_SCALE="1000",
    )
    with running_server(tmp_path, env) as one, running_server(tmp_path, env) as two:
        a, b = one.removeprefix("http://"), two.removeprefix("http://")
        async with rest(a) as api_a, rest(b) as api_b:
            alice, bob = await api_a.person(), await api_b.person()
            conversation = await api_b.conversation(bob, alice)
            async with online(b, bob) as bob_phone:
                async with online(a, alice) as alice_phone:
                    assert (await next_of(bob_phone, "user:online"))["data"] == {"user_id": alice.id}

                    sent = await api_b.say(bob, conversation, "REST on process two")
                    assert (await next_of(alice_phone, "message:new"))["data"] == sent

                    body = {"conversation_id": conversation, "message_type": "text", "content": "socket on one"}
                    ack = await ask(alice_phone, "message:send", body, "m1")
                    assert (await next_of(bob_phone, "message:new", content="socket on one"))["data"] == ack["data"]
                    delivered = await next_of(alice_phone, "message:delivered", message_id=ack["data"]["id"])
                    assert delivered["data"]["user_id"] == bob.id

                    await ask(alice_phone, "typing:start", {"conversation_id": conversation}, "t1")
                    typing = await next_of(bob_phone, "typing:active")
                    assert typing["data"] == {"conversation_id": conversation, "user_id": alice.id}

                    await ask(
                        bob_phone,
                        "message:read",
                        {"conversation_id": conversation, "message_id": ack["data"]["id"]},
                        "r",
                    )
                    assert (await next_of(alice_phone, "message:read"))["data"]["reader_id"] == bob.id
                assert (await next_of(bob_phone, "user:offline"))["data"] == {"user_id": alice.id}
