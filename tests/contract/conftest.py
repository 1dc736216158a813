from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from dishka import AsyncContainer

from souk.bootstrap.container import build_container
from souk.bootstrap.settings import Settings
from tests.support import fast_settings


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])])
async def container(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncContainer]:
    """The same ports, wired to each persistence technology."""
    if request.param == "memory":
        built = build_container(fast_settings(tmp_path), in_memory=True)
    else:
        settings: Settings = request.getfixturevalue(f"{request.param}_settings")
        built = build_container(settings)
    yield built
    await built.close()
