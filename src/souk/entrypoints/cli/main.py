"""The ``souk`` command: serve, migrate, manage users — through the same use cases."""

from __future__ import annotations

import asyncio

import click

from souk.entrypoints.cli.demo import demo
from souk.entrypoints.cli.deploy import deploy
from souk.entrypoints.cli.ingest import ingest
from souk.entrypoints.cli.runtime import CliRuntime
from souk.entrypoints.cli.worker import worker_command


@click.group()
def cli() -> None:
    """Souk: social-commerce backend."""


cli.add_command(worker_command)


def runtime() -> CliRuntime:
    obj = click.get_current_context().obj
    assert obj is not None, "run through souk.bootstrap.cli:main"
    return obj  # type: ignore[no-any-return]


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
def serve_command(host: str, port: int, workers: int) -> None:
    """Run the HTTP/WebSocket server (migrates the embedded database first)."""
    runtime().serve(host, port, workers)


@cli.command("migrate")
@click.option("--create", is_flag=True, help="Create the PostgreSQL database first when it does not exist.")
def migrate_command(create: bool) -> None:
    """Bring the database schema up to date (a missing database is an error unless --create)."""
    try:
        created = asyncio.run(runtime().migrate(create=create))
    except RuntimeError as exc:  # missing or unreachable database: one line, no traceback
        raise click.ClickException(str(exc)) from None
    click.echo("database created; " * created + "database is up to date")


@cli.command("config")
@click.option("--markdown", is_flag=True, help="Print the README's table of every setting instead.")
def config_command(markdown: bool) -> None:
    """Print the effective configuration by concern (secrets masked, URL passwords hidden)."""
    for line in runtime().config_lines(markdown):
        click.echo(line)


@cli.group("users")
def users_group() -> None:
    """Manage accounts."""


@users_group.command("create")
@click.option("--username", required=True)
@click.option("--password", required=True, prompt=True, hide_input=True, confirmation_prompt=False)
@click.option("--display-name", default=None, help="Defaults to the username.")
@click.option("--email", default=None)
@click.option("--phone", default=None, help="E.164, e.g. +14155550123")
@click.option("--tier", type=click.Choice(["free", "pro"]), default="free", show_default=True)
@click.option("--role", type=click.Choice(["user", "moderator", "admin"]), default="user", show_default=True)
def create_user_command(
    username: str, password: str, display_name: str | None, email: str | None, phone: str | None, tier: str, role: str
) -> None:
    """Create an account (operators may set the seller tier and role)."""
    from souk.application.accounts.create_user import CreateUser
    from souk.application.accounts.user_factory import NewUser
    from souk.domain.accounts.values import Role, SellerTier
    from souk.domain.shared.errors import DomainError

    async def run() -> str:
        async with runtime().container() as container, container() as request:
            use_case = await request.get(CreateUser)
            user = await use_case(
                NewUser(username, display_name or username, password, phone, email, SellerTier(tier), Role(role))
            )
            return f"created user {user.username.value} ({user.id})"

    try:
        click.echo(asyncio.run(run()))
    except DomainError as exc:
        raise click.ClickException(f"{exc.code}: {exc.detail}") from exc


@users_group.command("role")
@click.argument("username")
@click.argument("role", type=click.Choice(["user", "moderator", "admin"]))
def role_command(username: str, role: str) -> None:
    """Give USERNAME a ROLE: moderator and admin are staff (reports, takedowns, suspensions,
    the /admin console); user takes it back."""
    from souk.application.accounts.set_role import SetRole
    from souk.domain.accounts.values import Role
    from souk.domain.shared.errors import DomainError

    async def run() -> str:
        async with runtime().container() as container, container() as request:
            user = await (await request.get(SetRole))(username, Role(role))
            return f"{user.username.value} ({user.id}) is now {user.role.value}"

    try:
        click.echo(asyncio.run(run()))
    except DomainError as exc:
        raise click.ClickException(f"{exc.code}: {exc.detail}") from exc


cli.add_command(demo)
cli.add_command(ingest)
cli.add_command(deploy)
