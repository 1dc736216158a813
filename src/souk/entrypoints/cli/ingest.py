"""``souk ingest nginx-config``: print the nginx-rtmp configuration for these settings."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from souk.application.ports.ingest_server_config import IngestServerConfig
from souk.application.streams.config import LiveConfig


@click.group("ingest")
def ingest() -> None:
    """The RTMP ingest server (nginx with the RTMP module)."""


@ingest.command("nginx-config")
@click.option(
    "--run-dir", type=click.Path(path_type=Path), default=None, help="pid file and logs [$SOUK_DATA_DIR/live/nginx]"
)
@click.option(
    "--module",
    default=None,
    help="ngx_rtmp_module.so to load ('' if built in) [/usr/lib/nginx/modules/ngx_rtmp_module.so]",
)
def nginx_config(run_dir: Path | None, module: str | None) -> None:
    """Print a complete nginx.conf: RTMP ingest calling Souk's hooks (SOUK_INGEST_HOOKS_URL,
    default SOUK_PUBLIC_BASE_URL), HLS served at SOUK_HLS_BASE_URL, recordings.

    Run it with: souk ingest nginx-config > souk-rtmp.conf && nginx -c "$PWD/souk-rtmp.conf"
    """
    from souk.entrypoints.cli.main import runtime

    async def load() -> tuple[LiveConfig, IngestServerConfig]:
        async with runtime().container() as container:
            return await container.get(LiveConfig), await container.get(IngestServerConfig)

    config, server_config = asyncio.run(load())
    run = (run_dir or config.hls_dir.parent / "nginx").absolute()
    for folder in (run, config.hls_dir, config.record_dir):
        folder.mkdir(parents=True, exist_ok=True)
    click.echo(server_config.render(run, module or None, built_in=module == ""), nl=False)
