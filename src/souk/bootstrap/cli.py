"""The ``souk`` console script: the CLI entry point wired to this composition root."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from dishka import AsyncContainer

from souk.bootstrap.config_report import effective_lines, log_unknown_names, markdown_table
from souk.bootstrap.container import build_container
from souk.bootstrap.logging import configure_logging
from souk.bootstrap.metrics_dir import multiprocess_metrics
from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import Settings, SettingsError
from souk.entrypoints.cli.main import cli
from souk.entrypoints.http.keep_alive import SERVER_IDLE_S
from souk.entrypoints.ws.frames import MAX_MESSAGE_BYTES


class BootstrapRuntime:
    def __init__(self) -> None:
        self.settings = Settings.from_env().with_jwt_secret()
        configure_logging(self.settings.log_format, self.settings.log_level)
        log_unknown_names(os.environ)

    def config_lines(self, markdown: bool) -> list[str]:
        if markdown:
            return [markdown_table()]
        return effective_lines(self.settings, os.environ)

    @asynccontextmanager
    async def container(self) -> AsyncIterator[AsyncContainer]:
        if self.settings.auto_migrate:
            await self.migrate()
        container = build_container(self.settings)
        try:
            yield container
        finally:
            await container.close()

    async def migrate(self, *, create: bool = False) -> bool:
        return await migrate(self.settings, create=create)

    def serve(self, host: str, port: int, workers: int) -> None:
        import uvicorn

        if self.settings.auto_migrate:
            asyncio.run(self.migrate())
        # Outside a request (jobs, background loops) absolute URLs use the address served on;
        # the app is built from the environment in each worker process.
        os.environ["SOUK_LISTEN_URL"] = listen_url(host, port)
        with multiprocess_metrics(workers):
            self._run_uvicorn(uvicorn, host, port, workers)

    def _run_uvicorn(self, uvicorn: Any, host: str, port: int, workers: int) -> None:
        uvicorn.run(
            "souk.bootstrap.http_app:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            # With --workers N the supervisor pings each worker and kills one that does not
            # answer in time; its default (5 s) killed workers still importing on a busy host.
            timeout_worker_healthcheck=self.settings.worker_boot_timeout_s,
            loop="uvloop",
            http="httptools",
            access_log=False,
            log_config=None,
            # outlives the balancer's (and a client's) idle upstream connections: see keep_alive.py
            timeout_keep_alive=SERVER_IDLE_S,
            # The client address and the address it called are SOUK_TRUSTED_PROXIES' business
            # alone (entrypoints/http/forwarded.py, one rule in client_ip.py). uvicorn would
            # otherwise believe X-Forwarded-For from 127.0.0.1 and let anyone on the host
            # rotate it past every per-IP limit, and it would rewrite the peer before our
            # middleware could tell a trusted proxy's X-Forwarded-Host from a client's.
            proxy_headers=False,
            # frames over 64 KiB get a frame_too_large error and the socket lives on (API.md);
            # only beyond 1 MiB does uvicorn close with 1009
            ws_max_size=MAX_MESSAGE_BYTES,
            # per-socket compression would re-encode every fan-out frame for every viewer and
            # keep a zlib context per socket; declined, frames go out framed once (README)
            ws_per_message_deflate=False,
        )

    def work(self, concurrency: int | None) -> None:
        from souk.bootstrap.worker import run_worker

        asyncio.run(run_worker(self.settings, concurrency))


def listen_url(host: str, port: int) -> str:
    """``http://host:port`` as a client on this host reaches it (any-address binds: loopback)."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(host, host)  # noqa: S104
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def main() -> None:
    try:
        runtime = BootstrapRuntime()
    except SettingsError as exc:
        # one line per bad variable, no traceback: the operator's fix is in the line
        for line in str(exc).splitlines():
            print(f"souk: configuration error: {line}", file=sys.stderr)
        raise SystemExit(2) from None
    cli(obj=runtime)
