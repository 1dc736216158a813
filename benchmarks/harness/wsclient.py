"""The WebSocket load client: one process (pinned by ``harness.wsload``) holding many sockets,
speaking either Souk's envelope (API.md "WebSocket") or Socket.IO v5 over Engine.IO v4 (the
python-socketio peers), with the same code for both so the client costs both sides alike.

The process reads a plan (JSON file, argv[1]), connects, prints ``{"event": "ready", ...}`` on
stdout, then obeys JSON commands on stdin, one a line, answering each with one JSON line:

- ``{"cmd": "run", "rate": r, "seconds": s}``: an open-loop schedule (message *i* is due at
  ``t0 + i / r`` whatever the server does; latency runs from the due time, so a stalled server
  pays for the queue it causes). ``chat``: senders send ``message:send`` round-robin over the
  pairs, latency is measured where the *receiver* gets ``message:new``. ``room``: senders send
  ``stream:chat`` (and ``stream:reaction`` at ``reaction_rate``), latency is measured on every
  probe viewer for every chat message, and every viewer's frames are counted (deliveries).
  ``storm``: every viewer sends ``stream:join`` once, spread over ``s`` seconds; ack latency.
- ``{"cmd": "reactions", "rate": r}`` (room): reactions per second alongside the next runs.
- ``{"cmd": "frames"}`` (room): frames counted on every viewer so far.
- ``{"cmd": "pending"}``: how many requests still wait for their ack (an overloaded server's
  backlog, seen from the client); ``{"cmd": "count"}``: how many full sockets are open.
- ``{"cmd": "stop"}``: exit.

Sockets: ``websockets`` (asyncio implementation) for every socket that sends or measures;
in ``room`` mode the bulk viewers are lean raw sockets (:class:`Drain`) that do the handshake and
join, then only split the byte stream into frames and count them (answering Engine.IO pings),
since 2,000 viewers times hundreds of broadcasts/s is more than a Python client could JSON-decode
on one core. Compression is never offered (``compression=None``): frames are what they are.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import random
import resource
import sys
import time
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

from websockets.asyncio.client import ClientConnection, connect

clock = time.perf_counter  # CLOCK_MONOTONIC: comparable across processes on Linux
HEARTBEAT_S = 25.0


# --- the two wire protocols -----------------------------------------------------------------


class SoukWire:
    """API.md: ``{type, ref, data}`` frames; ``connected`` first; ``ack``/``error`` answer a ref."""

    name = "souk"
    heartbeat: str | None = '{"type":"heartbeat"}'

    def path(self, token: str) -> str:
        return f"/ws?token={quote(token)}"

    def hello(self, token: str) -> str | None:
        return None

    def opened(self, raw: str) -> bool | None:
        """Handshake progress on one incoming frame: True done, False refused, None not yet."""
        frame = json.loads(raw)
        if frame["type"] == "connected":
            return True
        return False if frame["type"] == "error" else None

    def event(self, frame_type: str, data: Any, ref: int | None = None) -> str:
        frame: dict[str, Any] = {"type": frame_type, "data": data}
        if ref is not None:
            frame["ref"] = str(ref)
        return json.dumps(frame, separators=(",", ":"))

    def parse(self, raw: str) -> tuple[str, int | None, Any]:
        """(type, ref, data); ``ack``/``error`` carry the ref of the frame they answer."""
        frame = json.loads(raw)
        ref = frame.get("ref")
        return frame["type"], int(ref) if ref is not None else None, frame.get("data")


class SocketIOWire:
    """Engine.IO 4 / Socket.IO 5 text packets: ``0`` open, ``2``/``3`` ping/pong, ``40`` connect
    (auth payload), ``42[name, data]`` event, ``42<id>[...]`` event wanting an ack, ``43<id>[...]``
    ack, ``44`` connect refused."""

    name = "socketio"
    heartbeat: str | None = None  # the server pings; the client answers (see parse)

    def __init__(self) -> None:
        self._tokens: dict[int, str] = {}

    def path(self, token: str) -> str:
        return "/socket.io/?EIO=4&transport=websocket"

    def hello(self, token: str) -> str | None:
        return "40" + json.dumps({"token": token}, separators=(",", ":"))

    def opened(self, raw: str) -> bool | None:
        if raw.startswith("40"):
            return True
        return False if raw.startswith(("44", "41")) else None

    def event(self, frame_type: str, data: Any, ref: int | None = None) -> str:
        body = json.dumps([frame_type, data], separators=(",", ":"))
        return f"42{ref}{body}" if ref is not None else f"42{body}"

    def parse(self, raw: str) -> tuple[str, int | None, Any]:
        if raw == "2":
            return "ping", None, None
        if raw.startswith("42"):
            name, *args = json.loads(raw[raw.index("[") :])
            return name, None, args[0] if args else None
        if raw.startswith("43"):
            at = raw.index("[")
            args = json.loads(raw[at:])
            data = args[0] if args else None
            if isinstance(data, dict) and "error" in data:
                return "error", int(raw[2:at]), data["error"]
            return "ack", int(raw[2:at]), data
        return "other", None, raw


def wire_for(name: str) -> SoukWire | SocketIOWire:
    return SoukWire() if name == "souk" else SocketIOWire()


# --- sockets --------------------------------------------------------------------------------

Handler = Callable[["Client", str, int | None, Any, float], None]


class Client:
    """One full socket (``websockets``): handshake, a reader task dispatching parsed frames to
    ``handler(client, type, ref, data, arrival_time)``, pings answered, refs awaited."""

    def __init__(self, wire: SoukWire | SocketIOWire, ws: ClientConnection, key: int) -> None:
        self.wire, self.ws, self.key = wire, ws, key
        self.handler: Handler | None = None
        self.waiting: dict[int, asyncio.Future[tuple[str, Any]]] = {}
        self.reader: asyncio.Task[None] | None = None
        self.beat: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, wire: SoukWire | SocketIOWire, base: str, token: str, key: int) -> Client:
        ws = await connect(
            base + wire.path(token), compression=None, ping_interval=None, max_size=2**20, open_timeout=60
        )
        hello = wire.hello(token)
        if hello is not None:
            await ws.send(hello)
        while True:
            raw = await asyncio.wait_for(ws.recv(), 60)
            assert isinstance(raw, str)
            state = wire.opened(raw)
            if state is not None:
                break
        if not state:
            await ws.close()
            raise ConnectionRefusedError(f"refused: {raw[:200]}")
        client = cls(wire, ws, key)
        client.reader = asyncio.create_task(client._read())
        if wire.heartbeat is not None:
            client.beat = asyncio.create_task(client._heartbeat(wire.heartbeat))
        return client

    async def _heartbeat(self, frame: str) -> None:
        """What a real client does while idle: a heartbeat every ~25 s from its first minute
        (servers close sockets silent for longer; connecting thousands can take that long)."""
        await asyncio.sleep(random.uniform(1.0, HEARTBEAT_S))
        with contextlib.suppress(Exception):
            while True:
                await self.ws.send(frame)
                await asyncio.sleep(HEARTBEAT_S)

    async def request(self, frame_type: str, data: Any, ref: int) -> tuple[str, Any]:
        """Send a frame with a ref and wait for its ack (or error)."""
        answer = asyncio.get_running_loop().create_future()
        self.waiting[ref] = answer
        try:
            await self.ws.send(self.wire.event(frame_type, data, ref))
            return await asyncio.wait_for(answer, 30)
        finally:
            self.waiting.pop(ref, None)

    async def _read(self) -> None:
        with contextlib.suppress(Exception):
            async for raw in self.ws:
                arrived = clock()
                kind, ref, data = self.wire.parse(raw if isinstance(raw, str) else raw.decode())
                if kind == "ping":
                    await self.ws.send("3")
                    continue
                if ref is not None and (answer := self.waiting.pop(ref, None)) is not None:
                    if not answer.done():  # its waiter may have given up (timeout)
                        answer.set_result((kind, data))
                    continue
                if self.handler is not None:
                    self.handler(self, kind, ref, data, arrived)


def _frame(payload: bytes, first: int = 0x81) -> bytes:
    """A masked client frame (RFC 6455 §5.2): text by default, ``0x8A`` for a pong."""
    mask = os.urandom(4)
    size = len(payload)
    head = bytes([first, 0x80 | size]) if size < 126 else bytes([first, 0xFE]) + size.to_bytes(2, "big")
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return head + mask + masked


class Drain(asyncio.Protocol):
    """A lean viewer: raw WebSocket over an asyncio transport. During setup it hands text
    frames to ``setup_frames``; afterwards it only splits frames and counts them, answering
    Engine.IO pings (``2`` → ``3``) and WebSocket pings."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.upgraded = asyncio.get_running_loop().create_future()
        self.setup_frames: asyncio.Queue[str] | None = asyncio.Queue()
        self.frames = 0
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is not an asyncio.Transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if not self.upgraded.done():
            self.upgraded.set_exception(ConnectionError("closed during the handshake"))

    def send_text(self, text: str) -> None:
        if self.transport is not None and not self.closed:
            self.transport.write(_frame(text.encode()))

    def heartbeat(self, frame: str) -> None:
        """Send ``frame`` every ~25 s (first one at a random point of the period)."""
        loop = asyncio.get_running_loop()

        def beat() -> None:
            if not self.closed:
                self.send_text(frame)
                loop.call_later(HEARTBEAT_S, beat)

        loop.call_later(random.uniform(1.0, HEARTBEAT_S), beat)

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if not self.upgraded.done():
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(buffer[:12])
            del buffer[: end + 4]
            if b" 101" not in status:
                self.upgraded.set_exception(ConnectionRefusedError(status.decode(errors="replace")))
                return
            self.upgraded.set_result(None)
        at, size = 0, len(buffer)
        while size - at >= 2:
            length = buffer[at + 1] & 0x7F
            head = 2
            if length == 126:
                if size - at < 4:
                    break
                length, head = int.from_bytes(buffer[at + 2 : at + 4], "big"), 4
            elif length == 127:
                if size - at < 10:
                    break
                length, head = int.from_bytes(buffer[at + 2 : at + 10], "big"), 10
            end = at + head + length
            if end > size:
                break
            opcode = buffer[at] & 0x0F
            if opcode == 1:
                self.frames += 1
                if self.setup_frames is not None:
                    self.setup_frames.put_nowait(buffer[at + head : end].decode())
                elif length == 1 and buffer[at + head] == 0x32:  # Engine.IO ping "2"
                    self.send_text("3")
            elif opcode == 9 and self.transport is not None:  # WebSocket ping → pong with its payload
                self.transport.write(_frame(bytes(buffer[at + head : end]), 0x8A))
            at = end
        if at:
            del buffer[:at]


async def open_drain(wire: SoukWire | SocketIOWire, base: str, token: str) -> Drain:
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    loop = asyncio.get_running_loop()
    _, drain = await loop.create_connection(Drain, host, port)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET {wire.path(token)} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    assert drain.transport is not None
    drain.transport.write(request.encode())
    await asyncio.wait_for(drain.upgraded, 60)
    hello = wire.hello(token)
    if hello is not None:
        drain.send_text(hello)
    assert drain.setup_frames is not None
    while True:
        state = wire.opened(await asyncio.wait_for(drain.setup_frames.get(), 60))
        if state is not None:
            break
    if not state:
        raise ConnectionRefusedError("refused")
    if wire.heartbeat is not None:
        drain.heartbeat(wire.heartbeat)
    return drain


async def drain_request(drain: Drain, wire: SoukWire | SocketIOWire, frame_type: str, data: Any, ref: int) -> str:
    """Send one frame with a ref on a drain socket still in setup; the answer's kind."""
    assert drain.setup_frames is not None
    drain.send_text(wire.event(frame_type, data, ref))
    while True:
        raw = await asyncio.wait_for(drain.setup_frames.get(), 60)
        kind, got, _ = wire.parse(raw)
        if kind == "ping":
            drain.send_text("3")
        elif got == ref:
            return kind


# --- the runs -------------------------------------------------------------------------------


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def open_many(opener: Callable[[int], Any], count: int, concurrency: int) -> tuple[list[Any], int]:
    """Open ``count`` sockets, ``concurrency`` handshakes in flight; (opened, failures)."""
    slots = asyncio.Semaphore(concurrency)
    opened: list[Any] = [None] * count
    failures = 0

    async def one(i: int) -> None:
        nonlocal failures
        async with slots:
            try:
                opened[i] = await opener(i)
            except Exception as exc:
                failures += 1
                if failures <= 3:
                    print(f"connect {i} failed: {exc!r}", file=sys.stderr)

    await asyncio.gather(*(one(i) for i in range(count)))
    return [o for o in opened if o is not None], failures


_INFLIGHT: set[asyncio.Task[Any]] = set()


class LoopLag:
    """The client's own event-loop lag during a run: how late a 5 ms timer fires. A load
    client whose loop lags measures itself (its arrival times come late), so every run
    reports it beside its latencies."""

    TICK_S = 0.005

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.samples = []
        self._task = asyncio.create_task(self._tick())

    async def _tick(self) -> None:
        while True:
            before = clock()
            await asyncio.sleep(self.TICK_S)
            self.samples.append(max(0.0, clock() - before - self.TICK_S))

    def stop(self, prefix: str = "") -> dict[str, float]:
        """``loop_lag_p99_ms`` and ``loop_lag_max_ms`` (with ``prefix``: a listening process's)."""
        if self._task is not None:
            self._task.cancel()
        lags = sorted(self.samples)
        return {
            f"{prefix}loop_lag_p99_ms": percentile(lags, 0.99) * 1000,
            f"{prefix}loop_lag_max_ms": (lags[-1] if lags else float("nan")) * 1000,
        }


class Schedule:
    """Open-loop bookkeeping shared by chat and room runs."""

    def __init__(self) -> None:
        self.run_id = 0
        self.due: list[float] = []
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.acks = 0

    def reset(self) -> None:
        self.run_id += 1
        self.due, self.latencies, self.errors, self.acks = [], [], {}, 0

    def answer(self, kind: str, data: Any) -> None:
        if kind == "ack":
            self.acks += 1
        else:
            code = str(data.get("code")) if isinstance(data, dict) else str(data)
            self.errors[code] = self.errors.get(code, 0) + 1

    def arrived(self, content: Any, at: float) -> None:
        """A measured delivery: ``content`` is ``bench <run> <i>``."""
        if not isinstance(content, str) or not content.startswith("bench "):
            return
        _, run, i = content.split(" ", 2)
        if int(run) == self.run_id:
            self.latencies.append(at - self.due[int(i)])


async def drive(
    schedule: Schedule,
    rate: float,
    seconds: float,
    send: Callable[[int, float], Any],
    expected: Callable[[int], int],
    extra: Callable[[float], None] | None = None,
) -> dict[str, float]:
    """Send ``rate * seconds`` messages on the schedule; wait for ``expected(sent)`` deliveries."""
    schedule.reset()
    total = int(rate * seconds)
    lags: list[float] = []
    tasks = _INFLIGHT  # outlives this run: late answers still land (and are not counted)
    started = clock() + 0.05
    cpu_before = cpu_seconds()
    loop_lag = LoopLag()
    loop_lag.start()
    schedule.due = [started + i / rate for i in range(total)]
    for i, due in enumerate(schedule.due):
        delay = due - clock()
        if delay > 0:
            await asyncio.sleep(delay)
        now = clock()
        lags.append(max(0.0, now - due))
        task = asyncio.create_task(send(i, due))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        if extra is not None:
            extra(now)
    sent_at = clock()
    want = expected(total)
    while len(schedule.latencies) < want and clock() - sent_at < 5.0:
        await asyncio.sleep(0.02)
    elapsed = clock() - started
    cpu = cpu_seconds() - cpu_before
    latencies = sorted(schedule.latencies)
    lags.sort()
    return {
        "rate": rate,
        "sent": total,
        "expected": want,
        "delivered": len(latencies),
        "acks": schedule.acks,
        "errors": sum(schedule.errors.values()),
        "error_codes": dict(schedule.errors),  # type: ignore[dict-item]
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": (latencies[-1] if latencies else float("nan")) * 1000,
        "send_lag_p99_ms": percentile(lags, 0.99) * 1000,
        **loop_lag.stop(),
        "client_cpu_seconds": cpu,
        "seconds": elapsed,
    }


async def idle_mode(plan: dict[str, Any], wire: SoukWire | SocketIOWire) -> dict[str, Any]:
    tokens: list[str] = plan["tokens"]
    started = clock()
    sockets, failures = await open_many(
        lambda i: Client.open(wire, plan["base"], tokens[i], i), len(tokens), plan.get("concurrency", 64)
    )
    ready = {"connected": len(sockets), "failed": failures, "connect_seconds": clock() - started}
    return {"ready": ready, "sockets": sockets, "run": None}


async def chat_mode(plan: dict[str, Any], wire: SoukWire | SocketIOWire) -> dict[str, Any]:
    """Pairs ``[sender_token, receiver_token, conversation_id]``: senders on ``sender_base``,
    receivers on ``receiver_base`` (another server process: delivery crosses Redis)."""
    pairs: list[list[str]] = plan["pairs"]
    schedule = Schedule()

    def on_receiver(_c: Client, kind: str, _ref: int | None, data: Any, at: float) -> None:
        if kind == "message:new" and isinstance(data, dict):
            schedule.arrived(data.get("content"), at)

    started = clock()
    concurrency = plan.get("concurrency", 64)
    receivers, bad_r = await open_many(
        lambda i: Client.open(wire, plan["receiver_base"], pairs[i][1], i), len(pairs), concurrency
    )
    senders, bad_s = await open_many(
        lambda i: Client.open(wire, plan["sender_base"], pairs[i][0], i), len(pairs), concurrency
    )
    for client in receivers:
        client.handler = on_receiver
    by_key = {c.key: c for c in senders}
    live_pairs = [i for i in range(len(pairs)) if i in by_key and i in {r.key for r in receivers}]

    async def send(i: int, _due: float) -> None:
        pair = live_pairs[i % len(live_pairs)]
        data = {"conversation_id": pairs[pair][2], "message_type": "text", "content": f"bench {schedule.run_id} {i}"}
        try:
            kind, answer = await by_key[pair].request("message:send", data, schedule.run_id * 10_000_000 + i)
        except TimeoutError:
            kind, answer = "error", {"code": "ack_timeout"}
        except Exception as exc:
            kind, answer = "error", {"code": type(exc).__name__}
        schedule.answer(kind, answer)

    async def run(rate: float, seconds: float) -> dict[str, float]:
        return await drive(schedule, rate, seconds, send, lambda sent: sent)

    ready = {
        "connected": len(receivers) + len(senders),
        "failed": bad_r + bad_s,
        "pairs": len(live_pairs),
        "connect_seconds": clock() - started,
    }
    return {"ready": ready, "sockets": receivers + senders, "run": run}


async def room_mode(plan: dict[str, Any], wire: SoukWire | SocketIOWire) -> dict[str, Any]:
    """``viewers`` tokens all join ``stream_id`` on ``base``; the first ``senders`` of them
    chat (and react) and the next ``probes`` measure every chat message's latency; the rest
    are lean :class:`Drain` sockets that count what they get."""
    tokens: list[str] = plan["viewers"]
    stream_id, senders_n, probes_n = plan["stream_id"], plan["senders"], plan["probes"]
    emojis: list[str] = plan.get("emojis", ["❤️"])
    schedule = Schedule()
    counted: dict[int, int] = {}

    def on_probe(client: Client, kind: str, _ref: int | None, data: Any, at: float) -> None:
        counted[client.key] = counted.get(client.key, 0) + 1
        if kind == "stream:chat:new" and isinstance(data, dict):
            schedule.arrived(data.get("content"), at)

    def on_sender(client: Client, _kind: str, _ref: int | None, _data: Any, _at: float) -> None:
        counted[client.key] = counted.get(client.key, 0) + 1

    async def full(i: int) -> Client:
        handler = on_sender if i < senders_n else on_probe
        return await _joined_client(wire, plan["base"], tokens[i], i, stream_id, handler)

    async def lean(i: int) -> Drain:
        return await _joined_drain(wire, plan["base"], tokens[i], stream_id)

    started = clock()
    concurrency = plan.get("concurrency", 64)
    n_full = senders_n + probes_n
    fulls, bad_f = await open_many(full, n_full, concurrency)
    drains, bad_d = await open_many(lambda i: lean(n_full + i), len(tokens) - n_full, concurrency)
    senders = [c for c in fulls if c.key < senders_n]
    probes = [c for c in fulls if c.key >= senders_n]
    reaction_rate = [float(plan.get("reaction_rate", 0.0))]

    def set_reactions(rate: float) -> None:
        reaction_rate[0] = rate

    next_ref = [1_000_000_000]

    async def react(client: Client, emoji: str) -> None:
        next_ref[0] += 1
        try:
            data = {"stream_id": stream_id, "emoji": emoji}
            kind, answer = await client.request("stream:reaction", data, next_ref[0])
        except Exception as exc:
            kind, answer = "error", {"code": f"reaction_{type(exc).__name__}"}
        if kind != "ack":
            code = answer.get("code") if isinstance(answer, dict) else answer
            schedule.errors[f"reaction_{code}"] = schedule.errors.get(f"reaction_{code}", 0) + 1

    async def send(i: int, _due: float) -> None:
        client = senders[i % len(senders)]
        data = {"stream_id": stream_id, "content": f"bench {schedule.run_id} {i}"}
        try:
            kind, answer = await client.request("stream:chat", data, schedule.run_id * 10_000_000 + i)
        except Exception as exc:
            kind, answer = "error", {"code": type(exc).__name__}
        schedule.answer(kind, answer)

    async def run(rate: float, seconds: float) -> dict[str, float]:
        frames_before = sum(d.frames for d in drains) + sum(counted.values())
        reactions = {"due": 0.0, "n": 0, "pending": set()}
        period = 1.0 / reaction_rate[0] if reaction_rate[0] else 0.0
        state = {"next": clock()}
        background: set[asyncio.Task[None]] = set()

        def extra(now: float) -> None:  # reactions ride along the chat schedule
            while period and state["next"] <= now:
                state["next"] += period
                client = senders[(reactions["n"] * 7 + 3) % len(senders)]
                task = asyncio.create_task(react(client, emojis[reactions["n"] % len(emojis)]))
                background.add(task)
                task.add_done_callback(background.discard)
                reactions["n"] += 1  # type: ignore[operator]

        result = await drive(schedule, rate, seconds, send, lambda sent: sent * len(probes), extra)
        frames = sum(d.frames for d in drains) + sum(counted.values()) - frames_before
        result["reactions"] = float(reactions["n"])  # type: ignore[arg-type]
        result["frames_received"] = float(frames)
        result["deliveries_per_s"] = frames / result["seconds"]
        result["drains_closed"] = float(sum(d.closed for d in drains))
        return result

    ready = {
        "connected": len(fulls) + len(drains),
        "failed": bad_f + bad_d,
        "senders": len(senders),
        "probes": len(probes),
        "connect_seconds": clock() - started,
    }

    def frames() -> int:
        return sum(d.frames for d in drains) + sum(counted.values())

    return {"ready": ready, "sockets": fulls, "run": run, "reactions": set_reactions, "frames": frames}


async def storm_mode(plan: dict[str, Any], wire: SoukWire | SocketIOWire) -> dict[str, Any]:
    """Viewers connected (lean sockets) but not in the room; each ``run`` makes every one of
    them send ``stream:join`` for ``stream_id``, spread evenly over ``seconds`` (``rate`` is
    ignored), and times each answer from its due time. ``{"cmd": "leave"}`` makes them leave
    the room (call it between runs, so that every run's joins are first joins)."""
    tokens: list[str] = plan["viewers"]
    stream_id = plan["stream_id"]
    started = clock()
    drains, failures = await open_many(
        lambda i: open_drain(wire, plan["base"], tokens[i]), len(tokens), plan.get("concurrency", 64)
    )
    ready = {"connected": len(drains), "failed": failures, "connect_seconds": clock() - started}
    refs = iter(range(1, 1 << 30))

    async def ask(drain: Drain, frame_type: str) -> tuple[str, Any]:
        ref = next(refs)
        assert drain.setup_frames is not None
        drain.send_text(wire.event(frame_type, {"stream_id": stream_id}, ref))
        while True:
            kind, got, data = wire.parse(await drain.setup_frames.get())
            if kind == "ping":
                drain.send_text("3")
            elif got == ref:
                return kind, data

    async def leave() -> None:
        await asyncio.gather(*(asyncio.wait_for(ask(d, "stream:leave"), 60) for d in drains), return_exceptions=True)

    async def run(_rate: float, seconds: float) -> dict[str, Any]:
        for drain in drains:  # frames of earlier runs (viewer counts) are not answers
            assert drain.setup_frames is not None
            while not drain.setup_frames.empty():
                drain.setup_frames.get_nowait()
        schedule = Schedule()
        cpu_before = cpu_seconds()
        t0 = clock() + 0.05
        due = [t0 + i * seconds / max(len(drains), 1) for i in range(len(drains))]

        async def one(i: int) -> None:
            try:
                kind, data = await asyncio.wait_for(ask(drains[i], "stream:join"), 60)
            except TimeoutError:
                schedule.errors["no answer in 60 s"] = schedule.errors.get("no answer in 60 s", 0) + 1
                return
            schedule.latencies.append(clock() - due[i])
            schedule.answer(kind, data)

        tasks: list[asyncio.Task[None]] = []
        i = 0
        while i < len(drains):
            now = clock()
            while i < len(drains) and due[i] <= now:
                tasks.append(asyncio.create_task(one(i)))
                i += 1
            if i < len(drains):
                await asyncio.sleep(max(0.0, due[i] - clock()))
        sent_s = clock() - t0
        await asyncio.gather(*tasks)
        latencies = sorted(schedule.latencies)
        return {
            "rate": len(drains) / seconds,
            "sent": len(drains),
            "send_seconds": sent_s,
            "acks": schedule.acks,
            "answered": len(latencies),
            "errors": sum(schedule.errors.values()),
            "error_codes": dict(schedule.errors),
            "p50_ms": percentile(latencies, 0.50) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000,
            "max_ms": (latencies[-1] if latencies else float("nan")) * 1000,
            "seconds": clock() - t0,
            "client_cpu_seconds": cpu_seconds() - cpu_before,
        }

    return {"ready": ready, "sockets": drains, "run": run, "leave": leave}


async def auction_mode(plan: dict[str, Any], wire: SoukWire | SocketIOWire) -> dict[str, Any]:
    """A live auction (``live_auction.py``): like ``room`` — ``viewers`` all join
    ``stream_id``, the first ``senders`` bid, the next ``probes`` time every bid's
    ``auction:bid`` broadcast, the rest are lean counting sockets. Each run starts a fresh
    auction of the next of ``products`` through REST (``http_base``, the ``seller``'s
    token), then bid ``i`` of the run offers ``first + i * step`` minor units (spaced
    above any increment, so a bid fails only when it is overtaken on the way)."""
    tokens: list[str] = plan["viewers"]
    stream_id, senders_n, probes_n = plan["stream_id"], plan["senders"], plan["probes"]
    first, step, currency = int(plan["first"]), int(plan["step"]), plan["currency"]
    products: list[str] = list(plan["products"])
    schedule = Schedule()
    counted: dict[int, int] = {}
    current = {"auction": ""}

    def on_probe(client: Client, kind: str, _ref: int | None, data: Any, at: float) -> None:
        counted[client.key] = counted.get(client.key, 0) + 1
        if kind == "auction:bid" and isinstance(data, dict) and data.get("auction_id") == current["auction"]:
            i = (int(data["current_bid"]["amount"]) - first) // step
            if 0 <= i < len(schedule.due):
                schedule.latencies.append(at - schedule.due[i])

    def on_sender(client: Client, _kind: str, _ref: int | None, _data: Any, _at: float) -> None:
        counted[client.key] = counted.get(client.key, 0) + 1

    async def full(i: int) -> Client:
        handler = on_sender if i < senders_n else on_probe
        return await _joined_client(wire, plan["base"], tokens[i], i, stream_id, handler)

    async def lean(i: int) -> Drain:
        return await _joined_drain(wire, plan["base"], tokens[i], stream_id)

    def start_auction() -> str:
        body = {
            "product_id": products.pop(0),
            "starting_price": {"amount": first, "currency": currency},
            "duration_s": 120,
        }
        request = urllib.request.Request(
            f"{plan['http_base']}/api/v1/streams/{stream_id}/auctions",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {plan['seller']}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return str(json.loads(response.read())["auction_id"])

    started = clock()
    concurrency = plan.get("concurrency", 64)
    n_full = senders_n + probes_n
    fulls, bad_f = await open_many(full, n_full, concurrency)
    drains, bad_d = await open_many(lambda i: lean(n_full + i), len(tokens) - n_full, concurrency)
    senders = [c for c in fulls if c.key < senders_n]
    probes = [c for c in fulls if c.key >= senders_n]

    async def send(i: int, _due: float) -> None:
        client = senders[i % len(senders)]
        data = {"auction_id": current["auction"], "amount": {"amount": first + i * step, "currency": currency}}
        try:
            kind, answer = await client.request("auction:bid", data, schedule.run_id * 10_000_000 + i)
        except Exception as exc:
            kind, answer = "error", {"code": type(exc).__name__}
        schedule.answer(kind, answer)

    async def run(rate: float, seconds: float) -> dict[str, float]:
        current["auction"] = await asyncio.to_thread(start_auction)
        await asyncio.sleep(0.5)  # the auction:started fan-out is not measured
        frames_before = sum(d.frames for d in drains) + sum(counted.values())
        result = await drive(schedule, rate, seconds, send, lambda sent: sent * len(probes))
        frames = sum(d.frames for d in drains) + sum(counted.values()) - frames_before
        result["frames_received"] = float(frames)
        result["deliveries_per_s"] = frames / result["seconds"]
        result["drains_closed"] = float(sum(d.closed for d in drains))
        result["accepted"] = float(schedule.acks)
        return result

    ready = {
        "connected": len(fulls) + len(drains),
        "failed": bad_f + bad_d,
        "senders": len(senders),
        "probes": len(probes),
        "connect_seconds": clock() - started,
    }

    def frames() -> int:
        return sum(d.frames for d in drains) + sum(counted.values())

    return {"ready": ready, "sockets": fulls, "run": run, "frames": frames}


async def drains_mode(plan: dict[str, Any], wire: SoukWire | SocketIOWire) -> dict[str, Any]:
    """Lean viewers only (:class:`Drain`), every one joined to ``stream_id``: the bulk of a
    live room (``room``/``auction``) held in processes of their own, so that the loop of the
    process that sends and times is not the one thousands of sockets keep busy. ``run``
    counts their frames for ``seconds`` and then while the run's broadcasts still arrive
    (at most 5 s more; the room's own periodic frames, e.g. viewer counts, do not keep it
    open), and samples this process's loop lag; ``rate`` is not theirs (they send nothing)."""
    tokens: list[str] = plan["viewers"]
    started = clock()
    drains, failures = await open_many(
        lambda i: _joined_drain(wire, plan["base"], tokens[i], plan["stream_id"]),
        len(tokens),
        plan.get("concurrency", 64),
    )

    def frames() -> int:
        return sum(d.frames for d in drains)

    async def run(_rate: float, seconds: float) -> dict[str, Any]:
        loop_lag = LoopLag()
        loop_lag.start()
        cpu_before, t0, before = cpu_seconds(), clock(), frames()
        await asyncio.sleep(seconds)
        last, last_at = frames(), clock()
        while clock() - t0 < seconds + 5.0:  # the run's backlog: a broadcast's worth of frames per 0.1 s
            await asyncio.sleep(0.1)
            now = frames()
            if now - last < len(drains) // 2:
                break
            last, last_at = now, clock()
        elapsed = last_at - t0
        received = last - before
        return {
            "rate": 0.0,
            "frames_received": float(received),
            "deliveries_per_s": received / elapsed,
            "drains_closed": float(sum(d.closed for d in drains)),
            **loop_lag.stop("drains_"),
            "client_cpu_seconds": cpu_seconds() - cpu_before,
            "seconds": elapsed,
        }

    ready = {"connected": len(drains), "failed": failures, "connect_seconds": clock() - started}
    return {"ready": ready, "sockets": drains, "run": run, "reactions": lambda _rate: None, "frames": frames}


MODES = {
    "idle": idle_mode,
    "chat": chat_mode,
    "room": room_mode,
    "storm": storm_mode,
    "auction": auction_mode,
    "drains": drains_mode,
}


async def main_async(plan: dict[str, Any]) -> None:
    wire = wire_for(plan["protocol"])
    state = await MODES[plan["mode"]](plan, wire)
    emit({"event": "ready", **state["ready"]})
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        command = json.loads(line)
        if command["cmd"] == "stop":
            break
        if command["cmd"] == "run" and state["run"] is not None:
            emit({"event": "result", **await state["run"](command["rate"], command["seconds"])})
        elif command["cmd"] == "reactions" and "reactions" in state:  # reactions/s in the next runs
            state["reactions"](float(command["rate"]))
            emit({"event": "reactions", "rate": command["rate"]})
        elif command["cmd"] == "frames" and "frames" in state:  # frames every viewer got so far
            emit({"event": "frames", "frames": state["frames"]()})
        elif command["cmd"] == "leave" and "leave" in state:  # storm: every viewer leaves the room
            await state["leave"]()
            emit({"event": "left"})
        elif command["cmd"] == "pending":  # requests still waiting for their ack or error
            waiting = sum(len(c.waiting) for c in state["sockets"] if isinstance(c, Client))
            emit({"event": "pending", "pending": waiting})
        elif command["cmd"] == "count":
            emit({"event": "count", "open": sum(not c.ws.close_code for c in state["sockets"])})
        else:
            emit({"event": "error", "detail": f"unknown command {command}"})


def emit(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def main() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with open(sys.argv[1]) as f:
        plan = json.load(f)
    try:
        import uvloop

        uvloop.run(main_async(plan))
    except ImportError:
        asyncio.run(main_async(plan))
    os._exit(0)  # thousands of sockets: let the kernel close them


async def _joined_client(wire: Any, base: str, token: str, key: int, stream_id: str, handler: Any) -> Client:
    """A full client (it decodes every frame it gets) that joined the stream's room."""
    client = await Client.open(wire, base, token, key)
    client.handler = handler
    kind, answer = await client.request("stream:join", {"stream_id": stream_id}, 1)
    if kind != "ack":
        raise ConnectionRefusedError(f"stream:join answered {kind} {answer}")
    return client


async def _joined_drain(wire: Any, base: str, token: str, stream_id: str) -> Drain:
    """A lean socket (it only counts frames) that joined the stream's room."""
    drain = await open_drain(wire, base, token)
    kind = await drain_request(drain, wire, "stream:join", {"stream_id": stream_id}, 1)
    if kind != "ack":
        raise ConnectionRefusedError(f"stream:join answered {kind}")
    drain.setup_frames = None
    return drain


if __name__ == "__main__":
    main()
