"""A whole deployment of the fault suite's own: a PostgreSQL cluster and a redis-server that
only this suite uses (so they can be restarted and stopped), ``souk migrate``, two
``souk serve`` processes and ``souk worker`` processes, each a real process to ``kill -9``."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.e2e.own_redis import own_redis
from tests.e2e.ws_support import free_port
from tests.own_postgres import OwnPostgres, own_postgres
from tests.services import unavailable

SOUK = [sys.executable, "-m", "souk"]
START_TIMEOUT_S = 60.0  # generous: a loaded 2-core CI machine


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    address: str = ""  # host:port of a server

    @property
    def pid(self) -> int:
        return self.popen.pid

    def kill(self) -> None:
        """``kill -9`` of the process and whatever it started (its own process group)."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Deployment:
    workdir: Path
    postgres: OwnPostgres
    env: dict[str, str]
    servers: list[Process] = field(default_factory=list)
    workers: list[Process] = field(default_factory=list)

    @property
    def ffmpeg_calls(self) -> Path:
        """One line per ffmpeg run by a worker: the pid of the worker that ran it."""
        return self.workdir / "ffmpeg-calls"

    @property
    def ffmpeg_hold(self) -> Path:
        """While this file exists, every transcode waits before it starts: a long job."""
        return self.workdir / "ffmpeg-hold"

    def start_server(self) -> Process:
        port = free_port()
        server = self._spawn(f"server-{port}", "serve", "--port", str(port))
        server.address = f"127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                if httpx.get(f"http://{server.address}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.popen.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{server.name} did not start:\n{server.log.read_text()[-3000:]}")
            time.sleep(0.2)
        self.servers.append(server)
        return server

    def start_worker(self) -> Process:
        worker = self._spawn(f"worker-{len(self.workers) + 1}", "worker")
        time.sleep(0.5)
        if worker.popen.poll() is not None:
            raise AssertionError(f"{worker.name} did not start:\n{worker.log.read_text()[-3000:]}")
        self.workers.append(worker)
        return worker

    def live_servers(self) -> list[Process]:
        return [s for s in self.servers if s.popen.poll() is None]

    def live_workers(self) -> list[Process]:
        return [w for w in self.workers if w.popen.poll() is None]

    def error_lines(self, limit: int = 5) -> list[str]:
        """The servers' and workers' logged errors (to show why a test failed)."""
        found = []
        for process in [*self.servers, *self.workers]:
            lines = process.log.read_text(errors="replace").splitlines() if process.log.exists() else []
            found += [
                f"{process.name}: {line[:4000]}" for line in lines if '"level": "error"' in line or "Traceback" in line
            ]
        return found[:limit]

    def stop_all(self) -> None:
        for process in [*self.servers, *self.workers]:
            process.stop()

    def _spawn(self, name: str, *args: str) -> Process:
        log = self.workdir / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                [*SOUK, *args], cwd=self.workdir, env=self.env, stdout=out, stderr=out, start_new_session=True
            )
        return Process(name, popen, log)


def _holding_ffmpeg(workdir: Path) -> Path:
    """An ffmpeg that notes which worker ran it and waits while the hold file exists,
    then runs the real one: a video job as long as the test needs, in a real worker."""
    real = shutil.which("ffmpeg") or unavailable("ffmpeg", "not on PATH")
    script = workdir / "bin" / "ffmpeg"
    script.parent.mkdir()
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$PPID" >> "{workdir / "ffmpeg-calls"}"\n'
        f'while [ -e "{workdir / "ffmpeg-hold"}" ]; do sleep 0.1; done\n'
        f'exec "{real}" "$@"\n'
    )
    script.chmod(0o755)
    return script


@contextmanager
def deployment(workdir: Path) -> Iterator[Deployment]:
    """Own PostgreSQL and Redis, migrated; servers and workers are started by the caller."""
    with ExitStack() as stack:
        postgres = stack.enter_context(own_postgres(workdir))
        redis = stack.enter_context(own_redis(workdir))
        env = {k: v for k, v in os.environ.items() if not k.startswith("SOUK_")}
        env.update(
            SOUK_DATABASE_URL=postgres.create_database("souk"),
            SOUK_REDIS_URL=redis.url,
            SOUK_DATA_DIR=str(workdir / "data"),  # shared by servers and workers: local media storage
            SOUK_JWT_SECRET="fault-suite-" + "s" * 40,
            SOUK_RATE_LIMIT_SCALE="1000",
            SOUK_ARGON2_MEMORY_KIB="1024",
            SOUK_ARGON2_TIME_COST="1",
            SOUK_LOG_FORMAT="json",
            SOUK_ACCESS_LOG="false",
            SOUK_FFMPEG=str(_holding_ffmpeg(workdir)),
            SOUK_FFPROBE=shutil.which("ffprobe") or unavailable("ffprobe", "not on PATH"),
            SOUK_FFMPEG_THREADS="1",
        )
        migrated = subprocess.run([*SOUK, "migrate"], cwd=workdir, env=env, capture_output=True, timeout=180)
        assert migrated.returncode == 0, migrated.stderr.decode()[-3000:]
        running = Deployment(workdir, postgres, env)
        stack.callback(running.stop_all)
        yield running
