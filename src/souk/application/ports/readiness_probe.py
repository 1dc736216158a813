from __future__ import annotations

from typing import Protocol


class ReadinessProbe(Protocol):
    name: str  # the key in /ready's ``checks``
    dependency: str  # which dependency it proves reachable (``outage.DATABASE``, ``outage.REDIS``)

    async def check(self) -> None:
        """Return if the dependency answers on the path requests use; raise otherwise."""
        ...
