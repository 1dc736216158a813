"""Pub/sub's two hot paths without redis-py's per-command machinery (issue 19: a chat
message is one PUBLISH on the sender's process and two pushes read by subscribers).

redis-py still makes every connection (URL, AUTH, SELECT, HELLO, TLS, timeouts), so what
the settings allow keeps working; only the bytes of the hot commands are written and read
here, on connections of our own:

- ``LeanPublisher``: PUBLISH pipelined on one connection: a caller writes its command and
  waits for its reply, which one reader task hands out in order (redis-py checks a
  connection out of the pool, packs, sends and parses per call: about twice the CPU).
- ``pushed_messages``: the ``message`` pushes of a subscribed connection, parsed straight
  off its stream (RESP2 ``*`` and RESP3 ``>`` alike); everything else (subscribe
  confirmations, pongs) is skipped. The subscription ends with ``ConnectionError`` when the
  connection does, as redis-py's would."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError

CRLF = b"\r\n"
READ_SIZE = 65536
WRITE_BACKLOG = 1 << 20  # bytes waiting in the transport before a publisher waits for Redis
_AGGREGATES = (ord(">"), ord("*"))
_BULK, _INT, _SIMPLE, _ERROR = ord("$"), ord(":"), ord("+"), ord("-")
CLOSED = "Connection closed by server."
PUBLISH = b"*3\r\n$7\r\nPUBLISH\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n"


class RespError(RedisConnectionError):
    """Bytes that are not the protocol: the connection cannot be trusted any more."""


def parse_pushes(buf: bytes) -> tuple[list[tuple[bytes, bytes]], int]:
    """The complete ``message`` pushes at the start of ``buf`` as (channel, data), and where
    the first incomplete frame begins (the caller keeps ``buf[end:]`` for the next read)."""
    found: list[tuple[bytes, bytes]] = []
    pos, end = 0, len(buf)
    while pos < end:
        head = buf.find(CRLF, pos)
        if head < 0:
            break
        kind = buf[pos]
        if kind not in _AGGREGATES:
            if kind == _ERROR:
                raise ResponseError(buf[pos + 1 : head].decode(errors="replace"))
            if kind not in (_SIMPLE, _INT):
                raise RespError(f"unexpected reply type {chr(kind)!r} on a subscription")
            pos = head + 2  # a stray simple reply: nothing to deliver
            continue
        items, after = _flat_items(buf, head + 2, int(buf[pos + 1 : head]))
        if after < 0:
            break
        pos = after
        if len(items) == 3 and items[0] == b"message":
            found.append((items[1], items[2]))
    return found, pos


def _flat_items(buf: bytes, pos: int, count: int) -> tuple[list[bytes], int]:
    """``count`` bulk, integer or simple items from ``pos``; (items, -1) when incomplete."""
    items: list[bytes] = []
    for _ in range(count):
        line = buf.find(CRLF, pos)
        if line < 0:
            return items, -1
        kind = buf[pos]
        if kind == _BULK:
            size = int(buf[pos + 1 : line])
            if size < 0:  # a null bulk string
                items.append(b"")
                pos = line + 2
                continue
            start = line + 2
            stop = start + size
            if stop + 2 > len(buf):
                return items, -1
            items.append(buf[start:stop])
            pos = stop + 2
        elif kind in (_INT, _SIMPLE):
            items.append(buf[pos + 1 : line])
            pos = line + 2
        else:
            raise RespError(f"unexpected item type {chr(kind)!r} in a push")
    return items, pos


async def pushed_messages(reader: asyncio.StreamReader) -> AsyncIterator[tuple[bytes, bytes]]:
    """The (channel, data) of every ``message`` push read from ``reader``, until the
    connection ends (``ConnectionError``)."""
    rest = b""
    while True:
        chunk = await _read(reader)
        buf = rest + chunk if rest else chunk
        messages, used = parse_pushes(buf)
        rest = buf[used:]
        for message in messages:
            yield message


async def _read(reader: asyncio.StreamReader) -> bytes:
    try:
        chunk = await reader.read(READ_SIZE)
    except OSError as exc:
        raise RedisConnectionError(f"Error while reading from Redis: {exc}") from exc
    if not chunk:
        raise RedisConnectionError(CLOSED)
    return chunk


def connected_streams(connection: Any) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """The streams of a connected redis-py ``Connection`` (its ``_reader`` and ``_writer``:
    not public API, the same names from redis-py 4 to 8; checked by the contract tests)."""
    reader, writer = getattr(connection, "_reader", None), getattr(connection, "_writer", None)
    if not isinstance(reader, asyncio.StreamReader) or not isinstance(writer, asyncio.StreamWriter):
        raise RedisConnectionError("the Redis connection is not connected")
    return reader, writer


class _Link:
    """One connected publisher connection: commands written in order, replies handed to
    their callers in the same order by one reader task."""

    def __init__(self, connection: Any, timeout: float | None) -> None:
        self.connection = connection
        self._reader, self._writer = connected_streams(connection)
        self._timeout = timeout
        self._waiting: deque[asyncio.Future[int]] = deque()
        self.broken: BaseException | None = None
        self._task = asyncio.get_running_loop().create_task(self._replies())

    async def publish(self, channel: bytes, data: bytes) -> int:
        if self.broken is not None:
            raise RedisConnectionError(str(self.broken))
        reply: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._waiting.append(reply)
        try:
            self._writer.write(PUBLISH % (len(channel), channel, len(data), data))
            if self._writer.transport.get_write_buffer_size() > WRITE_BACKLOG:
                await self._writer.drain()
        except Exception as exc:
            reply.cancel()  # no reply will be read for it; nobody is left to be told
            self._break(exc)
            raise RedisConnectionError(f"Error while writing to Redis: {exc}") from exc
        if self._timeout is None:
            return await reply
        try:
            return await asyncio.wait_for(reply, self._timeout)  # cancels ``reply`` when it gives up
        except TimeoutError:
            self._break(RedisConnectionError("Timeout reading from Redis"))
            raise

    async def _replies(self) -> None:
        rest = b""
        try:
            while True:
                buf = rest + await _read(self._reader) if rest else await _read(self._reader)
                rest = self._hand_out(buf)
        except asyncio.CancelledError:
            self._break(RedisConnectionError("the publisher was closed"))
            raise
        except Exception as exc:
            self._break(exc)

    def _hand_out(self, buf: bytes) -> bytes:
        pos = 0
        while (line := buf.find(CRLF, pos)) >= 0:
            kind, text = buf[pos], buf[pos + 1 : line]
            pos = line + 2
            if not self._waiting:
                raise RespError("a reply nobody asked for")
            reply = self._waiting.popleft()
            if reply.done():  # its caller gave up (a timeout): the connection is being dropped
                continue
            if kind == _INT:
                reply.set_result(int(text))
            elif kind == _ERROR:
                reply.set_exception(ResponseError(text.decode(errors="replace")))
            else:
                raise RespError(f"unexpected reply type {chr(kind)!r} to PUBLISH")
        return buf[pos:]

    def _break(self, error: BaseException) -> None:
        if self.broken is None:
            self.broken = error
            self._writer.close()
        while self._waiting:
            reply = self._waiting.popleft()
            if not reply.done():
                reply.set_exception(RedisConnectionError(str(error) or type(error).__name__))

    async def close(self) -> None:
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        await self.connection.disconnect()


class LeanPublisher:
    """PUBLISH on a connection of its own, made by ``connect`` (a connected redis-py
    ``Connection``) when first needed and again after it broke. A command that meets a
    connection that broke before it was sent (a Redis restart noticed late) is sent once
    more on a fresh one, as the shared pool's retry does; one that fails on a fresh
    connection raises ``ConnectionError``."""

    def __init__(self, connect: Callable[[], Awaitable[Any]], timeout: float | None = None) -> None:
        self._connect = connect
        self._timeout = timeout
        self._link: _Link | None = None
        self._linking: asyncio.Future[_Link] | None = None

    async def publish(self, channel: str, data: bytes) -> int:
        name = channel.encode()
        link, fresh = await self._current()
        try:
            return await link.publish(name, data)
        except RedisConnectionError:
            if fresh:
                raise
        link, _ = await self._current()
        return await link.publish(name, data)

    async def _current(self) -> tuple[_Link, bool]:
        """The connected link, and whether it was made for this call (after a break).
        Callers arriving while a connect is under way share it, and its failure: against
        a host that does not answer, each waits one connect timeout, not one per caller
        ahead of it."""
        link = self._link
        if link is not None and link.broken is None:
            return link, False
        if self._linking is None or self._linking.done():
            self._linking = asyncio.ensure_future(self._new_link(link))
            self._linking.add_done_callback(_seen)
        return await asyncio.shield(self._linking), True

    async def _new_link(self, old: _Link | None) -> _Link:
        if old is not None:
            self._link = None
            await old.close()
        self._link = _Link(await self._connect(), self._timeout)
        return self._link

    async def aclose(self) -> None:
        if self._linking is not None and not self._linking.done():
            self._linking.cancel()
            await asyncio.gather(self._linking, return_exceptions=True)
        link, self._link = self._link, None
        if link is not None:
            await link.close()


def _seen(connect: asyncio.Future[_Link]) -> None:
    """Marks a shared connect's failure as seen: every caller waiting on it was told (or
    went away), so it is not logged again as 'Future exception was never retrieved'."""
    if not connect.cancelled():
        connect.exception()
