"""Whether the configured PostgreSQL database exists, and creating it (``souk migrate
--create``): through the server's ``postgres`` maintenance database, as ``createdb`` does."""

from __future__ import annotations

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy.engine import URL, make_url


class DatabaseMissing(RuntimeError):
    """The server answers but has no such database."""


class DatabaseUnreachable(RuntimeError):
    """No server answered at the configured address."""


async def ensure_database(url: str, *, create: bool) -> bool:
    """Checks that the database of ``url`` (a SQLAlchemy PostgreSQL URL) exists; creates it
    when ``create`` is set. Returns whether it was created."""
    parsed = make_url(url)
    name = parsed.database or ""
    target = parsed.set(drivername="postgresql")
    try:
        connection = await asyncpg.connect(target.render_as_string(hide_password=False), timeout=10)
    except asyncpg.InvalidCatalogNameError:
        if not create:
            raise DatabaseMissing(
                f"database {name!r} does not exist on {_where(parsed)}: create it, or run `souk migrate --create`"
            ) from None
    except (OSError, TimeoutError) as exc:
        raise DatabaseUnreachable(f"cannot reach PostgreSQL at {_where(parsed)}: {exc}") from None
    else:
        await connection.close()
        return False
    admin = await asyncpg.connect(target.set(database="postgres").render_as_string(hide_password=False), timeout=10)
    try:
        quoted = '"' + name.replace('"', '""') + '"'
        await admin.execute(f"CREATE DATABASE {quoted}")
    except asyncpg.DuplicateDatabaseError:
        return False  # created meanwhile by someone else: fine
    finally:
        await admin.close()
    return True


def _where(url: URL) -> str:
    return f"{url.host or 'localhost'}:{url.port or 5432}"
