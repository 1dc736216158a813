"""A PostgreSQL cluster of the test's own, on a free port, to restart or stop at will
(never the shared one on 5432).

PostgreSQL refuses to run as root, so the cluster is created and run as ``nobody``
(``runuser``) when the tests run as root; its directory is owned by that user. PostGIS
comes from the system installation, so migrations work as on the shared server.

    with own_postgres() as pg:
        url = pg.create_database("souk")      # SQLAlchemy URL
        pg.restart()                           # pg_ctl restart -m fast
        pg.stop(); ...; pg.start()             # an outage of any length
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from tests.services import unavailable

_BIN_CANDIDATES = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/14/bin")
_RUN_AS = "nobody"


def _bin_dir() -> Path:
    override = os.environ.get("SOUK_TEST_PG_BIN")
    for candidate in ([override] if override else []) + list(_BIN_CANDIDATES):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else unavailable("PostgreSQL binaries", "initdb not found (SOUK_TEST_PG_BIN)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class OwnPostgres:
    """One throwaway cluster: ``start``/``stop``/``restart``/``kill`` it, create databases on it."""

    def __init__(self, workdir: Path | None = None, port: int | None = None) -> None:
        self._bin = _bin_dir()
        self.port = port or _free_port()
        # Not under pytest's basetemp by default: concurrent pytest sessions on the machine
        # reset /tmp/pytest-of-<user> to 0700 and prune old basetemps, under a running cluster.
        base = workdir or Path(tempfile.mkdtemp(prefix="souk-own-pg-"))
        self.directory = base / f"pg-{self.port}"
        self._as_root = os.geteuid() == 0
        self._initialised = False
        psql = self._bin / "psql"
        self._psql = str(psql) if psql.exists() else shutil.which("psql") or unavailable("psql", "not found")

    # --- addresses ---------------------------------------------------------------------

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy (asyncpg) URL of ``database``."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def dsn(self, database: str = "postgres") -> str:
        """The plain libpq/asyncpg DSN of ``database``."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    # --- life cycle --------------------------------------------------------------------

    def init(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if self._as_root:
            user = pwd.getpwnam(_RUN_AS)
            for path in (self.directory, *self.directory.parents):
                if path.parent == path or path.parent.parent == path.parent:
                    break  # stop below the top-level directory (e.g. /tmp): leave it as it is
                # the server must reach its directory: make each parent traversable
                path.chmod(path.stat().st_mode | 0o011)
            os.chown(self.directory, user.pw_uid, user.pw_gid)
        self.directory.chmod(0o700)
        self._run(
            [str(self._bin / "initdb"), "-D", str(self.directory / "data"), "-A", "trust", "-U", "postgres"],
            timeout=120,
        )
        # Fast shutdown on stop; small footprint (tests share a 2-core machine).
        with (self.directory / "data" / "postgresql.conf").open("a") as conf:
            conf.write("\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n")
            conf.write("shared_buffers = 32MB\nlog_min_messages = warning\n")
        self._initialised = True

    def start(self) -> None:
        if not self._initialised:
            self.init()
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        self._pg_ctl("start", "-o", options, "-l", str(self.directory / "server.log"))
        self.wait_ready()

    def stop(self) -> None:
        """``pg_ctl stop -m fast``: every connection is cut at once."""
        self._pg_ctl("stop", "-m", "fast")

    def restart(self) -> None:
        """``pg_ctl restart -m fast`` (what an operator's restart looks like: ~0.2 s)."""
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        self._pg_ctl("restart", "-m", "fast", "-o", options, "-l", str(self.directory / "server.log"))
        self.wait_ready()

    def running(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def wait_ready(self, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            probe = subprocess.run(
                [str(self._bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"],
                capture_output=True,
                check=False,
            )
            if probe.returncode == 0:
                return
            time.sleep(0.1)
        raise AssertionError(f"own PostgreSQL on port {self.port} did not become ready:\n{self.log_tail()}")

    # --- databases ---------------------------------------------------------------------

    def create_database(self, name: str) -> str:
        """Create ``name`` (PostGIS is created by the migrations); returns its SQLAlchemy URL."""
        self.psql("postgres", f'CREATE DATABASE "{name}"')
        return self.url(name)

    def psql(self, database: str, statement: str) -> str:
        found = subprocess.run(
            [
                self._psql,
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-At",
                "-c",
                statement,
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        if found.returncode != 0:
            raise AssertionError(f"psql failed: {found.stderr}")
        return found.stdout

    def log_tail(self, lines: int = 30) -> str:
        log = self.directory / "server.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""

    # --- helpers -----------------------------------------------------------------------

    def _pg_ctl(self, *args: str) -> None:
        self._run([str(self._bin / "pg_ctl"), "-D", str(self.directory / "data"), "-w", "-t", "60", *args], timeout=90)

    def _run(self, args: list[str], timeout: float) -> None:
        command = ["runuser", "-u", _RUN_AS, "--", *args] if self._as_root else args
        found = subprocess.run(command, capture_output=True, text=True, check=False, timeout=timeout)
        if found.returncode != 0:
            raise AssertionError(f"{' '.join(args[:2])} failed ({found.returncode}): {found.stderr}\n{self.log_tail()}")


@contextmanager
def own_postgres(workdir: Path | None = None) -> Iterator[OwnPostgres]:
    """A started cluster, stopped (immediately) and removed afterwards. Without ``workdir``
    it lives in a fresh directory of its own under the system's temporary directory."""
    server = OwnPostgres(workdir)
    server.start()
    try:
        yield server
    finally:
        if server.running():
            with suppress(AssertionError):
                server._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(server.directory, ignore_errors=True)
        if workdir is None:
            shutil.rmtree(server.directory.parent, ignore_errors=True)
