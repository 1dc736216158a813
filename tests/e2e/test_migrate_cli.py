"""``souk migrate`` against a database that does not exist yet: one line saying so, and
``--create`` creates it (the operator's first step in the README's Production section)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_real_server import SOUK, clean_env
from tests.own_postgres import own_postgres

pytestmark = [pytest.mark.postgres]


def _migrate(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = clean_env(SOUK_DATABASE_URL=url, SOUK_JWT_SECRET="m" * 48)
    return subprocess.run([*SOUK, "migrate", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def test_migrate_names_a_missing_database_in_one_line_and_create_makes_it(tmp_path: Path) -> None:
    with own_postgres() as pg:
        url = pg.dsn("souk_missing")
        missing = _migrate(tmp_path, url)
        assert missing.returncode != 0
        assert missing.stderr.strip().splitlines() == [
            f"Error: database 'souk_missing' does not exist on 127.0.0.1:{pg.port}: "
            "create it, or run `souk migrate --create`"
        ]
        assert "Traceback" not in missing.stdout + missing.stderr

        created = _migrate(tmp_path, url, "--create")
        assert created.returncode == 0, created.stderr
        assert "database created; database is up to date" in created.stdout
        assert pg.psql("souk_missing", "SELECT count(*) > 0 FROM alembic_version").strip() == "t"

        again = _migrate(tmp_path, url, "--create")  # idempotent: nothing to create
        assert again.returncode == 0, again.stderr
        assert again.stdout.strip().endswith("database is up to date")
        assert "created" not in again.stdout


def test_migrate_names_an_unreachable_server_in_one_line(tmp_path: Path) -> None:
    from tests.e2e.ws_support import free_port

    refused = _migrate(tmp_path, f"postgresql://postgres@127.0.0.1:{free_port()}/souk")
    assert refused.returncode != 0
    (line,) = refused.stderr.strip().splitlines()
    assert line.startswith("Error: cannot reach PostgreSQL at 127.0.0.1:")
