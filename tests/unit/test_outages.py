"""Which failures are outages, how each door answers them, and that an outage is logged
once rather than once per request."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import asyncpg
import pytest
import redis.exceptions
import sqlalchemy.exc
from prometheus_client import REGISTRY

from souk.adapters.system.outages import classify
from souk.application.system.outage import BUSY, DATABASE, DEPENDENCY_UNAVAILABLE, REDIS, Outage
from souk.application.system.outages import Outages
from souk.bootstrap.background import MAX_BACKOFF_S, Periodic
from souk.entrypoints.http.errors import from_unexpected
from souk.entrypoints.http.metrics import count_outage


def raised_in(module: str, exc: BaseException) -> BaseException:
    """``exc`` as if raised by code of ``module`` (what a bare OSError carries)."""
    namespace: dict[str, Any] = {"__name__": module}
    exec("def fail(exc):\n    raise exc\n", namespace)  # noqa: S102  (a function whose frame belongs to ``module``)
    try:
        namespace["fail"](exc)
    except BaseException as caught:
        return caught
    raise AssertionError("unreachable")


def wrapped(inner: BaseException, outer: BaseException) -> BaseException:
    try:
        try:
            raise inner
        except BaseException as first:
            raise outer from first
    except BaseException as caught:
        return caught


def dbapi_error(orig: BaseException, *, invalidated: bool = False) -> sqlalchemy.exc.DBAPIError:
    return sqlalchemy.exc.DBAPIError("SELECT secret FROM t", {"p": "hunter2"}, orig, connection_invalidated=invalidated)  # type: ignore[arg-type]


CASES: list[tuple[str, Callable[[], BaseException], tuple[str, str] | None]] = [
    ("pool checkout timed out", lambda: sqlalchemy.exc.TimeoutError("QueuePool limit of size 20"), (BUSY, DATABASE)),
    (
        "sqlite locked",
        lambda: sqlalchemy.exc.OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked")),
        (BUSY, DATABASE),
    ),
    ("invalidated", lambda: dbapi_error(RuntimeError("x"), invalidated=True), (DEPENDENCY_UNAVAILABLE, DATABASE)),
    (
        "asyncpg closed under a wrapper",
        lambda: wrapped(asyncpg.exceptions.InterfaceError("connection is closed"), RuntimeError("boom")),
        (DEPENDENCY_UNAVAILABLE, DATABASE),
    ),
    (
        "lost mid-statement",
        lambda: asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        (DEPENDENCY_UNAVAILABLE, DATABASE),
    ),
    ("starting up", lambda: asyncpg.exceptions.CannotConnectNowError("starting"), (DEPENDENCY_UNAVAILABLE, DATABASE)),
    ("admin shutdown", lambda: asyncpg.exceptions.AdminShutdownError("bye"), (DEPENDENCY_UNAVAILABLE, DATABASE)),
    (
        "refused while connecting (context chain)",
        lambda: wrapped(asyncpg.exceptions.AdminShutdownError("bye"), dbapi_error(RuntimeError("the system"))),
        (DEPENDENCY_UNAVAILABLE, DATABASE),
    ),
    (
        "refused by the database's connect code",
        lambda: raised_in("asyncpg.connect_utils", ConnectionRefusedError(111, "refused")),
        (DEPENDENCY_UNAVAILABLE, DATABASE),
    ),
    ("redis refused", lambda: redis.exceptions.ConnectionError("Error 111"), (DEPENDENCY_UNAVAILABLE, REDIS)),
    ("redis timeout", lambda: redis.exceptions.TimeoutError("Timeout reading"), (DEPENDENCY_UNAVAILABLE, REDIS)),
    (
        "refused by the redis client's code",
        lambda: raised_in("redis.asyncio.connection", ConnectionRefusedError(111, "refused")),
        (DEPENDENCY_UNAVAILABLE, REDIS),
    ),
    ("a bug", lambda: ValueError("nope"), None),
    ("a constraint", lambda: sqlalchemy.exc.IntegrityError("INSERT", {}, Exception("dup")), None),
    ("asyncpg misuse", lambda: asyncpg.exceptions.InterfaceError("another operation is in progress"), None),
    ("a refused connection nobody can place", lambda: raised_in("souk.adapters.push", ConnectionRefusedError()), None),
    ("redis answering an error", lambda: redis.exceptions.ResponseError("WRONGTYPE"), None),
]


@pytest.mark.parametrize(("exc", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_the_classifier_names_the_outage_behind_an_error(
    exc: Callable[[], BaseException], expected: tuple[str, str] | None
) -> None:
    found = classify(exc())
    assert (None if found is None else (found.code, found.dependency)) == expected


def test_an_outage_carries_the_error_type_only_never_its_text() -> None:
    found = classify(dbapi_error(RuntimeError("password=hunter2"), invalidated=True))
    assert found is not None
    assert found.reason == "DBAPIError"
    assert "hunter2" not in found.detail
    assert "SELECT" not in found.detail


def test_retry_after_is_short_for_busy_and_a_few_seconds_for_an_outage() -> None:
    assert Outage(BUSY, DATABASE, "x").retry_after_s == 1
    assert 2 <= Outage(DEPENDENCY_UNAVAILABLE, DATABASE, "x").retry_after_s <= 5


# --- logging once per outage ------------------------------------------------------------


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def records() -> Iterator[Records]:
    handler = Records()
    logger = logging.getLogger("souk.outages")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_outage_is_logged_once_when_it_starts_and_once_when_it_ends(records: Records) -> None:
    seen: list[tuple[Outage, str]] = []
    clock = FakeTime()
    outages = Outages(classify, lambda outage, door: seen.append((outage, door)), quiet_s=60, now=clock)
    for _ in range(50):
        clock.now += 0.1
        assert outages.recognise(redis.exceptions.ConnectionError("Error 111 connecting"), "http") is not None
    assert len(seen) == 50  # every failure counted
    assert records.messages == ["dependency.dependency_unavailable dependency=redis error=ConnectionError door=http"]
    assert outages.is_open(REDIS)
    clock.now += 2
    outages.succeeded(REDIS)
    outages.succeeded(REDIS)  # nothing open any more: silent
    assert records.messages[1:] == ["dependency.recovered dependency=redis after_s=6.9 failures=50"]
    assert not outages.is_open(REDIS)
    outages.recognise(redis.exceptions.ConnectionError("again"), "ws")  # a new outage
    assert len(records.messages) == 3


def test_without_a_reported_recovery_a_failure_after_a_quiet_spell_is_logged_as_a_new_outage(
    records: Records,
) -> None:
    clock = FakeTime()
    outages = Outages(classify, quiet_s=60, now=clock)
    error = asyncpg.exceptions.CannotConnectNowError("starting")
    outages.recognise(error, "http")
    clock.now += 59
    outages.recognise(error, "http")
    assert len(records.messages) == 1
    clock.now += 61
    outages.recognise(error, "http")
    assert len(records.messages) == 2


def test_other_errors_are_not_outages_and_are_not_logged_here(records: Records) -> None:
    outages = Outages(classify)
    assert outages.recognise(KeyError("x"), "http") is None
    assert records.messages == []


def test_outages_are_counted_by_dependency_code_and_door() -> None:
    def value(name: str, **labels: str) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    before = value("souk_dependency_errors_total", dependency="database", code="busy", door="unit")
    busy_before = value("souk_busy_total", door="unit")
    count_outage(Outage(BUSY, DATABASE, "TimeoutError"), "unit")
    count_outage(Outage(DEPENDENCY_UNAVAILABLE, DATABASE, "InterfaceError"), "unit")
    assert value("souk_dependency_errors_total", dependency="database", code="busy", door="unit") == before + 1
    assert value("souk_busy_total", door="unit") == busy_before + 1


# --- the REST translation -------------------------------------------------------------------


def test_rest_answers_an_outage_with_503_and_retry_after_and_a_bug_with_500() -> None:
    outages = Outages(classify)
    down = from_unexpected(wrapped(asyncpg.exceptions.InterfaceError("connection is closed"), RuntimeError()), outages)
    assert down.status_code == 503
    assert down.headers == {"Retry-After": str(down.extra["retry_after"])}  # type: ignore[index]
    assert down.extra["code"] == "dependency_unavailable"  # type: ignore[index]
    busy = from_unexpected(sqlalchemy.exc.TimeoutError("QueuePool limit"), outages)
    assert (busy.status_code, busy.extra["code"], busy.headers) == (503, "busy", {"Retry-After": "1"})  # type: ignore[index]
    bug = from_unexpected(ValueError("x"), outages)
    assert (bug.status_code, bug.extra["code"]) == (500, "internal_error")  # type: ignore[index]


# --- background loops -----------------------------------------------------------------------


async def test_a_background_loop_backs_off_during_an_outage_logs_it_once_and_reports_recovery(
    records: Records, caplog: pytest.LogCaptureFixture
) -> None:
    failures = [redis.exceptions.ConnectionError("Error 111")] * 4

    async def work() -> None:
        if failures:
            raise failures.pop()

    loop = Periodic("unit-loop", 0.5, work, proves=(REDIS,))
    loop.watch(Outages(classify))
    delays = [0.5]
    with caplog.at_level(logging.WARNING, logger="souk.background"):
        for _ in range(5):
            delays.append(await loop._round(delays[-1]))
    assert delays == [0.5, 1.0, 2.0, 4.0, MAX_BACKOFF_S, 0.5]
    assert [m for m in records.messages if m.startswith("dependency.")] == [
        "dependency.dependency_unavailable dependency=redis error=ConnectionError door=unit-loop",
        "dependency.recovered dependency=redis after_s=" + records.messages[-1].split("after_s=")[1],
    ]
    assert "background.failed" not in caplog.text  # no traceback per round


async def test_a_background_loop_still_logs_a_bug_with_its_traceback(caplog: pytest.LogCaptureFixture) -> None:
    async def work() -> None:
        raise ValueError("a bug")

    loop = Periodic("unit-loop", 2.0, work)
    loop.watch(Outages(classify))
    with caplog.at_level(logging.WARNING, logger="souk.background"):
        assert await loop._round(2.0) == 2.0
    assert "background.failed task=unit-loop" in caplog.text
