"""Small helpers shared by the suites."""

from __future__ import annotations

import itertools
import secrets
from dataclasses import replace
from pathlib import Path

from souk.bootstrap.settings import Settings

_counter = itertools.count()


def unique(prefix: str = "u") -> str:
    return f"{prefix}{next(_counter)}_{secrets.token_hex(3)}"


def unique_phone() -> str:
    """A real-looking San Francisco number: 415, then an exchange 200-999 (libphonenumber
    refuses exchanges starting 0 or 1, and area code 555 does not exist)."""
    return f"+1415{secrets.randbelow(8 * 10**6) + 2 * 10**6}"


def fast_settings(data_dir: Path, database_url: str | None = None, redis_url: str | None = None) -> Settings:
    """Fast argon2 (tests hash thousands of passwords) and roomy rate limits."""
    base = Settings.from_env({"SOUK_DATA_DIR": str(data_dir)})
    return replace(
        base,
        database_url=database_url or base.database_url,
        redis_url=redis_url,
        jwt_secret="test-secret-" + "x" * 40,
        argon2_memory_kib=1024,
        argon2_time_cost=1,
        log_format="console",
        log_level="WARNING",
        access_log=False,
        payments="simulated",  # explicit, so PostgreSQL tests run the card flow too
    )
