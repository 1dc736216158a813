"""``souk demo seed``: demo data for exploring the API and for benchmarks."""

from __future__ import annotations

import asyncio
import time

import click

from souk.entrypoints.cli.runtime import CliRuntime


@click.group("demo")
def demo() -> None:
    """Demo data."""


@demo.command("seed")
@click.option("--users", default=50, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--products", default=1000, show_default=True, type=click.IntRange(0, 10_000_000))
@click.option("--seed", "random_seed", default=None, type=int, help="Make the data reproducible.")
def seed_command(users: int, products: int, random_seed: int | None) -> None:
    """Create demo sellers (password: souk-demo-password) and listings in eight cities, both feeds."""
    from souk.application.catalog.seed_demo import DEMO_PASSWORD, SeedDemoData

    runtime: CliRuntime = click.get_current_context().obj
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        click.echo(f"  {done:,}/{total:,} products ({time.monotonic() - started:.0f} s)")

    async def run() -> str:
        async with runtime.container() as container, container() as request:
            use_case = await request.get(SeedDemoData)
            result = await use_case(users, products, progress, random_seed)
        return (
            f"seeded {result.users:,} users and {result.products:,} products in {time.monotonic() - started:.1f} s; "
            f"sellers log in with password {DEMO_PASSWORD!r} (usernames: see `seller.username` in any feed)"
        )

    click.echo(asyncio.run(run()))
