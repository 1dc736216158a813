from __future__ import annotations

import click

from souk.entrypoints.cli.runtime import CliRuntime


@click.command("worker")
@click.option("--concurrency", type=click.IntRange(1, 64), default=None, help="Jobs at once [SOUK_WORKER_CONCURRENCY].")
@click.pass_obj
def worker_command(runtime: CliRuntime, concurrency: int | None) -> None:
    """Run background jobs from Redis (video processing...). Run as many as you like."""
    try:
        runtime.work(concurrency)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
