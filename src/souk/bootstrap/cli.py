"""The ``souk`` console script: the CLI entry point wired to this composition root."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from dishka import AsyncContainer

from souk.bootstrap.container import build_container
from souk.bootstrap.logging import configure_logging
from souk.bootstrap.metrics_dir import multiprocess_metrics
from souk.bootstrap.migrations import migrate
from souk.bootstrap.settings import IpNetwork, Settings
from souk.entrypoints.cli.main import cli
from souk.entrypoints.ws.frames import MAX_MESSAGE_BYTES


class BootstrapRuntime:
    def __init__(self) -> None:
        self.settings = Settings.from_env().with_jwt_secret()
        configure_logging(self.settings.log_format, self.settings.log_level)

    @asynccontextmanager
    async def container(self) -> AsyncIterator[AsyncContainer]:
        if self.settings.auto_migrate:
            await self.migrate()
        container = build_container(self.settings)
        try:
            yield container
        finally:
            await container.close()

    async def migrate(self) -> None:
        await migrate(self.settings)

    def serve(self, host: str, port: int, workers: int) -> None:
        import uvicorn

        if self.settings.auto_migrate:
            asyncio.run(self.migrate())
        with multiprocess_metrics(workers):
            self._run_uvicorn(uvicorn, host, port, workers)

    def _run_uvicorn(self, uvicorn: Any, host: str, port: int, workers: int) -> None:
        uvicorn.run(
            "souk.bootstrap.http_app:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            loop="uvloop",
            http="httptools",
            access_log=False,
            log_config=None,
            # The client address is SOUK_TRUSTED_PROXIES' business alone (entrypoints/http/
            # client_ip.py). uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1 and
            # let anyone on the host rotate it past every per-IP limit. With proxies configured
            # it resolves the same right-most untrusted hop, so its logs agree with our limits.
            **proxy_options(self.settings.trusted_proxies),
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


def proxy_options(trusted: tuple[IpNetwork, ...]) -> dict[str, Any]:
    if not trusted:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": [str(network) for network in trusted]}


def main() -> None:
    cli(obj=BootstrapRuntime())
