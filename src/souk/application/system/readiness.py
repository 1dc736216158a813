from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from souk.application.ports.readiness_probe import ReadinessProbe
from souk.application.system.outages import Outages

log = logging.getLogger("souk.ready")

OK, DOWN = "ok", "down"


class CheckReadiness:
    """Ask every probe at once; report each by name as ``ok`` or ``down``, never with the
    error's text (the answer is unauthenticated; the reason goes to the log, once per
    change, and an outage's start and end to ``Outages``)."""

    def __init__(self, probes: Sequence[ReadinessProbe], outages: Outages, timeout_s: float = 2.0) -> None:
        self._probes = probes
        self._outages = outages
        self._timeout_s = timeout_s
        self._down: set[str] = set()

    async def __call__(self) -> dict[str, str]:
        results = await asyncio.gather(*(self._one(p) for p in self._probes))
        return {p.name: r for p, r in zip(self._probes, results, strict=True)}

    async def _one(self, probe: ReadinessProbe) -> str:
        try:
            await asyncio.wait_for(probe.check(), self._timeout_s)
        except Exception as exc:  # any failure means "not ready"
            if self._outages.recognise(exc, "ready") is None and probe.name not in self._down:
                log.warning("ready.check_failed check=%s error=%s", probe.name, type(exc).__name__)
            self._down.add(probe.name)
            return DOWN
        if probe.name in self._down:
            self._down.discard(probe.name)
            log.info("ready.check_recovered check=%s", probe.name)
        self._outages.succeeded(probe.dependency)
        return OK
