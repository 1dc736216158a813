"""Typing, read receipts and presence between two people, live."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

import pytest
from litestar import Litestar

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from souk.entrypoints.ws.typing_handlers import TYPING_EXPIRES_S
from tests.e2e.realtime_support import ask, next_of, online, rest
from tests.e2e.ws_support import Client, serving


@pytest.fixture
def app(backend_settings: Settings) -> Litestar:
    return create_app(replace(backend_settings, rate_limit_scale=1000))


async def nothing_of(client: Client, frame_type: str, within: float = 0.5) -> None:
    try:
        frame = await next_of(client, frame_type, timeout=within)
    except TimeoutError:
        return
    raise AssertionError(f"unexpected {frame}")


async def test_presence_counts_devices_and_tells_conversation_partners(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        alice, bob, stranger = await api.person(), await api.person(), await api.person()
        await api.conversation(alice, bob)
        async with online(address, bob) as bob_phone, online(address, stranger) as stranger_phone:
            async with online(address, alice):
                assert (await next_of(bob_phone, "user:online"))["data"] == {"user_id": alice.id}
                async with online(address, alice):
                    await nothing_of(bob_phone, "user:online")  # a second device is not news
                await nothing_of(bob_phone, "user:offline")  # one device left: still online
            assert (await next_of(bob_phone, "user:offline"))["data"] == {"user_id": alice.id}
            await nothing_of(stranger_phone, "user:online", within=0.1)
            assert not [f for f in stranger_phone.pending if f["type"].startswith("user:")]


async def test_read_receipts_reach_the_sender(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        alice, bob = await api.person(), await api.person()
        conversation = await api.conversation(alice, bob)
        first = await api.say(alice, conversation, "one")
        async with online(address, alice) as alice_phone, online(address, bob) as bob_phone:
            body = {"conversation_id": conversation, "message_id": first["id"]}
            assert (await ask(bob_phone, "message:read", body, "r1"))["type"] == "ack"
            receipt = await next_of(alice_phone, "message:read")
            assert receipt["data"] == {"conversation_id": conversation, "message_id": first["id"], "reader_id": bob.id}

            await api.say(alice, conversation, "two")
            marked = await api.http.patch(f"/api/v1/conversations/{conversation}/read", headers=bob.auth)
            assert marked.status_code == 204
            everything = await next_of(alice_phone, "messages:read")
            assert everything["data"] == {"conversation_id": conversation, "reader_id": bob.id}

            elsewhere = await api.conversation(alice, await api.person())
            other_message = await api.say(alice, elsewhere, "x")
            wrong = await ask(alice_phone, "message:read", {**body, "message_id": other_message["id"]}, "r2")
            assert wrong["data"]["code"] == "message_not_found"


async def test_typing_expires_by_itself_and_is_rate_limited(sqlite_settings: Settings) -> None:
    app = create_app(replace(sqlite_settings, rate_limit_scale=1000))
    async with serving(app) as address, rest(address) as api:
        alice, bob = await api.person(), await api.person()
        conversation = await api.conversation(alice, bob)
        ref = {"conversation_id": conversation}
        expected = {"conversation_id": conversation, "user_id": alice.id}
        async with online(address, alice) as alice_phone, online(address, bob) as bob_phone:
            assert (await ask(alice_phone, "typing:start", ref, "t1"))["type"] == "ack"
            assert (await next_of(bob_phone, "typing:active"))["data"] == expected
            await asyncio.sleep(2)
            await ask(alice_phone, "typing:start", ref, "t2")  # still typing: the timer starts over
            renewed = time.monotonic()
            inactive = await next_of(bob_phone, "typing:inactive", timeout=TYPING_EXPIRES_S + 2)
            waited = time.monotonic() - renewed
            assert inactive["data"] == expected
            assert TYPING_EXPIRES_S - 0.5 < waited < TYPING_EXPIRES_S + 1
            assert not [f for f in bob_phone.pending if f["type"] == "typing:active"]  # one active, not two

            await ask(alice_phone, "typing:start", ref, "t3")
            await next_of(bob_phone, "typing:active")
            await ask(alice_phone, "typing:stop", ref, "t4")
            assert (await next_of(bob_phone, "typing:inactive", timeout=1))["data"] == expected

            answers = [await ask(alice_phone, "typing:start", ref, f"burst{n}") for n in range(8)]
            assert "rate_limited" in [a["data"]["code"] for a in answers if a["type"] == "error"]
            await ask(alice_phone, "heartbeat", {}, "alive")
