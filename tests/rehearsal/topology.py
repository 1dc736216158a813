"""The README's Production layout on one machine, each piece a real process started the way
the README says: PostgreSQL (a database of the rehearsal's own, made by ``souk migrate
--create``), a redis-server of its own, an S3-compatible server (moto), two ``souk serve``,
one ``souk worker``, nginx as the load balancer (``souk deploy nginx-balancer``) and
nginx-rtmp (``souk ingest nginx-config``)."""

from __future__ import annotations

import os
import secrets
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

from souk.adapters.nginx.rtmp_config import DEFAULT_MODULE
from tests.e2e.own_redis import own_redis
from tests.e2e.ws_support import free_port
from tests.media_support import create_public_bucket, moto_s3_server
from tests.services import PG_HOST, PG_PORT, PG_USER, _admin, run_blocking, unavailable

SOUK = [sys.executable, "-m", "souk"]
START_TIMEOUT_S = 150.0  # a loaded 2-core machine imports a server for ~20 s


@dataclass
class Topology:
    workdir: Path
    env: dict[str, str]
    balancer: str  # host:port clients use
    rtmp_port: int
    hls_port: int
    servers: list[str] = field(default_factory=list)  # host:port of each souk serve
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    def spawn(self, name: str, *command: str) -> subprocess.Popen[bytes]:
        with (self.workdir / f"{name}.log").open("wb") as out:
            process = subprocess.Popen(
                list(command), cwd=self.workdir, env=self.env, stdout=out, stderr=out, start_new_session=True
            )
        self.processes[name] = process
        return process

    def souk(self, *args: str) -> str:
        done = subprocess.run([*SOUK, *args], cwd=self.workdir, env=self.env, capture_output=True, timeout=240)
        assert done.returncode == 0, done.stderr.decode()[-3000:]
        return done.stdout.decode()

    def wait_healthy(self, name: str, address: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                if httpx.get(f"http://{address}/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            process = self.processes[name]
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{name} did not start:\n{self.log(name)[-3000:]}")
            time.sleep(0.3)

    def stop_all(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@contextmanager
def production(workdir: Path) -> Iterator[Topology]:
    if shutil.which("nginx") is None or not Path(DEFAULT_MODULE).exists():
        unavailable("nginx with libnginx-mod-rtmp", "nginx or ngx_rtmp_module.so is not installed")
    database = f"souk_rehearsal_{secrets.token_hex(4)}"
    with ExitStack() as stack:
        redis = stack.enter_context(own_redis(workdir))
        s3 = stack.enter_context(moto_s3_server())
        bucket = f"souk-media-{secrets.token_hex(4)}"
        create_public_bucket(s3, bucket)
        balancer_port, rtmp_port, hls_port = free_port(), free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SOUK_")}
        env.update(
            # the README's Production variables
            SOUK_DATABASE_URL=f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}",
            SOUK_REDIS_URL=redis.url,
            SOUK_JWT_SECRET=secrets.token_urlsafe(48),
            SOUK_INGEST_SECRET=secrets.token_urlsafe(24),
            SOUK_TRUSTED_PROXIES="127.0.0.1",  # the balancer
            SOUK_S3_BUCKET=bucket,
            SOUK_S3_ENDPOINT_URL=s3,
            SOUK_S3_REGION="us-east-1",
            SOUK_S3_ACCESS_KEY_ID="k",
            SOUK_S3_SECRET_ACCESS_KEY="s",
            SOUK_S3_PATH_STYLE="true",
            SOUK_RTMP_URL=f"rtmp://127.0.0.1:{rtmp_port}/live",
            SOUK_HLS_BASE_URL=f"http://127.0.0.1:{hls_port}/hls",
            SOUK_DATA_DIR=str(workdir / "data"),  # HLS and recordings: on the ingest host
            # the rehearsal's own: cheap hashing, one client address for every account
            SOUK_ARGON2_MEMORY_KIB="1024",
            SOUK_ARGON2_TIME_COST="1",
            SOUK_RATE_LIMIT_SCALE="1000",
            SOUK_LOG_FORMAT="json",
            SOUK_FFMPEG_THREADS="1",
            SOUK_DEBUG_POOL_GUARD="1",
        )
        topology = Topology(workdir, env, f"127.0.0.1:{balancer_port}", rtmp_port, hls_port)
        stack.callback(lambda: run_blocking(_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')))
        stack.callback(topology.stop_all)

        migrated = topology.souk("migrate", "--create")
        assert "database created" in migrated, migrated

        for index in (1, 2):
            port = free_port()
            topology.spawn(f"server-{index}", *SOUK, "serve", "--host", "127.0.0.1", "--port", str(port))
            topology.servers.append(f"127.0.0.1:{port}")
        topology.spawn("worker", *SOUK, "worker")

        servers = [arg for address in topology.servers for arg in ("--server", address)]
        balancer_conf = workdir / "souk-balancer.conf"
        balancer_conf.write_text(
            topology.souk(
                "deploy", "nginx-balancer", *servers, "--listen", topology.balancer, "--run-dir", str(workdir / "lb")
            )
        )
        (workdir / "lb").mkdir()
        topology.spawn("balancer", "nginx", "-c", str(balancer_conf), "-p", str(workdir), "-g", "daemon off;")

        # the RTMP server's hooks reach Souk through the balancer
        rtmp_conf = workdir / "souk-rtmp.conf"
        rtmp_conf.write_text(
            topology.souk("ingest", "nginx-config", "--host", "127.0.0.1", "--port", str(balancer_port))
        )
        topology.spawn("rtmp", "nginx", "-c", str(rtmp_conf), "-p", str(workdir), "-g", "daemon off;")

        for index, address in enumerate(topology.servers, 1):
            topology.wait_healthy(f"server-{index}", address)
        topology.wait_healthy("balancer", topology.balancer)
        assert topology.processes["worker"].poll() is None, topology.log("worker")[-3000:]
        yield topology
