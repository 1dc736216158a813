"""Two phones chatting live through the gateway, on both deployments: REST and WebSocket
are two doors to the same use cases and the same frames."""

from __future__ import annotations

from dataclasses import replace

import pytest
from litestar import Litestar

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.realtime_support import ask, next_of, online, rest
from tests.e2e.ws_support import serving


@pytest.fixture
def app(backend_settings: Settings) -> Litestar:
    return create_app(replace(backend_settings, rate_limit_scale=1000))


async def test_a_rest_message_arrives_as_message_new_on_both_members_sockets(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        alice, bob = await api.person(), await api.person()
        conversation = await api.conversation(alice, bob)
        async with online(address, bob) as bob_phone, online(address, alice) as alice_phone:
            sent = await api.say(alice, conversation, "Is it still available?")
            new = await next_of(bob_phone, "message:new")
            assert new["data"] == sent  # the same document as the REST answer, seq included
            assert new["data"]["seq"] == 1
            assert (await next_of(alice_phone, "message:new"))["data"] == sent
            delivered = await next_of(alice_phone, "message:delivered")
            assert delivered["data"] == {
                "conversation_id": conversation,
                "message_id": sent["id"],
                "seq": 1,
                "user_id": bob.id,
            }


async def test_message_send_over_the_socket_acks_the_message_and_reaches_the_other(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        alice, bob = await api.person(), await api.person()
        conversation = await api.conversation(alice, bob)
        async with online(address, alice) as alice_phone, online(address, bob) as bob_phone:
            joined = await ask(alice_phone, "conversation:join", {"conversation_id": conversation}, "j1")
            assert joined["type"] == "ack"
            assert joined["data"] == {
                "conversation_id": conversation,
                "last_seq": 0,
                "other_user": {"id": bob.id, "online": True},
            }
            body = {"conversation_id": conversation, "message_type": "text", "content": "  Hello  "}
            ack = await ask(alice_phone, "message:send", body, "s1")
            assert ack["type"] == "ack"
            message = ack["data"]
            assert (message["seq"], message["content"], message["sender_id"]) == (1, "Hello", alice.id)
            assert (await next_of(bob_phone, "message:new"))["data"] == message
            history = (await api.http.get(f"/api/v1/conversations/{conversation}/messages", headers=bob.auth)).json()
            assert [m["id"] for m in history["items"]] == [message["id"]]

            left = await ask(alice_phone, "conversation:leave", {"conversation_id": conversation}, "l1")
            assert left == {"type": "ack", "ref": "l1", "data": {"conversation_id": conversation}}


async def test_strangers_cannot_join_post_read_or_sync(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        alice, bob, mallory = await api.person(), await api.person(), await api.person()
        conversation = await api.conversation(alice, bob)
        await api.say(alice, conversation, "private")
        async with online(address, mallory) as intruder:
            attempts = [
                ("conversation:join", {"conversation_id": conversation}),
                ("message:send", {"conversation_id": conversation, "message_type": "text", "content": "hi"}),
                ("typing:start", {"conversation_id": conversation}),
                ("sync", {"conversation_id": conversation, "after_seq": 0}),
            ]
            for n, (frame_type, data) in enumerate(attempts):
                answer = await ask(intruder, frame_type, data, f"x{n}")
                assert answer["type"] == "error", frame_type
                assert answer["data"]["code"] == "conversation_not_found", frame_type
            assert not [f for f in intruder.pending if f["type"] in ("message:new", "offer:feed:history")]
        history = (await api.http.get(f"/api/v1/conversations/{conversation}/messages", headers=bob.auth)).json()
        assert [m["content"] for m in history["items"]] == ["private"]
