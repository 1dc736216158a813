"""A dependency restarted or cut under one real server: PostgreSQL (a cluster of the test's
own) and Redis (likewise). During the outage every request answers 503
``dependency_unavailable`` with ``Retry-After`` (never a 500), ``/ready`` says which check is
down without error text, and afterwards every path works again by its second request.

The multi-process fault suite (two servers, a worker, load) lives elsewhere; this one
checks each path of one process closely."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
import sqlalchemy.exc
from dishka import Provider, Scope, provide
from litestar.testing import AsyncTestClient

from souk.application.ports.user_reader import UserReader
from souk.bootstrap.http_app import create_app
from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import Settings
from tests.e2e.own_redis import own_redis
from tests.e2e.realtime_support import Person, Rest, online, rest
from tests.e2e.ws_support import serving
from tests.own_postgres import OwnPostgres, own_postgres
from tests.services import run_blocking
from tests.support import fast_settings, unique

Call = Callable[[], Awaitable[httpx.Response]]


@pytest.fixture(scope="module")
def cluster() -> Iterator[OwnPostgres]:
    with own_postgres() as pg:
        yield pg


@pytest.fixture
def settings(cluster: OwnPostgres, tmp_path: Path, redis_url: str) -> Settings:
    if not cluster.running():
        cluster.start()
    url = cluster.create_database(unique("faults").lower())
    found = replace(fast_settings(tmp_path, url, redis_url), rate_limit_scale=1000)
    run_blocking(migrate(found))
    return found


class OutageLog(logging.Handler):
    """What ``souk.outages`` and ``souk.http`` log (the app replaces the root handlers, so
    pytest's caplog would see nothing)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage() + ("\n" + str(record.exc_info[1]) if record.exc_info else ""))

    def matching(self, text: str) -> list[str]:
        return [line for line in self.lines if text in line]


@pytest.fixture
def logged() -> Iterator[OutageLog]:
    handler = OutageLog()
    loggers = [logging.getLogger(name) for name in ("souk.outages", "souk.http", "souk.ws")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    yield handler
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def paths(api: Rest, me: Person, conversation_id: str) -> dict[str, Call]:
    """One request per way to the database: the raw asyncpg read (``/users/me``), a write
    (a message: write engine and outbox), a SQLAlchemy read on the read engine, and the
    catalog's raw asyncpg search."""
    http = api.http
    return {
        "users_me": lambda: http.get("/api/v1/users/me", headers=me.auth),
        "message_post": lambda: http.post(
            f"/api/v1/conversations/{conversation_id}/messages",
            json={"message_type": "text", "content": "still here"},
            headers=me.auth,
        ),
        "messages_read": lambda: http.get(f"/api/v1/conversations/{conversation_id}/messages", headers=me.auth),
        "search": lambda: http.get("/api/v1/products/search", params={"q": "lamp", "sort": "newest"}),
    }


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["code"] == "dependency_unavailable"
    assert int(response.headers["retry-after"]) >= 1
    assert body["retry_after"] == int(response.headers["retry-after"])
    assert response.headers["content-type"].startswith("application/problem+json")


async def warm(calls: dict[str, Call]) -> None:
    """Every path used, and several connections pooled on each engine (as under load)."""
    for name, call in calls.items():
        response = await call()
        assert response.status_code in (200, 201), (name, response.text)
    for name in ("users_me", "messages_read", "message_post"):
        answers = await asyncio.gather(*(calls[name]() for _ in range(6)))
        assert all(a.status_code in (200, 201) for a in answers)


async def assert_recovered(calls: dict[str, Call]) -> None:
    """The first request of a path may still fail (503, never 500); every later one must not."""
    for name, call in calls.items():
        first = await call()
        assert first.status_code in (200, 201, 503), (name, first.status_code, first.text)
        for _ in range(5):
            again = await call()
            assert again.status_code in (200, 201), (name, again.status_code, again.text)
    burst = await asyncio.gather(*(calls["users_me"]() for _ in range(12)))
    assert [r.status_code for r in burst] == [200] * 12


@pytest.mark.postgres
@pytest.mark.redis
async def test_after_a_postgresql_restart_every_path_answers_by_its_second_request(
    cluster: OwnPostgres, settings: Settings, logged: OutageLog
) -> None:
    async with serving(create_app(settings)) as address, rest(address) as api:
        alice, bob = await api.person(), await api.person()
        calls = paths(api, alice, await api.conversation(alice, bob))
        await warm(calls)

        await asyncio.to_thread(cluster.restart)  # the server's loop runs meanwhile

        await assert_recovered(calls)
        ready = await api.http.get("/ready")
        assert ready.status_code == 200, ready.text
        assert ready.json() == {"status": "ok", "checks": {"database": "ok", "database_read": "ok", "redis": "ok"}}
    assert logged.matching("http.unhandled_error") == []


@pytest.mark.postgres
@pytest.mark.redis
async def test_while_postgresql_is_down_every_path_answers_503_and_recovers_when_it_returns(
    cluster: OwnPostgres, settings: Settings, logged: OutageLog
) -> None:
    async with serving(create_app(settings)) as address, rest(address) as api:
        alice, bob = await api.person(), await api.person()
        conversation_id = await api.conversation(alice, bob)
        calls = paths(api, alice, conversation_id)
        await warm(calls)
        async with online(address, alice) as socket:
            await asyncio.to_thread(cluster.stop)
            try:
                for _ in range(3):  # several requests, one outage: logged once
                    for name, call in calls.items():
                        if name != "search":  # a public feed may be answered from a cache
                            assert_unavailable(await call())

                ready = await api.http.get("/ready")
                assert ready.status_code == 503
                assert ready.json() == {
                    "status": "unavailable",
                    "checks": {"database": "down", "database_read": "down", "redis": "ok"},
                }

                send = {"conversation_id": conversation_id, "message_type": "text", "content": "anyone?"}
                await socket.send("message:send", send, ref="m1")
                error = await socket.expect("error", timeout=10)
                assert error["ref"] == "m1"
                assert error["data"]["code"] == "dependency_unavailable"
                assert error["data"]["retry_after"] >= 1
                await socket.send("heartbeat", ref="h1")  # the socket stays open
                assert (await socket.expect("pong"))["type"] == "pong"
                # a dozen failures, one outage: one warning, no traceback
                started = logged.matching("dependency.dependency_unavailable dependency=database")
                assert len(started) == 1, logged.lines
            finally:
                await asyncio.to_thread(cluster.start)

            await assert_recovered(calls)
            await socket.send("message:send", send, ref="m2")
            async with asyncio.timeout(10):
                while (answer := await socket.recv(timeout=10)).get("ref") != "m2":
                    pass
            assert answer["type"] == "ack", answer
            ready = await api.http.get("/ready")
            assert ready.status_code == 200, ready.text

    assert logged.matching("http.unhandled_error") == []
    assert logged.matching("ws.handler_failed") == []
    assert logged.matching("dependency.recovered dependency=database")
    assert not [line for line in logged.lines if "SELECT" in line or "postgresql://" in line]


def redis_paths(api: Rest, me: Person) -> dict[str, Call]:
    """One request per way a request uses Redis: rate limits (a failed login, an OTP
    sent), the category cache, and the realtime ticket store (which truly needs it)."""
    http = api.http
    login = {"login": "nobody_" + unique(), "password": "wrong password"}
    return {
        "login": lambda: http.post("/api/v1/auth/login", json=login),
        "otp_send": lambda: http.post(
            "/api/v1/auth/otp/send", json={"phone": "+14155550123", "purpose": "verify_phone"}
        ),
        "categories": lambda: http.get("/api/v1/categories"),
        "ticket": lambda: http.post("/api/v1/realtime/ticket", headers=me.auth),
    }


EXPECTED = {"login": 401, "otp_send": 202, "categories": 200, "ticket": 200}


@pytest.mark.postgres
@pytest.mark.redis
async def test_while_redis_is_down_only_what_needs_it_answers_503_and_nothing_500(
    cluster: OwnPostgres, settings: Settings, tmp_path: Path, logged: OutageLog
) -> None:
    with own_redis(tmp_path) as redis_server:
        with_redis = replace(settings, redis_url=redis_server.url, sms_outbox=tmp_path / "sms.log")
        async with serving(create_app(with_redis)) as address, rest(address) as api:
            alice = await api.person()
            calls = redis_paths(api, alice)
            for name, call in calls.items():
                assert (await call()).status_code == EXPECTED[name], name

            redis_server.stop()
            try:
                for _ in range(3):  # several requests, one outage: each detour logged once
                    # rate limits fall back to this process's buckets, the cache to the database
                    for name in ("login", "otp_send", "categories"):
                        answer = await calls[name]()
                        assert answer.status_code == EXPECTED[name], (name, answer.text)
                    assert_unavailable(await calls["ticket"]())  # a ticket every server must find
                categories = (await calls["categories"]()).json()
                assert categories, categories  # the tree, from the database
                me = await api.http.get("/api/v1/users/me", headers=alice.auth)  # needs no Redis
                assert me.status_code == 200
                ready = await api.http.get("/ready")
                assert ready.status_code == 503
                assert ready.json()["checks"] == {"database": "ok", "database_read": "ok", "redis": "down"}
                assert len(logged.matching("dependency.dependency_unavailable dependency=redis")) == 1, logged.lines
                assert len(logged.matching("redis.detour_started part=rate_limits")) == 1, logged.lines
                assert len(logged.matching("redis.detour_started part=category_cache")) == 1, logged.lines
            finally:
                redis_server.start()

            await asyncio.sleep(1.1)  # the detours try Redis again after a second
            for name, call in calls.items():
                for _ in range(3):
                    answer = await call()
                    assert answer.status_code == EXPECTED[name], (name, answer.text)
            assert (await api.http.get("/ready")).status_code == 200
            assert logged.matching("redis.detour_ended part=rate_limits")
            assert logged.matching("redis.detour_ended part=category_cache")
    assert logged.matching("http.unhandled_error") == []


@pytest.mark.postgres
@pytest.mark.redis
async def test_a_redis_restart_is_invisible_to_requests(
    cluster: OwnPostgres, settings: Settings, tmp_path: Path, logged: OutageLog
) -> None:
    """Every pooled connection is dead after a restart; the first request of each path on
    the process still answers as if nothing happened (one retry on a fresh connection)."""
    with own_redis(tmp_path) as redis_server:
        with_redis = replace(settings, redis_url=redis_server.url, sms_outbox=tmp_path / "sms.log")
        async with serving(create_app(with_redis)) as address, rest(address) as api:
            alice = await api.person()
            calls = redis_paths(api, alice)
            for name, call in calls.items():  # several pooled connections on each path
                answers = await asyncio.gather(*(call() for _ in range(4)))
                assert [a.status_code for a in answers] == [EXPECTED[name]] * 4, name

            redis_server.stop()
            redis_server.start()  # nothing asked Redis in between

            for name, call in calls.items():
                answers = await asyncio.gather(*(call() for _ in range(4)))
                assert [a.status_code for a in answers] == [EXPECTED[name]] * 4, (name, [a.text for a in answers])
    assert logged.matching("http.unhandled_error") == []
    assert logged.matching("redis.detour_started") == [], logged.lines


class ExhaustedPoolReader:
    """Profile reads failing the way a pool with no free connection fails them."""

    async def get(self, user_id: object) -> None:
        raise sqlalchemy.exc.TimeoutError("QueuePool limit of size 1 overflow 0 reached, connection timed out")

    async def counts(self, user_id: object) -> None:
        raise sqlalchemy.exc.TimeoutError("QueuePool limit of size 1 overflow 0 reached, connection timed out")

    async def own_account(self, user_id: object) -> None:
        await self.get(user_id)


class ExhaustedPoolProvider(Provider):
    @provide(scope=Scope.APP)
    def reader(self) -> UserReader:
        return ExhaustedPoolReader()  # type: ignore[return-value]


async def test_a_pool_with_no_free_connection_answers_busy_and_is_counted(sqlite_settings: Settings) -> None:
    settings = replace(sqlite_settings, rate_limit_scale=1000)
    async with AsyncTestClient(create_app(settings, ExhaustedPoolProvider())) as client:
        body = {
            "username": unique("busy"),
            "password": "correct horse",
            "display_name": "B",
            "email": f"{unique()}@x.io",
        }
        token = (await client.post("/api/v1/auth/register", json=body)).json()["tokens"]["access_token"]
        before = _busy_count((await client.get("/metrics")).text)
        answer = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 503, answer.text
        assert (answer.json()["code"], answer.headers["retry-after"], answer.json()["retry_after"]) == ("busy", "1", 1)
        assert "QueuePool" not in answer.text
        assert _busy_count((await client.get("/metrics")).text) == before + 1


def _busy_count(metrics: str) -> float:
    line = next((m for m in metrics.splitlines() if m.startswith('souk_busy_total{door="http"}')), None)
    return float(line.split()[-1]) if line else 0.0
