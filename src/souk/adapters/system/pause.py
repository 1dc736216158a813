from __future__ import annotations

import asyncio

from souk.application.ports.pause import Pause


class AsyncioPause(Pause):
    async def __call__(self, seconds: float) -> None:
        if seconds > 0:
            await asyncio.sleep(seconds)
