"""``souk ingest nginx-config``: print the nginx-rtmp configuration for these settings."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from souk.application.streams.config import LiveConfig
from souk.application.streams.nginx_config import DEFAULT_MODULE, NginxLayout, render_nginx_config


@click.group("ingest")
def ingest() -> None:
    """The RTMP ingest server (nginx with the RTMP module)."""


@ingest.command("nginx-config")
@click.option(
    "--run-dir", type=click.Path(path_type=Path), default=None, help="pid file and logs [$SOUK_DATA_DIR/live/nginx]"
)
@click.option("--module", default=DEFAULT_MODULE, show_default=True, help="ngx_rtmp_module.so to load ('' if built in)")
def nginx_config(run_dir: Path | None, module: str) -> None:
    """Print a complete nginx.conf: RTMP ingest calling Souk's hooks (SOUK_INGEST_HOOKS_URL,
    default SOUK_PUBLIC_BASE_URL), HLS served at SOUK_HLS_BASE_URL, recordings.

    Run it with: souk ingest nginx-config > souk-rtmp.conf && nginx -c "$PWD/souk-rtmp.conf"
    """
    from souk.entrypoints.cli.main import runtime

    async def load() -> LiveConfig:
        async with runtime().container() as container:
            return await container.get(LiveConfig)

    config = asyncio.run(load())
    run = (run_dir or config.hls_dir.parent / "nginx").absolute()
    for folder in (run, config.hls_dir, config.record_dir):
        folder.mkdir(parents=True, exist_ok=True)
    click.echo(render_nginx_config(config, NginxLayout(run, module or None)), nl=False)
