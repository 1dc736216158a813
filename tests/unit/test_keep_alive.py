"""An idle HTTP connection is dropped by the side that reuses it (the balancer) before the
server closes it, so a request sent on it never meets the server's close half-way."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from souk.bootstrap.cli import BootstrapRuntime
from souk.bootstrap.settings import Settings
from souk.entrypoints.cli.deploy import render_balancer_config


class _Uvicorn:
    def __init__(self) -> None:
        self.options: dict[str, Any] = {}

    def run(self, app: str, **options: Any) -> None:
        self.options = options


def test_souk_serve_keeps_idle_connections_longer_than_the_balancer_does(tmp_path: Path) -> None:
    runtime = BootstrapRuntime.__new__(BootstrapRuntime)
    runtime.settings = Settings(data_dir=tmp_path)
    uvicorn = _Uvicorn()
    runtime._run_uvicorn(uvicorn, "127.0.0.1", 8000, 1)

    conf = render_balancer_config(["10.0.0.11:8000"], "80", tmp_path)
    upstream = conf[conf.index("upstream souk") :].split("}")[0]
    balancer_idle_s = int(re.search(r"keepalive_timeout (\d+)s;", upstream).group(1))  # type: ignore[union-attr]

    # uvicorn's default is 5 s, nginx's 60 s: a POST reusing a connection at 5 s died with a reset
    assert uvicorn.options["timeout_keep_alive"] > balancer_idle_s >= 30
