from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from dishka import AsyncContainer, Provider

from souk.adapters.memory.clock import FakeClock
from souk.bootstrap.container import build_container
from souk.bootstrap.settings import Settings
from tests.support import fast_settings

BACKENDS = ["memory", "sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])]


def wired(request: pytest.FixtureRequest, tmp_path: Path, *overrides: Provider) -> AsyncContainer:
    if request.param == "memory":
        return build_container(fast_settings(tmp_path), *overrides, in_memory=True)
    settings: Settings = request.getfixturevalue(f"{request.param}_settings")
    return build_container(settings, *overrides)


@pytest.fixture(params=BACKENDS)
async def container(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncContainer]:
    """The same ports, wired to each persistence technology."""
    built = wired(request, tmp_path)
    yield built
    await built.close()


@pytest.fixture(params=BACKENDS)
async def outbox_container(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Any]:
    """As ``container``, with a recording bus and a hand-moved clock."""
    from tests.contract.test_outbox import FlakyBus, overrides

    bus, clock = FlakyBus(), FakeClock(datetime.now(UTC))
    built = wired(request, tmp_path, overrides(bus, clock))
    yield built, bus, clock
    await built.close()
