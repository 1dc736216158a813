"""Frame fuzzing: whatever a client sends, the answer is an error frame with a stable
code and the socket lives on; sends are budgeted per connection."""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from dataclasses import replace
from typing import Any

import pytest
from litestar import Litestar

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from souk.entrypoints.ws.frames import MAX_FRAME_BYTES
from souk.entrypoints.ws.handlers import HANDLERS
from tests.e2e.realtime_support import ask, online, rest
from tests.e2e.ws_support import Client, serving

FRAME_TYPES = [
    "conversation:join",
    "conversation:leave",
    "message:send",
    "message:read",
    "typing:start",
    "typing:stop",
    "offer:create",
    "offer:respond",
    "offer:feed:subscribe",
    "offer:feed:unsubscribe",
    "sync",
]
WRONG_VALUES: list[Any] = [None, 5, -1, 1.5, True, "", "not-a-uuid", [], {}, {"nested": [1, 2]}, "x" * 5000]
ERROR_CODES = {"validation_error", "conversation_not_found", "product_not_found", "offer_not_found", "invalid_message"}


@pytest.fixture
def app(sqlite_settings: Settings) -> Litestar:
    return create_app(replace(sqlite_settings, rate_limit_scale=1000))


async def patiently(client: Client, frame_type: str, data: dict[str, Any], ref: str) -> dict[str, Any]:
    """Fuzzing sends faster than the frame budget (10/s): wait out ``rate_limited``."""
    while ((answer := await ask(client, frame_type, data, ref)).get("data") or {}).get("code") == "rate_limited":
        await asyncio.sleep(0.3)
    return answer


async def still_alive(client: Client, ref: str) -> None:
    """The socket still answers frames (after the budget the fuzzing spent has refilled)."""
    answer = await patiently(client, "heartbeat", {}, ref)
    assert answer["type"] == "ack", answer


def test_every_conversation_and_offer_frame_type_is_handled() -> None:
    assert set(FRAME_TYPES) <= set(HANDLERS)


async def test_wrong_field_types_and_shapes_get_error_frames(app: Litestar) -> None:
    rng = random.Random(20261121)
    async with serving(app) as address, rest(address) as api:
        me = await api.person()
        async with online(address, me) as phone:
            n = 0
            for frame_type in FRAME_TYPES:
                fields = ["conversation_id", "product_id", "offer_id", "message_id", "after_seq", "price", "action",
                          "message_type", "content", "image_urls", "limit"]  # fmt: skip
                cases: list[dict[str, Any]] = [{}, {"unknown": 1}]
                cases += [{f: rng.choice(WRONG_VALUES) for f in rng.sample(fields, 3)} for _ in range(12)]
                cases.append({"conversation_id": str(uuid.uuid4()), "after_seq": -1})
                cases.append({"product_id": str(uuid.uuid4()), "price": {"amount": "12", "currency": "EUR"}})
                for data in cases:
                    n += 1
                    answer = await patiently(phone, frame_type, data, f"f{n}")
                    assert answer["type"] == "error", (frame_type, data, answer)
                    assert answer["data"]["code"] in ERROR_CODES, (frame_type, data, answer)
                    assert answer["data"]["detail"]
            await still_alive(phone, "end")


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe\x00garbage",
        "{not json",
        '{"type": "message:send", "data": 5}',
        '{"type": "message:send", "ref": 7}',
        '{"type": ["sync"]}',
        "null",
        '"just a string"',
        json.dumps({"type": "heartbeat", "data": {"pad": "x" * (MAX_FRAME_BYTES + 1)}}),
        json.dumps({"type": "message:send", "ref": "big", "data": {"content": "y" * (2 * MAX_FRAME_BYTES)}}),
    ],
)
async def test_malformed_and_oversized_frames_get_error_frames(app: Litestar, raw: str | bytes) -> None:
    async with serving(app) as address, rest(address) as api:
        me = await api.person()
        async with online(address, me) as phone:
            await phone.ws.send(raw)
            error = await phone.expect("error")
            assert error["data"]["code"] in ("bad_frame", "frame_too_large")
            await still_alive(phone, "after")


async def test_sends_over_the_connection_budget_are_refused_and_the_socket_lives(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        alice, bob = await api.person(), await api.person()
        conversation = await api.conversation(alice, bob)
        body = {"conversation_id": conversation, "message_type": "text", "content": "spam"}
        async with online(address, alice) as phone:
            answers = [await ask(phone, "message:send", body, f"s{n}") for n in range(28)]
            codes = [a["data"].get("code") if a["type"] == "error" else "ok" for a in answers]
            assert codes[:20] == ["ok"] * 20  # the burst
            assert "rate_limited" in codes[20:]
            await still_alive(phone, "after")
        history = (
            await api.http.get(f"/api/v1/conversations/{conversation}/messages?limit=100", headers=bob.auth)
        ).json()
        assert len(history["items"]) == codes.count("ok")
