"""The servers of the WebSocket benchmarks: Souk (PostgreSQL + Redis deployment) and the
python-socketio peers, under the same uvicorn (one worker, uvloop, httptools, the
``websockets-sansio`` implementation that ``souk serve`` gets from uvicorn's ``auto``, 64 KiB frame
limit as ``souk serve`` sets, no access log), one process each."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from harness.scratch_db import ScratchDatabase
from harness.server import Server, free_port, uvicorn_argv
from users_me import souk_env

PEERS_DIR = Path(__file__).parent / "peers"
WS_ARGS = ["--ws", "websockets-sansio", "--ws-max-size", str(64 * 1024)]
# Four server processes share the machine's PostgreSQL (max_connections 100, other work on it):
# Souk opens two pools of this size (writes; autocommit reads), the peer one pool of this size
# with as much overflow — the same ceiling per process.
WS_POOL = 10


def tail(server: Server, lines: int = 8) -> str:
    """The end of a server's log, each line cut short (JSON tracebacks are long)."""
    return "\n".join(line[:300] for line in server.log_tail(lines).splitlines())


def ws_url(server: Server) -> str:
    return f"ws://127.0.0.1:{server.port}"


def souk_server(name: str, db: ScratchDatabase, secret: str, redis_url: str, core: int, log_dir: Path) -> Server:
    port = free_port()
    argv = uvicorn_argv("souk.bootstrap.http_app:app_from_env", port, factory=True) + WS_ARGS
    env = {**souk_env(db, secret), "SOUK_REDIS_URL": redis_url, "SOUK_DB_POOL_SIZE": str(WS_POOL)}
    return Server(name, argv, port, env=env, inherit_env=False, core=core, log_dir=log_dir)


def peer_server(
    name: str, module: str, db: ScratchDatabase, secret: str, redis_url: str, channel: str, core: int, log_dir: Path
) -> Server:
    """``module`` (``socketio_chat``, ``socketio_room``) from ``peers/``; processes that share
    ``channel`` see each other's emits through Redis."""
    port = free_port()
    argv = uvicorn_argv(f"{module}:app", port, app_dir=str(PEERS_DIR)) + WS_ARGS
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SOUK_", "BENCH_"))}
    env = {
        **base,
        "BENCH_DATABASE_URL": db.url(),
        "BENCH_REDIS_URL": redis_url,
        "BENCH_SOCKETIO_CHANNEL": channel,
        "BENCH_JWT_SECRET": secret,
        "BENCH_DB_POOL_SIZE": str(WS_POOL),
        "BENCH_DB_MAX_OVERFLOW": str(WS_POOL),
    }
    return Server(name, argv, port, env=env, inherit_env=False, core=core, log_dir=log_dir)


def new_channel() -> str:
    return f"bench-socketio-{secrets.token_hex(4)}"


def floor_server(name: str, core: int, log_dir: Path) -> Server:
    """The bare ASGI WebSocket app: what uvicorn and ``websockets`` alone cost."""
    port = free_port()
    argv = uvicorn_argv("asgi_ws_floor:app", port, app_dir=str(PEERS_DIR)) + WS_ARGS
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SOUK_", "BENCH_"))}
    return Server(name, argv, port, env=base, inherit_env=False, core=core, log_dir=log_dir)
