from __future__ import annotations

import asyncio
import inspect
import json
import uuid
from dataclasses import replace

import pytest
import websockets
from dishka import AsyncContainer
from litestar import Litestar
from litestar.testing import AsyncTestClient

from souk.application.ports.event_bus import EventBus
from souk.application.ports.presence import Presence
from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from souk.entrypoints.ws.hub import Hub
from souk.entrypoints.ws.publisher import RealtimePublisher
from tests.e2e.ws_support import serving, ws_client
from tests.support import unique


async def register(app: Litestar) -> tuple[str, str]:
    async with AsyncTestClient(app) as client:
        body = {
            "username": unique("ws"),
            "password": "plum kettle orbit saffron",
            "display_name": "W",
            "email": f"{unique()}@x.io",
        }
        data = (await client.post("/api/v1/auth/register", json=body)).json()
    return data["user"]["id"], data["tokens"]["access_token"]


def container_of(app: Litestar) -> AsyncContainer:
    container: AsyncContainer = app.state.dishka_container
    return container


@pytest.fixture
def app(backend_settings: Settings) -> Litestar:
    return create_app(replace(backend_settings, rate_limit_scale=1000))


@pytest.mark.parametrize("token", ["", "garbage", "Bearer%20x"])
async def test_a_bad_token_is_refused_at_the_handshake(app: Litestar, token: str) -> None:
    async with serving(app) as address:
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
            async with websockets.connect(f"ws://{address}/ws?token={token}"):
                pass
    assert refused.value.response.status_code in (401, 403)


async def test_plain_http_to_the_gateway_is_told_to_upgrade(app: Litestar) -> None:
    async with AsyncTestClient(app) as client:
        answer = await client.get("/ws")
    assert answer.status_code == 426
    assert answer.headers["upgrade"] == "websocket"
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["code"] == "upgrade_required"


async def test_connected_then_heartbeat_pong_and_ack(app: Litestar) -> None:
    user_id, token = await register(app)
    async with serving(app) as address, ws_client(address, token) as client:
        assert await client.recv() == {"type": "connected", "data": {"user_id": user_id}}
        await client.send("heartbeat", ref="h1")
        assert await client.recv() == {"type": "pong"}
        assert await client.recv() == {"type": "ack", "ref": "h1"}


async def test_the_bearer_header_also_authenticates(app: Litestar) -> None:
    user_id, token = await register(app)
    async with (
        serving(app) as address,
        websockets.connect(f"ws://{address}/ws", additional_headers={"Authorization": f"Bearer {token}"}) as ws,
    ):
        assert json.loads(await ws.recv())["data"]["user_id"] == user_id


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("{not json", "bad_frame"),
        ("[]", "bad_frame"),
        ('{"type": 5}', "bad_frame"),
        ('{"type": "heartbeat", "extra": 1}', "bad_frame"),
        ('{"type": "no:such:thing", "ref": "r"}', "unknown_type"),
        ('{"type": "heartbeat", "data": {"pad": "' + "x" * 70000 + '"}}', "frame_too_large"),
    ],
)
async def test_bad_frames_get_error_frames_and_the_socket_lives(app: Litestar, raw: str, code: str) -> None:
    _, token = await register(app)
    async with serving(app) as address, ws_client(address, token) as client:
        await client.expect("connected")
        await client.ws.send(raw)
        error = await client.expect("error")
        assert error["data"]["code"] == code
        await client.send("heartbeat", ref="still-alive")
        assert (await client.expect("ack"))["ref"] == "still-alive"


async def test_frames_over_budget_are_refused_with_rate_limited(app: Litestar) -> None:
    _, token = await register(app)
    async with serving(app) as address, ws_client(address, token) as client:
        await client.expect("connected")
        for n in range(60):
            await client.send("heartbeat", ref=str(n))
        answers = []
        while len(answers) < 60:
            frame = await client.recv()
            if frame["type"] in ("ack", "error"):
                answers.append(frame)
    codes = [a["data"]["code"] for a in answers if a["type"] == "error"]
    assert "rate_limited" in codes
    assert sum(a["type"] == "ack" for a in answers) >= 30


async def test_presence_counts_devices(app: Litestar) -> None:
    user_id, token = await register(app)
    presence = await container_of(app).get(Presence)
    uid = uuid.UUID(user_id)
    async with serving(app) as address:
        async with ws_client(address, token) as phone:
            await phone.expect("connected")
            async with ws_client(address, token) as tablet:
                await tablet.expect("connected")
                assert await presence.online([uid]) == {uid}
            await asyncio.sleep(0.1)
            assert await presence.online([uid]) == {uid}
        await asyncio.sleep(0.1)
        assert await presence.online([uid]) == set()


async def test_frames_addressed_on_one_process_reach_sockets_on_another(backend_settings: Settings) -> None:
    """Two app instances (two processes' worth of state) on one bus: Redis in production,
    in-process in the embedded deployment (where both instances share nothing but SQLite,
    so only the same-instance case is meaningful there)."""
    settings = replace(backend_settings, rate_limit_scale=1000)
    receiver_app = create_app(settings)
    sender_app = create_app(settings) if settings.redis_url else receiver_app
    user_id, token = await register(receiver_app)
    async with serving(receiver_app) as address, ws_client(address, token) as client:
        await client.expect("connected")
        publisher = RealtimePublisher(await container_of(sender_app).get(EventBus))
        await publisher.to_users([uuid.UUID(user_id), uuid.uuid4()], "notification:new", {"n": 1})
        frame = await client.expect("notification:new")
    assert frame == {"type": "notification:new", "data": {"n": 1}}


def awaited_chain(task: asyncio.Task[object]) -> list[str]:
    """The modules of the coroutine frames a task is suspended in, outermost first."""
    modules: list[str] = []
    awaited: object = task.get_coro()
    while awaited is not None and hasattr(awaited, "cr_frame"):
        frame = awaited.cr_frame
        if frame is not None:
            modules.append(str(frame.f_globals.get("__name__")))
        awaited = getattr(awaited, "cr_await", None)
    return modules


async def test_an_idle_socket_holds_no_frame_of_litestar_or_the_http_middleware(app: Litestar) -> None:
    """Idle memory per socket (issue 19): what a socket's task is suspended in stays alive
    as long as the socket; /ws is served in front of Litestar and its middleware."""
    user_id, token = await register(app)
    async with serving(app, "websockets-sansio") as address, ws_client(address, token) as client:
        await client.expect("connected")
        await client.send("heartbeat", ref="idle")
        await client.expect("ack")
        await asyncio.sleep(0.2)  # the presence announcement and the frame's scope are done
        chains = [awaited_chain(t) for t in asyncio.all_tasks()]
        socket_chain = next(c for c in chains if "souk.entrypoints.ws.endpoint" in c)
        hub = await container_of(app).get(Hub)
        (connection,) = hub._by_user[uuid.UUID(user_id)]
        protocol = connection.direct._protocol  # type: ignore[union-attr]
        # nothing of the handshake is kept: neither the server's parsed request and response
        # nor the scope's headers and query (the access token was in the query)
        assert (protocol.request, protocol.response) == (None, None)
        assert "request" not in inspect.getgeneratorlocals(protocol.conn.parser)  # its frame parser's
        assert (protocol.scope["headers"], protocol.scope["query_string"]) == ([], b"")
        await client.send("heartbeat", ref="still")
        assert (await client.expect("ack"))["ref"] == "still"
    foreign = [m for m in socket_chain if m.startswith(("litestar", "dishka", "souk.entrypoints.http"))]
    assert foreign == [], socket_chain
    assert socket_chain[socket_chain.index("souk.bootstrap.http_app") :] == [
        "souk.bootstrap.http_app",  # SoukApp: /ws or Litestar
        "souk.bootstrap.socket_route",  # NUL, proxies, request id, origin
        "souk.entrypoints.ws.endpoint",  # serve
        "souk.entrypoints.ws.endpoint",  # _read_frames
        "uvicorn.protocols.websockets.websockets_sansio_impl",  # the server's own receive
        "souk.entrypoints.ws.lean_protocol",  # its queue, lighter than asyncio's (lean_protocol.py)
    ]
