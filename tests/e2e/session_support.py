"""Real `souk serve` processes for the session attacks: one (embedded SQLite) or two
(PostgreSQL + Redis, as behind a load balancer), and an attacker's view of them."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.e2e.test_real_server import clean_env, running_server
from tests.support import unique, unique_phone

PASSWORD = "correct horse battery"


@dataclass
class Deployment:
    addresses: list[str]  # host:port of each server process (one when embedded)
    outbox: Path
    env: dict[str, str]  # to start one more process of the same deployment

    @property
    def first(self) -> str:
        return self.addresses[0]

    @property
    def last(self) -> str:
        return self.addresses[-1]


@contextmanager
def deployment(request: pytest.FixtureRequest, tmp_path: Path, **settings: str) -> Iterator[Deployment]:
    """``request.param``: "embedded" (one process on SQLite, in-process bus) or "production"
    (two processes on PostgreSQL + Redis)."""
    kind = getattr(request, "param", "production")
    outbox = tmp_path / "sms.jsonl"
    env = {
        "SOUK_SMS_OUTBOX": str(outbox),
        "SOUK_MAIL_OUTBOX": str(tmp_path / "mail.jsonl"),
        "SOUK_RATE_LIMIT_SCALE": "1000",
        **settings,
    }
    count = 1
    if kind == "production":
        request.getfixturevalue("postgres_settings")  # migrates the scratch database
        env |= {
            "SOUK_DATABASE_URL": request.getfixturevalue("postgres_url"),
            "SOUK_REDIS_URL": request.getfixturevalue("redis_url"),
            "SOUK_JWT_SECRET": "session-attacks-" + "s" * 40,
        }
        count = 2
    full_env = clean_env(**env)
    with ExitStack() as stack:
        bases = [stack.enter_context(running_server(tmp_path, full_env)) for _ in range(count)]
        yield Deployment([b.removeprefix("http://") for b in bases], outbox, full_env)


@dataclass
class Account:
    user_id: str
    phone: str
    access: str
    refresh: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access}"}


async def register(address: str) -> Account:
    phone = unique_phone()
    body = {"username": unique("sess"), "password": PASSWORD, "display_name": "S", "phone": phone}
    async with httpx.AsyncClient(timeout=15) as http:
        response = await http.post(f"http://{address}/api/v1/auth/register", json=body)
    assert response.status_code == 201, response.text
    data = response.json()
    tokens = data["tokens"]
    return Account(data["user"]["id"], phone, tokens["access_token"], tokens["refresh_token"])


async def login(address: str, account: Account) -> Account:
    """A second session (another device) of the same account."""
    async with httpx.AsyncClient(timeout=15) as http:
        response = await http.post(
            f"http://{address}/api/v1/auth/login", json={"login": account.phone, "password": PASSWORD}
        )
    assert response.status_code == 200, response.text
    tokens = response.json()["tokens"]
    return Account(account.user_id, account.phone, tokens["access_token"], tokens["refresh_token"])


async def call(address: str, method: str, path: str, account: Account | None = None, **kwargs: Any) -> httpx.Response:
    async with httpx.AsyncClient(timeout=15) as http:
        headers = account.auth if account is not None else {}
        return await http.request(method, f"http://{address}{path}", headers=headers, **kwargs)


async def last_code(outbox: Path, phone: str, timeout: float = 10.0) -> str:
    """The newest code the SMS outbox holds for the phone (sending may be queued: poll)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = [json.loads(line) for line in outbox.read_text().splitlines()] if outbox.exists() else []
        bodies = [m["body"] for m in lines if m["to"] == phone]
        if bodies:
            return next(w for w in bodies[-1].replace(".", " ").split() if w.isdigit() and len(w) == 6)
        assert time.monotonic() < deadline, f"no SMS to {phone}"
        await asyncio.sleep(0.1)


class Socket:
    """One client socket that records when and how the server closed it."""

    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws
        self.frames: list[dict[str, Any]] = []
        self.closed_code: int | None = None
        self.closed_at: float | None = None
        self.closed_wall: float | None = None  # time.time(), to compare with a token's exp
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                self.frames.append(json.loads(raw))
        except ConnectionClosed:
            pass
        self.closed_at = time.monotonic()
        self.closed_wall = time.time()
        self.closed_code = self.ws.close_code

    async def closed(self, within: float) -> tuple[int | None, float]:
        """Wait up to ``within`` s for the close; ``(code, when)``."""
        await asyncio.wait_for(asyncio.shield(self._reader), within)
        assert self.closed_at is not None
        return self.closed_code, self.closed_at

    async def ask(self, frame_type: str, data: dict[str, Any], ref: str, timeout: float = 10.0) -> dict[str, Any]:
        seen = len(self.frames)
        await self.ws.send(json.dumps({"type": frame_type, "ref": ref, "data": data}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for frame in self.frames[seen:]:
                if frame.get("ref") == ref and frame["type"] in ("ack", "error"):
                    return frame
            if self.closed_at is not None:
                raise AssertionError(f"closed with {self.closed_code} before answering {frame_type}")
            await asyncio.sleep(0.02)
        raise AssertionError(f"no answer to {frame_type}")

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    async def close(self) -> None:
        await self.ws.close()
        await asyncio.wait({self._reader}, timeout=5)


async def open_socket(address: str, query: str = "", headers: dict[str, str] | None = None) -> Socket:
    """A socket past its ``connected`` frame."""
    ws = await websockets.connect(f"ws://{address}/ws{query}", additional_headers=headers, open_timeout=15)
    socket = Socket(ws)
    deadline = time.monotonic() + 10
    while not any(f["type"] == "connected" for f in socket.frames):
        assert socket.is_open, f"closed with {socket.closed_code} before connected"
        assert time.monotonic() < deadline, "no connected frame"
        await asyncio.sleep(0.02)
    return socket


async def refused(address: str, query: str = "", headers: dict[str, str] | None = None) -> bool:
    """Whether the handshake is refused (HTTP 401/403) or closed before ``connected``."""
    try:
        socket = await open_socket(address, query, headers)
    except InvalidStatus as exc:
        return exc.response.status_code in (401, 403)
    except AssertionError:
        return True
    await socket.close()
    return False
