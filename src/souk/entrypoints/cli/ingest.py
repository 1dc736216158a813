"""``souk ingest nginx-config``: print the nginx-rtmp configuration for these settings."""

from __future__ import annotations

import asyncio
import grp
import pwd
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
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="where `souk serve` listens (hooks, unless configured)"
)
@click.option("--port", default=8000, show_default=True, type=int, help="its port")
@click.option(
    "--user",
    default=None,
    help="'user group' nginx's workers run as [the owner of the recording folder]; '' for no user directive",
)
def nginx_config(run_dir: Path | None, module: str | None, host: str, port: int, user: str | None) -> None:
    """Print a complete nginx.conf: RTMP ingest calling Souk's hooks (SOUK_INGEST_HOOKS_URL,
    else SOUK_PUBLIC_BASE_URL, else http://HOST:PORT), HLS served at SOUK_HLS_BASE_URL,
    recordings in SOUK_RECORDING_DIR written by the folder's owner.

    Run it with: souk ingest nginx-config > souk-rtmp.conf && nginx -c "$PWD/souk-rtmp.conf"
    """
    from souk.entrypoints.cli.main import runtime

    async def load() -> tuple[LiveConfig, IngestServerConfig]:
        async with runtime().container() as container:
            return await container.get(LiveConfig), await container.get(IngestServerConfig)

    config, server_config = asyncio.run(load())
    hooks = None
    if not config.hooks_configured:
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
        hooks = f"http://{shown}:{port}"
    run = (run_dir or config.hls_dir.parent / "nginx").absolute()
    for folder in (run, config.hls_dir, config.record_dir):
        folder.mkdir(parents=True, exist_ok=True)
    workers = folder_owner(config.record_dir) if user is None else (user or None)
    click.echo(
        server_config.render(run, module or None, built_in=module == "", user=workers, hooks_base_url=hooks), nl=False
    )


def folder_owner(folder: Path) -> str:
    """``"user group"`` owning ``folder`` (numeric ids when the names are unknown)."""
    stat = folder.stat()
    try:
        name = pwd.getpwuid(stat.st_uid).pw_name
    except KeyError:
        name = str(stat.st_uid)
    try:
        group = grp.getgrgid(stat.st_gid).gr_name
    except KeyError:
        group = str(stat.st_gid)
    return f"{name} {group}"
