"""The lean pub/sub paths (``adapters/redis/lean_pubsub``): the push parser on every way a
stream can be cut, and the pipelined publisher against a scripted server (replies in
order, a connection that dies or stalls fails its callers instead of hanging them)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError

from souk.adapters.redis.lean_pubsub import LeanPublisher, RespError, parse_pushes, pushed_messages


def bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


def push(kind: bytes, *items: bytes) -> bytes:
    return b"%s%d\r\n" % (kind, len(items)) + b"".join(items)


STREAM = (
    push(b">", bulk(b"subscribe"), bulk(b"souk:0:events:a"), b":1\r\n")
    + push(b">", bulk(b"message"), bulk(b"souk:0:events:a"), bulk(b'{"v":1,"e":{"x":"\r\n"}}'))
    + b"+PONG\r\n"
    + push(b"*", bulk(b"message"), bulk(b"souk:0:events:b"), bulk(b""))
    + push(b">", bulk(b"pong"), b"$-1\r\n")
    + push(b"*", bulk(b"message"), bulk(b"c"), bulk(b"\x00\xff binary"))
)
EXPECTED = [
    (b"souk:0:events:a", b'{"v":1,"e":{"x":"\r\n"}}'),
    (b"souk:0:events:b", b""),
    (b"c", b"\x00\xff binary"),
]


def test_every_message_push_of_resp2_and_resp3_is_found_and_the_rest_skipped() -> None:
    assert parse_pushes(STREAM) == (EXPECTED, len(STREAM))


@pytest.mark.parametrize("cut", range(1, len(STREAM)))
def test_a_stream_cut_anywhere_gives_the_same_messages(cut: int) -> None:
    first, used = parse_pushes(STREAM[:cut])
    rest, used_rest = parse_pushes(STREAM[used:])
    assert first + rest == EXPECTED
    assert used + used_rest == len(STREAM)


def test_an_error_reply_and_bytes_that_are_not_the_protocol_raise() -> None:
    with pytest.raises(ResponseError, match="NOAUTH"):
        parse_pushes(b"-NOAUTH Authentication required.\r\n")
    with pytest.raises(RespError):
        parse_pushes(b"HTTP/1.1 400 Bad Request\r\n")
    with pytest.raises(RespError):
        parse_pushes(push(b">", bulk(b"message"), b"%2\r\n", bulk(b"x")))


async def test_pushes_are_read_off_the_stream_until_it_ends_with_a_connection_error() -> None:
    reader = asyncio.StreamReader()
    messages = pushed_messages(reader)
    for i in range(0, len(STREAM), 7):
        reader.feed_data(STREAM[i : i + 7])
    got = [await anext(messages) for _ in EXPECTED]
    assert got == EXPECTED
    reader.feed_eof()
    with pytest.raises(RedisConnectionError):
        await anext(messages)


class ScriptedRedis:
    """A TCP server speaking just enough RESP: each PUBLISH is answered by ``answer``
    (bytes to send, or None to stay silent), after the commands are parsed."""

    def __init__(self, answer: Callable[[int], bytes | None]) -> None:
        self.answer = answer
        self.published: list[tuple[bytes, bytes]] = []
        self.connections = 0
        self.writers: list[asyncio.StreamWriter] = []
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return int(self.server.sockets[0].getsockname()[1])

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.append(writer)
        rest = b""
        while chunk := await reader.read(65536):
            buf = rest + chunk  # a PUBLISH command read as a push of the same length
            commands, used = parse_pushes(buf.replace(b"*3\r\n$7\r\nPUBLISH", b">3\r\n$7\r\nmessage"))
            rest = buf[used:]
            for channel, data in commands:
                self.published.append((channel, data))
                reply = self.answer(len(self.published))
                if reply is not None:
                    writer.write(reply)
        writer.close()

    async def close(self) -> None:
        for writer in self.writers:
            writer.close()
        assert self.server is not None
        self.server.close()


class FakeConnection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader, self._writer = reader, writer
        self.disconnected = False

    async def disconnect(self) -> None:
        self.disconnected = True
        self._writer.close()


def connector(port: int) -> Callable[[], Awaitable[Any]]:
    async def connect() -> FakeConnection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return FakeConnection(reader, writer)

    return connect


@pytest.fixture
async def scripted() -> AsyncIterator[Callable[[Callable[[int], bytes | None]], Awaitable[tuple[ScriptedRedis, int]]]]:
    servers: list[ScriptedRedis] = []

    async def start(answer: Callable[[int], bytes | None]) -> tuple[ScriptedRedis, int]:
        server = ScriptedRedis(answer)
        servers.append(server)
        return server, await server.start()

    yield start
    for server in servers:
        await server.close()


async def test_concurrent_publishes_are_sent_in_call_order_and_each_gets_its_own_reply(scripted: Any) -> None:
    server, port = await scripted(lambda n: b":%d\r\n" % n)  # the reply tells which command it answers
    publisher = LeanPublisher(connector(port))
    replies = await asyncio.gather(*(publisher.publish(f"ch{i % 3}", b"m%d" % i) for i in range(200)))
    await publisher.aclose()
    assert replies == list(range(1, 201))
    assert server.published == [(b"ch%d" % (i % 3), b"m%d" % i) for i in range(200)]
    assert server.connections == 1


async def test_an_error_reply_fails_only_its_own_publish(scripted: Any) -> None:
    _, port = await scripted(lambda n: b"-ERR no\r\n" if n == 2 else b":0\r\n")
    publisher = LeanPublisher(connector(port))
    results = await asyncio.gather(*(publisher.publish("ch", b"x") for _ in range(3)), return_exceptions=True)
    await publisher.aclose()
    assert results[0] == 0
    assert results[2] == 0
    assert isinstance(results[1], ResponseError)


async def test_a_connection_that_died_while_idle_is_replaced_and_the_publish_goes_through(scripted: Any) -> None:
    server, port = await scripted(lambda n: b":1\r\n")
    publisher = LeanPublisher(connector(port))
    assert await publisher.publish("ch", b"one") == 1
    for writer in server.writers:  # a Redis restart: the server closes its side
        writer.close()
    await asyncio.sleep(0.05)
    assert await publisher.publish("ch", b"two") == 1
    await publisher.aclose()
    assert server.connections == 2
    assert [data for _, data in server.published] == [b"one", b"two"]


async def test_publishes_waiting_on_a_connection_that_dies_fail_instead_of_hanging(scripted: Any) -> None:
    server, port = await scripted(lambda n: None)  # never answers
    publisher = LeanPublisher(connector(port))
    waiting = [asyncio.ensure_future(publisher.publish("ch", b"x")) for _ in range(5)]
    await asyncio.sleep(0.05)
    for writer in server.writers:
        writer.close()
    results = await asyncio.wait_for(asyncio.gather(*waiting, return_exceptions=True), 2)
    await publisher.aclose()
    assert all(isinstance(result, RedisConnectionError) for result in results), results


async def test_a_silent_server_times_a_publish_out_and_the_next_one_reconnects(scripted: Any) -> None:
    server, port = await scripted(lambda n: None if n == 1 else b":3\r\n")
    publisher = LeanPublisher(connector(port), timeout=0.2)
    with pytest.raises(TimeoutError):
        await publisher.publish("ch", b"lost")
    assert await publisher.publish("ch", b"next") == 3
    await publisher.aclose()
    assert server.connections == 2


async def test_a_server_that_cannot_be_reached_fails_the_publish_and_closing_is_clean() -> None:
    async def refuse() -> Any:
        raise RedisConnectionError("Error connecting to 127.0.0.1:1. Connection refused.")

    publisher = LeanPublisher(refuse)
    for _ in range(2):  # the failed connect is not cached: each publish tries again
        with pytest.raises(RedisConnectionError):
            await publisher.publish("ch", b"x")
    await publisher.aclose()


async def test_callers_that_gave_up_leave_no_unretrieved_error_behind(scripted: Any) -> None:
    """A publish cancelled or timed out while the connection then dies: its reply is not
    failed behind its back ("Future exception was never retrieved" in the log)."""
    loop = asyncio.get_running_loop()
    reported: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _, context: reported.append(context))
    try:
        server, port = await scripted(lambda n: None)  # never answers
        publisher = LeanPublisher(connector(port), timeout=0.1)
        cancelled = asyncio.ensure_future(publisher.publish("ch", b"cancelled"))
        waiting = asyncio.ensure_future(publisher.publish("ch", b"waiting"))
        await asyncio.sleep(0.02)
        cancelled.cancel()
        with pytest.raises(TimeoutError):
            await waiting
        for writer in server.writers:
            writer.close()
        await asyncio.sleep(0.05)
        await publisher.aclose()
        del cancelled, waiting
        gc.collect()
        await asyncio.sleep(0)
    finally:
        loop.set_exception_handler(None)
    assert reported == []


async def test_publishers_waiting_on_a_host_that_does_not_answer_share_one_connect() -> None:
    """Redis's host gone (connects time out): callers arriving together wait one connect
    timeout and fail together, not one timeout per caller ahead of them."""
    attempts = 0

    async def slow_refusal() -> Any:
        nonlocal attempts
        attempts += 1
        await asyncio.sleep(0.3)
        raise RedisConnectionError("Timeout connecting to server")

    publisher = LeanPublisher(slow_refusal)
    loop = asyncio.get_running_loop()
    started = loop.time()
    results = await asyncio.gather(*(publisher.publish("ch", b"x") for _ in range(5)), return_exceptions=True)
    took = loop.time() - started
    await publisher.aclose()
    assert all(isinstance(result, RedisConnectionError) for result in results), results
    assert attempts == 1
    assert took < 0.6
