from __future__ import annotations

import asyncio
from collections.abc import Sequence

from souk.application.ports.readiness_probe import ReadinessProbe


class CheckReadiness:
    """Ask every dependency at once; report each by name as ``ok`` or the error."""

    def __init__(self, probes: Sequence[ReadinessProbe], timeout_s: float = 2.0) -> None:
        self._probes = probes
        self._timeout_s = timeout_s

    async def __call__(self) -> dict[str, str]:
        async def one(probe: ReadinessProbe) -> str:
            try:
                await asyncio.wait_for(probe.check(), self._timeout_s)
            except Exception as exc:  # any failure means "not ready", with the reason shown
                return f"error: {type(exc).__name__}: {exc}"[:200]
            return "ok"

        results = await asyncio.gather(*(one(p) for p in self._probes))
        return {p.name: r for p, r in zip(self._probes, results, strict=True)}
