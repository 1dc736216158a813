"""An HTTP server under test: its own process, pinned to one core, ready when a path answers 200."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from harness.cpu import process_cpu_seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def before_tree_argv(app: str, port: int) -> list[str] | None:
    """An A/B against an earlier commit: with ``BENCH_AB_BEFORE_TREE`` set to a worktree of
    it (its dependencies synced: ``uv sync --all-groups`` there), the benchmarks that honour
    it run Souk from that tree, with that tree's own virtualenv, in place of the peer — the
    same run, the same rounds alternated, the same data."""
    tree = os.environ.get("BENCH_AB_BEFORE_TREE")
    if not tree:
        return None
    argv = uvicorn_argv(app, port, factory=True)
    argv[0] = os.path.join(tree, ".venv", "bin", "python")
    return argv


def uvicorn_argv(app: str, port: int, *, factory: bool = False, app_dir: str | None = None) -> list[str]:
    """The same uvicorn for every contender: one worker, uvloop, httptools, no access log."""
    argv = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
    argv += ["--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning"]
    if factory:
        argv.append("--factory")
    if app_dir:
        argv += ["--app-dir", app_dir]
    return argv


class Server:
    """``with Server(...) as s:`` starts the process under ``taskset -c core`` and waits for
    ``ready_path``; leaving the block stops it (SIGINT, then SIGKILL)."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        port: int,
        *,
        env: Mapping[str, str] | None = None,
        inherit_env: bool = True,
        core: int = 0,
        ready_path: str = "/health",
        log_dir: Path | None = None,
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.port = port
        self.env = {**(os.environ if inherit_env else {}), **(env or {})}
        self.core = core
        self.ready_path = ready_path
        self.log_path = (log_dir or Path("/tmp")) / f"bench-{name}.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self._process is not None, "server not started"
        return self._process.pid  # taskset execs the server: same pid

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.pid)

    def start(self, timeout: float = 60.0) -> None:
        log = self.log_path.open("wb")
        self._process = subprocess.Popen(
            ["taskset", "-c", str(self.core), *self.argv], env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self._process.returncode}:\n{self.log_tail()}")
            if self._answers():
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} not ready on {self.ready_path} after {timeout}s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        self._process.send_signal(signal.SIGINT)
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def get(self, path: str, headers: Mapping[str, str] | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.base_url + path, headers=dict(headers or {}))
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def _answers(self) -> bool:
        try:
            return self.get(self.ready_path)[0] == 200
        except OSError:
            return False

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
