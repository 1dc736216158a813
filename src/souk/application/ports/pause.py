from __future__ import annotations

from typing import Protocol


class Pause(Protocol):
    async def __call__(self, seconds: float) -> None:
        """Wait ``seconds`` without blocking other work (throttling delays)."""
        ...
