"""Prometheus multiprocess mode for ``souk serve --workers N``: every worker process writes
its metrics to files in one directory and ``/metrics`` (answered by any of them) adds them
up. Souk sets ``PROMETHEUS_MULTIPROC_DIR`` before uvicorn starts the workers: the
operator's directory if they set one (emptied of the previous run's files, as
prometheus_client requires), else a fresh temporary one, removed at exit."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"


@contextmanager
def multiprocess_metrics(workers: int) -> Iterator[Path | None]:
    if workers <= 1 and not os.environ.get(MULTIPROC_DIR):
        yield None  # one process: its own registry is the whole truth
        return
    given = os.environ.get(MULTIPROC_DIR)
    directory = Path(given) if given else Path(tempfile.mkdtemp(prefix="souk-metrics-"))
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
    os.environ[MULTIPROC_DIR] = str(directory)
    try:
        yield directory
    finally:
        if not given:
            shutil.rmtree(directory, ignore_errors=True)
