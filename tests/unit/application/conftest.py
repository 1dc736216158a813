from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from dishka import AsyncContainer, Provider, Scope

from souk.adapters.inprocess.job_queue import InProcessJobQueue
from souk.adapters.memory.clock import FakeClock
from souk.adapters.memory.pause import RecordingPause
from souk.adapters.memory.sms_sender import InMemorySmsSender
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.ports.pause import Pause
from souk.application.ports.sms_sender import SmsSender
from souk.application.shared.clock import Clock
from souk.bootstrap.container import build_container
from tests.support import fast_settings

T = TypeVar("T")


@dataclass
class World:
    """The use cases wired on in-memory adapters, with a hand-moved clock and an SMS inbox."""

    container: AsyncContainer
    clock: FakeClock
    sms: InMemorySmsSender
    pause: RecordingPause

    async def run(self, use_case: type[Any], *args: Any) -> Any:
        async with self.container() as request:
            return await (await request.get(use_case))(*args)

    async def settle(self) -> None:
        """Let the work queued after answers (texting codes) finish."""
        await (await self.container.get(InProcessJobQueue)).drain()

    async def get(self, kind: type[T]) -> T:
        return await self.container.get(kind)


def make_world(tmp_path: Path, rules: AuthRateRules | None = None) -> tuple[World, AsyncContainer]:
    clock, sms, pause = FakeClock(), InMemorySmsSender(), RecordingPause()
    fakes = Provider(scope=Scope.APP)
    fakes.provide(lambda: clock, provides=Clock)
    fakes.provide(lambda: sms, provides=SmsSender)
    fakes.provide(lambda: pause, provides=Pause)
    if rules is not None:
        fakes.provide(lambda: rules, provides=AuthRateRules)
    container = build_container(fast_settings(tmp_path), fakes, in_memory=True)
    return World(container, clock, sms, pause), container


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    built, container = make_world(tmp_path, AuthRateRules().scaled(1000))
    yield built
    await container.close()
