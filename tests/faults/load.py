"""Steady load on the deployment while a fault happens, and a record of every answer.

REST: ~20 requests/s (two ``GET /users/me`` to one message post) spread over the live
servers. WebSocket: one phone per person, partners on different servers, each pair's
sender posting a ``message:send`` a second. ``/ready`` of each server polled twice a
second. Every answer is kept with the time its request was sent."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets

from tests.e2e.realtime_support import Person
from tests.support import unique

REST_EVERY_S = 0.05
WS_SEND_EVERY_S = 1.0
READY_EVERY_S = 0.5
ANSWER_TIMEOUT_S = 10.0
RETRYABLE = {"dependency_unavailable", "busy"}


@dataclass(frozen=True)
class Outcome:
    sent: float  # monotonic
    door: str  # rest:me | rest:post | ws:send | ready
    server: str
    status: int  # HTTP status; 0 when no answer came (connection refused or reset)
    code: str | None  # the problem / error frame code

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class Pair:
    """Two people in one conversation."""

    sender: Person
    receiver: Person
    conversation: str


@dataclass
class Record:
    outcomes: list[Outcome] = field(default_factory=list)
    acked: dict[str, dict[int, str]] = field(default_factory=dict)  # conversation -> seq -> message id

    def ack(self, message: dict[str, Any]) -> None:
        self.acked.setdefault(message["conversation_id"], {})[int(message["seq"])] = message["id"]

    def between(
        self, start: float, end: float, doors: Iterable[str] = ("rest:me", "rest:post", "ws:send")
    ) -> list[Outcome]:
        wanted = set(doors)
        return [o for o in self.outcomes if o.door in wanted and start <= o.sent < end]


async def people(http: httpx.AsyncClient, pairs: int) -> list[Pair]:
    async def person() -> Person:
        body = {"username": unique("f"), "password": "correct horse", "display_name": "F", "email": f"{unique()}@x.io"}
        response = await http.post("/api/v1/auth/register", json=body)
        assert response.status_code == 201, response.text
        data = response.json()
        return Person(data["user"]["id"], data["tokens"]["access_token"])

    made = []
    for _ in range(pairs):
        sender, receiver = await person(), await person()
        response = await http.post("/api/v1/conversations", json={"other_user_id": receiver.id}, headers=sender.auth)
        assert response.status_code in (200, 201), response.text
        made.append(Pair(sender, receiver, response.json()["id"]))
    return made


def _code(response: httpx.Response) -> str | None:
    if response.is_success:
        return None
    try:
        code = response.json().get("code")
    except (ValueError, AttributeError):
        return None
    return str(code) if code is not None else None


class Phone:
    """One person's socket: reconnects to a live server when its server goes away, then
    asks ``sync`` for what it missed (from the highest sequence it holds without a gap)."""

    def __init__(self, person: Person, conversation: str, load: Load, server: str) -> None:
        self.person = person
        self.conversation = conversation
        self.server = server
        self.seen: set[int] = set()
        self.reconnects = 0
        self.reconnected_at = 0.0  # monotonic, after the sync of the last reconnect
        self.offline_seen: dict[str, float] = {}  # user id -> when its user:offline arrived
        self._load = load
        self._ws: websockets.ClientConnection | None = None
        self._answers: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._refs = itertools.count()
        self._connected = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())
        await asyncio.wait_for(self._connected.wait(), 30)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def contiguous(self) -> int:
        n = 0
        while n + 1 in self.seen:
            n += 1
        return n

    async def ask(self, frame_type: str, data: dict[str, Any]) -> dict[str, Any]:
        """The ack or error frame; ``ConnectionError`` when the socket went away first."""
        ws = self._ws
        if ws is None:
            raise ConnectionError("not connected")
        ref = f"r{next(self._refs)}"
        answer = self._answers[ref] = asyncio.get_running_loop().create_future()
        try:
            await ws.send(json.dumps({"type": frame_type, "ref": ref, "data": data}))
            return await asyncio.wait_for(answer, ANSWER_TIMEOUT_S)
        except websockets.ConnectionClosed as exc:
            raise ConnectionError("closed") from exc
        finally:
            self._answers.pop(ref, None)

    async def _run(self) -> None:
        first = True
        while True:
            try:
                async with websockets.connect(f"ws://{self.server}/ws?token={self.person.token}") as ws:
                    self._ws = ws
                    reader = asyncio.create_task(self._read(ws))
                    if not first:
                        await self._sync()
                        self.reconnects += 1
                        self.reconnected_at = time.monotonic()
                    first = False
                    self._connected.set()
                    await reader
            except (OSError, websockets.WebSocketException):
                pass
            self._connected.clear()
            for answer in self._answers.values():
                if not answer.done():
                    answer.set_exception(ConnectionError("closed"))
            await asyncio.sleep(0.2)
            self.server = self._load.pick_server(avoid=self.server)

    async def _read(self, ws: websockets.ClientConnection) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for raw in ws:
                frame = json.loads(raw)
                kind, data = frame["type"], frame.get("data") or {}
                if kind == "message:new" and data.get("conversation_id") == self.conversation:
                    self.seen.add(int(data["seq"]))
                elif kind == "user:offline":
                    self.offline_seen.setdefault(data["user_id"], time.monotonic())
                elif kind in ("ack", "error"):
                    answer = self._answers.get(frame.get("ref"))
                    if answer is not None and not answer.done():
                        answer.set_result(frame)

    async def _sync(self) -> None:
        after = self.contiguous()
        while True:
            ack = await self.ask("sync", {"conversation_id": self.conversation, "after_seq": after})
            assert ack["type"] == "ack", ack
            if not ack["data"]["has_more"]:
                return
            after = ack["data"]["up_to_seq"]


class Load:
    def __init__(self, servers: list[str], pairs: list[Pair], record: Record) -> None:
        self.servers = list(servers)  # what the load balancer sends to: the test drops a killed one
        self.pairs = pairs
        self.record = record
        self.phones: list[Phone] = []
        self._http: dict[str, httpx.AsyncClient] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._inflight: set[asyncio.Task[None]] = set()
        self._turn = itertools.count()

    def pick_server(self, avoid: str | None = None) -> str:
        live = [s for s in self.servers if s != avoid] or self.servers
        return live[next(self._turn) % len(live)]

    async def __aenter__(self) -> Load:
        for i, pair in enumerate(self.pairs):
            here, there = self.servers[i % len(self.servers)], self.servers[(i + 1) % len(self.servers)]
            self.phones += [Phone(pair.sender, pair.conversation, self, here)]
            self.phones += [Phone(pair.receiver, pair.conversation, self, there)]
        for phone in self.phones:
            await phone.start()
        self._tasks = [asyncio.create_task(self._rest()), asyncio.create_task(self._ready())]
        self._tasks += [asyncio.create_task(self._ws_sender(self.phones[2 * i])) for i in range(len(self.pairs))]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._inflight:
            await asyncio.wait(self._inflight, timeout=ANSWER_TIMEOUT_S + 5)
        await self._caught_up(timeout_s=15)
        for phone in self.phones:
            await phone.stop()
        for client in self._http.values():
            await client.aclose()

    async def _caught_up(self, timeout_s: float) -> None:
        """Give the last ``message:new`` frames time to arrive (a loaded machine)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if all(
                phone.contiguous() >= max(self.record.acked.get(phone.conversation, {0: ""})) for phone in self.phones
            ):
                return
            await asyncio.sleep(0.2)

    def client(self, server: str) -> httpx.AsyncClient:
        if server not in self._http:
            self._http[server] = httpx.AsyncClient(base_url=f"http://{server}", timeout=ANSWER_TIMEOUT_S)
        return self._http[server]

    async def _rest(self) -> None:
        """On a fixed schedule, whatever the answers' latency (an open-loop load)."""
        next_at = time.monotonic()
        for n in itertools.count():
            task = asyncio.create_task(self._one_rest(post=n % 3 == 2))
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)
            next_at += REST_EVERY_S
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))

    async def _one_rest(self, *, post: bool) -> None:
        pair = random.choice(self.pairs)
        author = random.choice((pair.sender, pair.receiver))
        server, sent = self.pick_server(), time.monotonic()
        http = self.client(server)
        try:
            if post:
                body = {"message_type": "text", "content": f"rest {sent:.3f}"}
                response = await http.post(
                    f"/api/v1/conversations/{pair.conversation}/messages", json=body, headers=author.auth
                )
            else:
                response = await http.get("/api/v1/users/me", headers=author.auth)
        except httpx.TransportError:
            self.record.outcomes.append(Outcome(sent, "rest:post" if post else "rest:me", server, 0, "no_answer"))
            return
        if post and response.status_code == 201:
            self.record.ack(response.json())
        door = "rest:post" if post else "rest:me"
        self.record.outcomes.append(Outcome(sent, door, server, response.status_code, _code(response)))

    async def _ws_sender(self, phone: Phone) -> None:
        while True:
            await asyncio.sleep(WS_SEND_EVERY_S * random.uniform(0.8, 1.2))
            sent, server = time.monotonic(), phone.server
            body = {"conversation_id": phone.conversation, "message_type": "text", "content": f"ws {sent:.3f}"}
            try:
                frame = await phone.ask("message:send", body)
            except (ConnectionError, TimeoutError):
                self.record.outcomes.append(Outcome(sent, "ws:send", server, 0, "no_answer"))
                continue
            if frame["type"] == "ack":
                self.record.ack(frame["data"])
                self.record.outcomes.append(Outcome(sent, "ws:send", server, 200, None))
            else:
                code = frame["data"].get("code")
                status = 503 if code in RETRYABLE else 500 if code == "internal_error" else 400
                self.record.outcomes.append(Outcome(sent, "ws:send", server, status, code))

    async def _ready(self) -> None:
        while True:
            for server in list(self.servers):
                sent = time.monotonic()
                try:
                    response = await self.client(server).get("/ready", timeout=5)
                    checks = response.json().get("checks", {})
                    down = ",".join(sorted(k for k, v in checks.items() if v != "ok")) or None
                    self.record.outcomes.append(Outcome(sent, "ready", server, response.status_code, down))
                except (httpx.TransportError, ValueError):
                    self.record.outcomes.append(Outcome(sent, "ready", server, 0, "no_answer"))
            await asyncio.sleep(READY_EVERY_S)


def statuses(outcomes: Iterable[Outcome]) -> dict[str, int]:
    counted = Counter(f"{o.status} {o.code}" if o.code else str(o.status) for o in outcomes)
    return dict(sorted(counted.items()))
