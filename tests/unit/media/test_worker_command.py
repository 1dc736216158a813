from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from souk.bootstrap.worker import WorkerNeedsRedis, run_worker
from souk.entrypoints.cli.main import cli
from tests.support import fast_settings


class StubRuntime:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.calls: list[int | None] = []

    def work(self, concurrency: int | None) -> None:
        self.calls.append(concurrency)
        if self.error:
            raise self.error


def test_worker_command_runs_the_worker_with_its_concurrency() -> None:
    runtime = StubRuntime()
    result = CliRunner().invoke(cli, ["worker", "--concurrency", "3"], obj=runtime)
    assert result.exit_code == 0, result.output
    assert runtime.calls == [3]


def test_worker_command_says_why_it_cannot_run() -> None:
    runtime = StubRuntime(WorkerNeedsRedis("set SOUK_REDIS_URL"))
    result = CliRunner().invoke(cli, ["worker"], obj=runtime)
    assert result.exit_code == 1
    assert "set SOUK_REDIS_URL" in result.output


async def test_the_worker_needs_redis(tmp_path: Path) -> None:
    with pytest.raises(WorkerNeedsRedis, match="SOUK_REDIS_URL"):
        await run_worker(fast_settings(tmp_path))
