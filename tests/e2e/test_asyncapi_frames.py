"""The AsyncAPI document describes the frames the gateway really exchanges: frames sent
and received on a live socket (chat, typing, reads, presence, offers, the offer feed,
errors) validate against the payload schema the document gives their type."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import jsonschema
import pytest
from litestar import Litestar

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from souk.entrypoints.ws.asyncapi import document
from souk.entrypoints.ws.frame_catalogue import frames
from tests.e2e.realtime_support import ask, next_of, online, rest
from tests.e2e.ws_support import Client, serving, ws_client


@pytest.fixture
def app(backend_settings: Settings) -> Litestar:
    return create_app(replace(backend_settings, rate_limit_scale=1000))


class Contract:
    """Validates frames against the AsyncAPI document's message payloads."""

    def __init__(self) -> None:
        self.doc = document()
        self.checked: set[tuple[str, str]] = set()

    def check(self, direction: str, frame: dict[str, Any]) -> None:
        messages = {
            m["name"]: m for key, m in self.doc["components"]["messages"].items() if key.startswith(f"{direction}.")
        }
        assert frame["type"] in messages, f"{direction} frame {frame['type']!r} is not documented"
        schema = {**messages[frame["type"]]["payload"], "components": self.doc["components"]}
        jsonschema.Draft202012Validator(schema).validate(frame)
        self.checked.add((direction, frame["type"]))


async def _sent(contract: Contract, client: Client, frame_type: str, data: dict[str, Any], ref: str) -> dict[str, Any]:
    contract.check("client", {"type": frame_type, "ref": ref, "data": data})
    answer = await ask(client, frame_type, data, ref)
    contract.check("server", answer)
    return answer


async def test_live_frames_match_the_asyncapi_document(app: Litestar) -> None:
    contract = Contract()
    async with serving(app) as address, rest(address) as api:
        alice, bob = await api.person(), await api.person()
        product = await api.product(bob)
        conversation = await api.conversation(alice, bob)
        async with online(address, bob) as bob_phone, online(address, alice) as alice_phone:
            joined = await _sent(contract, alice_phone, "conversation:join", {"conversation_id": conversation}, "j")
            assert joined["type"] == "ack"
            await _sent(contract, bob_phone, "conversation:join", {"conversation_id": conversation}, "j2")
            await _sent(contract, alice_phone, "typing:start", {"conversation_id": conversation}, "t")
            contract.check("server", await next_of(bob_phone, "typing:active"))
            sent = await _sent(
                contract,
                alice_phone,
                "message:send",
                {"conversation_id": conversation, "message_type": "text", "content": "Still there?"},
                "m",
            )
            contract.check("server", await next_of(bob_phone, "message:new"))
            contract.check("server", await next_of(alice_phone, "message:delivered"))
            read = {"conversation_id": conversation, "message_id": sent["data"]["id"]}
            await _sent(contract, bob_phone, "message:read", read, "r")
            contract.check("server", await next_of(alice_phone, "message:read"))
            await _sent(contract, alice_phone, "offer:feed:subscribe", {"product_id": product}, "f")
            contract.check("server", await next_of(alice_phone, "offer:feed:history"))
            offer = {"product_id": product, "price": {"amount": 9000, "currency": "EUR"}}
            assert (await _sent(contract, alice_phone, "offer:create", offer, "o"))["type"] == "ack"
            contract.check("server", await next_of(bob_phone, "offer:new"))
            contract.check("server", await next_of(alice_phone, "offer:feed:new"))
            await _sent(contract, alice_phone, "sync", {"conversation_id": conversation, "after_seq": 0}, "s")
            await _sent(contract, alice_phone, "heartbeat", {}, "h")
            contract.check("server", await next_of(alice_phone, "pong"))
            refused = await _sent(contract, alice_phone, "stream:join", {"stream_id": product}, "x")
            assert refused["type"] == "error"
            planned = [f.name for f in frames("client") if f.planned]  # in the contract, not served yet
            for name in planned[:1]:
                unknown = await ask(alice_phone, name, {}, "u")
                contract.check("server", unknown)
                assert unknown["data"]["code"] == "unknown_type"
        async with ws_client(address, bob.token) as raw:
            contract.check("server", await raw.expect("connected"))
    assert {("server", "connected"), ("server", "error"), ("server", "message:new"), ("server", "offer:new")} <= (
        contract.checked
    )
