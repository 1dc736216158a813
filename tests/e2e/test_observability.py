"""What an operator watches: ``/metrics`` under ``souk serve --workers 2`` adds up both
worker processes (Prometheus multiprocess mode), with WebSocket, job, outbox and pool
metrics; ``/ready`` checks every configured dependency (S3 too); ``souk worker`` answers
``/health``, ``/ready`` and ``/metrics`` on its own port."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.e2e.realtime_support import online, rest
from tests.e2e.test_real_server import clean_env, running_server
from tests.e2e.ws_support import free_port
from tests.media_support import create_public_bucket
from tests.support import unique

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


HEALTH_OK = {"method": "GET", "route": "/health", "status": "200"}


def sample(metrics: str, name: str, **labels: str) -> float | None:
    """The value of one sample of ``name`` with exactly these labels (None if absent)."""
    for line in metrics.splitlines():
        if line.startswith("#"):
            continue
        match = re.fullmatch(r"([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)", line)
        if match is None or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(2) or ""))
        if found == labels:
            return float(match.group(3))
    return None


@contextmanager
def slow_booting_server(cwd: Path, env: dict[str, str], *args: str) -> Iterator[str]:
    """``souk serve`` given the time two worker processes take to boot on a loaded 2-core
    machine (a minute, at worst, was seen)."""
    port = free_port()
    log = cwd / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "souk", "serve", "--port", str(port), *args],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=out,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 150
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)


def served_env(postgres_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    return clean_env(
        SOUK_DATABASE_URL=postgres_url,  # migrated by the postgres_settings fixture
        SOUK_REDIS_URL=redis_url,
        SOUK_JWT_SECRET="observability-" + "s" * 40,
        SOUK_RATE_LIMIT_SCALE="1000",
        **extra,
    )


@pytest.mark.slow
async def test_metrics_under_two_workers_add_up_both_processes(
    postgres_url: str, redis_url: str, postgres_settings: object, tmp_path: Path
) -> None:
    env = served_env(postgres_url, redis_url)
    with slow_booting_server(tmp_path, env, "--workers", "2") as base:
        address = base.removeprefix("http://")
        booted = sample(httpx.get(f"{base}/metrics").text, "souk_http_requests_total", **HEALTH_OK) or 0.0
        for _ in range(40):  # a new connection each: the kernel spreads them over both workers
            async with httpx.AsyncClient(base_url=base) as client:
                assert (await client.get("/health")).status_code == 200
        async with rest(address) as api:
            alice = await api.person()
            async with online(address, alice) as phone:
                await phone.send("heartbeat", ref="h")
                await phone.expect("pong")
                deadline = time.monotonic() + 15
                while (
                    True
                ):  # the pool and outbox gauges are sampled every 5 s (the unlabelled lag gauge shows 0 at once)
                    metrics = (await api.http.get("/metrics")).text
                    if sample(metrics, "souk_db_pool_size", engine="write") is not None or time.monotonic() > deadline:
                        break
                    await asyncio.sleep(0.5)
                scrapes = [(await api.http.get("/metrics")).text for _ in range(6)]
        health = {(sample(m, "souk_http_requests_total", **HEALTH_OK) or 0.0) - booted for m in scrapes}
        print(f"\nMETRICS --workers 2: /health counted {health}; processes {sample(metrics, 'souk_processes')}")

    assert sample(metrics, "souk_processes") == 2.0, "both worker processes report"
    assert health == {40.0}, "every scrape, whichever worker answers it, counts all 40 requests"
    assert sample(metrics, "souk_ws_connections") == 1.0
    assert (sample(metrics, "souk_ws_frames_received_total", type="heartbeat") or 0) >= 1
    assert (sample(metrics, "souk_ws_frames_sent_total", type="connected") or 0) >= 1
    assert (sample(metrics, "souk_ws_frames_sent_total", type="pong") or 0) >= 1
    assert sample(metrics, "souk_outbox_lag_seconds") is not None
    assert sample(metrics, "souk_db_pool_size", engine="write") is not None
    assert sample(metrics, "souk_db_pool_connections", engine="write", state="idle") is not None
    assert sample(metrics, "souk_redis_pool_connections", state="in_use") is not None
    assert sample(metrics, "souk_job_queue_depth") is not None


async def test_ready_checks_the_s3_bucket(
    postgres_url: str, redis_url: str, postgres_settings: object, s3_endpoint: str, tmp_path: Path
) -> None:
    bucket = unique("ready").replace("_", "-").lower()
    create_public_bucket(s3_endpoint, bucket)
    s3 = {
        "SOUK_S3_ENDPOINT_URL": s3_endpoint,
        "SOUK_S3_REGION": "us-east-1",
        "SOUK_S3_ACCESS_KEY_ID": "k",
        "SOUK_S3_SECRET_ACCESS_KEY": "s",
        "SOUK_S3_PATH_STYLE": "true",
    }
    with running_server(tmp_path, served_env(postgres_url, redis_url, SOUK_S3_BUCKET=bucket, **s3)) as base:
        ready = httpx.get(f"{base}/ready")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {"database": "ok", "database_read": "ok", "redis": "ok", "storage": "ok"}
    missing = served_env(postgres_url, redis_url, SOUK_S3_BUCKET=bucket + "-gone", **s3)
    with running_server(tmp_path, missing) as base:
        ready = httpx.get(f"{base}/ready")
        assert ready.status_code == 503, ready.text
        assert ready.json()["checks"]["storage"] == "down"
        assert "gone" not in ready.text.replace(bucket + "-gone", "")


async def test_the_worker_answers_health_ready_and_metrics_on_its_own_port(
    postgres_url: str, redis_url: str, postgres_settings: object, tmp_path: Path
) -> None:
    port = free_port()
    env = served_env(postgres_url, redis_url, SOUK_WORKER_HEALTH_PORT=str(port))
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "souk", "worker"], cwd=tmp_path, env=env, stdout=out, stderr=out
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.TransportError:
                assert worker.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert health.json() == {"status": "ok"}
        ready = httpx.get(f"{base}/ready")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {"database": "ok", "database_read": "ok", "redis": "ok", "ffmpeg": "ok"}
        deadline = time.monotonic() + 15
        while sample(metrics := httpx.get(f"{base}/metrics").text, "souk_job_queue_depth") is None:
            assert time.monotonic() < deadline, metrics
            time.sleep(0.5)
        assert sample(metrics, "souk_processes") == 1.0
        assert worker.poll() is None
    finally:
        worker.terminate()
        assert worker.wait(timeout=30) == 0, log.read_text()[-3000:]
