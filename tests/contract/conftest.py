from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from souk.bootstrap.container import build_container
from souk.bootstrap.settings import Settings
from tests.contract.catalog_driver import Catalog
from tests.support import fast_settings


@pytest.fixture(
    params=[
        "memory",
        "sqlite",
        pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis]),
    ]
)
def catalog_backend(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Settings]:
    """Synchronous, so the session database fixtures (which run their own loop) can start."""
    if request.param == "memory":
        return "memory", fast_settings(tmp_path)
    settings: Settings = request.getfixturevalue(f"{request.param}_settings")
    return request.param, settings


@pytest.fixture
async def catalog(catalog_backend: tuple[str, Settings]) -> AsyncIterator[Catalog]:
    backend, settings = catalog_backend
    container = build_container(settings, in_memory=backend == "memory")
    try:
        yield Catalog(container, backend)
    finally:
        await container.close()
