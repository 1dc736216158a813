from __future__ import annotations

from typing import Protocol


class ReadinessProbe(Protocol):
    name: str

    async def check(self) -> None:
        """Return if the dependency answers; raise otherwise."""
        ...
