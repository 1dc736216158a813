"""``souk serve --workers N`` on a slow host: a worker that takes longer than uvicorn's
default 5 s health check to boot is waited for (``SOUK_WORKER_BOOT_TIMEOUT_S``), not killed."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx

from tests.e2e.test_real_server import clean_env, running_server

BOOT_DELAY_S = 8  # over uvicorn's default 5 s


def test_workers_that_boot_slowly_are_waited_for(tmp_path: Path) -> None:
    slow = tmp_path / "slow-boot"
    slow.mkdir()
    # Every worker process (a multiprocessing spawn child) stalls before it can answer the
    # supervisor's ping, as on a host busy with other work.
    (slow / "sitecustomize.py").write_text(
        "import sys, time\n"
        "if any('spawn_main' in arg for arg in getattr(sys, 'orig_argv', [])):\n"
        f"    time.sleep({BOOT_DELAY_S})\n"
    )
    env = clean_env(PYTHONPATH=str(slow))
    with running_server(tmp_path, env, "--workers", "2", start_timeout_s=180) as base:
        answers = {httpx.get(f"{base}/health", timeout=5).status_code for _ in range(5)}
        assert answers == {200}
        port = base.rsplit(":", 1)[1]
        log_file = tmp_path / f"server-{port}.log"
        # The first worker to boot answers /health; the second may still be sleeping.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            log = log_file.read_text()
            if len(set(re.findall(r"Started server process \[(\d+)\]", log))) >= 2:
                break
            time.sleep(0.5)
    assert not re.search(r"died|failed to start|was not ready", log), log
    assert len(set(re.findall(r"Started server process \[(\d+)\]", log))) == 2, log
