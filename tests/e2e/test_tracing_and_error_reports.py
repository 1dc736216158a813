"""OpenTelemetry traces reach an OTLP/HTTP receiver when ``OTEL_EXPORTER_OTLP_ENDPOINT`` is
set (HTTP, SQL and Redis spans from a real ``souk serve``), and an unhandled error reaches
Sentry when ``SOUK_SENTRY_DSN`` is set, with no token or secret in what is sent. Both
receivers are small HTTP servers the tests start on 127.0.0.1."""

from __future__ import annotations

import gzip
import json
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from dishka import Provider, Scope, provide
from litestar.testing import AsyncTestClient

from souk.application.ports.user_reader import UserReader
from souk.bootstrap import error_reporting
from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.test_observability import slow_booting_server
from tests.e2e.test_real_server import clean_env
from tests.support import unique


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    posts: list[Received] = field(default_factory=list)

    def wait_for(self, path_part: str, timeout_s: float = 20.0) -> list[Received]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = [p for p in self.posts if path_part in p.path]
            if found:
                return found
            time.sleep(0.1)
        return []


@contextmanager
def receiver() -> Iterator[Receiver]:
    """Records every POST (body decompressed) and answers 200."""
    server: ThreadingHTTPServer
    record = Receiver("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            encoding = (self.headers.get("content-encoding") or "").lower()
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "deflate":
                body = zlib.decompress(body)
            elif encoding == "br":
                import brotli  # type: ignore[import-not-found]

                body = brotli.decompress(body)
            record.posts.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    record.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()


def spans_of(posts: list[Received]) -> list[tuple[str, dict[str, Any]]]:
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    found = []
    for post in posts:
        request = ExportTraceServiceRequest()
        request.ParseFromString(post.body)
        for resource_spans in request.resource_spans:
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    attributes = {a.key: a.value.string_value or a.value.int_value for a in span.attributes}
                    found.append((span.name, attributes))
    return found


@pytest.mark.postgres
@pytest.mark.redis
def test_traces_of_http_sql_and_redis_reach_the_otlp_receiver(
    postgres_url: str, redis_url: str, postgres_settings: object, tmp_path: Path
) -> None:
    with receiver() as otlp:
        env = clean_env(
            SOUK_DATABASE_URL=postgres_url,
            SOUK_REDIS_URL=redis_url,
            SOUK_JWT_SECRET="tracing-" + "s" * 40,
            SOUK_RATE_LIMIT_SCALE="1000",
            OTEL_EXPORTER_OTLP_ENDPOINT=otlp.url,
            OTEL_BSP_SCHEDULE_DELAY="200",
            OTEL_SERVICE_NAME="souk-under-test",
        )
        with slow_booting_server(tmp_path, env) as base:
            body = {"username": unique("tr"), "password": "plum kettle orbit saffron", "display_name": "T"}
            body["email"] = f"{unique()}@x.io"
            assert httpx.post(f"{base}/api/v1/auth/register", json=body).status_code == 201
            assert httpx.get(f"{base}/api/v1/categories").status_code == 200
            deadline = time.monotonic() + 20
            while True:
                spans = spans_of(otlp.wait_for("/v1/traces"))
                names = {name for name, _ in spans}
                systems = {attrs.get("db.system") or attrs.get("db.system.name") for _, attrs in spans}
                if {"postgresql", "redis"} <= systems and any("register" in n for n in names):
                    break
                assert time.monotonic() < deadline, (names, systems)
                time.sleep(0.3)
    assert all(p.headers["content-type"] == "application/x-protobuf" for p in otlp.posts)
    print(f"\nOTLP: {len(otlp.posts)} exports, {len(spans)} spans, e.g. {sorted(names)[:6]}")


class ExplodingReader:
    """A bug deep in a read, whose message carries secrets as a careless library might."""

    async def get(self, user_id: object) -> None:
        raise RuntimeError(
            "lookup failed: Authorization: Bearer eyJhbGciOi.leaked.signature "
            "url=/ws?ticket=tkt-leaked-123&secret=ingest-leaked-456"
        )

    async def counts(self, user_id: object) -> None:
        raise RuntimeError("unreachable")

    async def own_account(self, user_id: object) -> None:
        await self.get(user_id)


class ExplodingProvider(Provider):
    @provide(scope=Scope.APP)
    def reader(self) -> UserReader:
        return ExplodingReader()  # type: ignore[return-value]


async def test_an_unhandled_error_reaches_sentry_without_secrets(sqlite_settings: Settings) -> None:
    import sentry_sdk

    with receiver() as sentry:
        dsn = f"http://publickey@{sentry.url.removeprefix('http://')}/42"
        settings = replace(sqlite_settings, rate_limit_scale=1000, sentry_dsn=dsn, sentry_environment="test")
        try:
            async with AsyncTestClient(create_app(settings, ExplodingProvider())) as client:
                body = {
                    "username": unique("boom"),
                    "password": "correct horse battery",
                    "display_name": "B",
                    "email": f"{unique()}@x.io",
                }
                token = (await client.post("/api/v1/auth/register", json=body)).json()["tokens"]["access_token"]
                answer = await client.get(
                    "/api/v1/users/me?token=query-leaked-789", headers={"Authorization": f"Bearer {token}"}
                )
                assert answer.status_code == 500
                assert answer.json()["code"] == "internal_error"
                sentry_sdk.flush(10)
            envelopes = sentry.wait_for("/api/42/envelope/")
        finally:
            sentry_sdk.get_client().close()
            error_reporting._configured_dsn = None
    assert envelopes, "no event reached the receiver"
    raw = b"\n".join(e.body for e in envelopes).decode(errors="replace")
    events = [json.loads(line) for e in envelopes for line in e.body.splitlines()[2::2] if line.startswith(b"{")]
    exceptions = [v for ev in events for v in ev.get("exception", {}).get("values", [])]
    assert any(v["type"] == "RuntimeError" for v in exceptions), raw[:2000]
    for secret in (token, "leaked.signature", "tkt-leaked-123", "ingest-leaked-456", "query-leaked-789"):
        assert secret not in raw, f"{secret} reached Sentry"
    assert "[redacted]" in raw
