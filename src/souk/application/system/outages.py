"""Outages as the process sees them: every failure recognised, counted, and logged once per
outage rather than once per request.

An outage of a dependency starts with its first failure (one warning naming the dependency
and the error's type: no SQL, no exception text, no secrets) and ends with the first
success reported for it (one info line with its length and how many failures it caused).
Successes are reported by whoever observes them: the readiness checks and the background
loops, which touch the database and Redis every few seconds. If no success is reported, a
failure ``quiet_s`` after the previous one opens a new outage (and logs again)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from souk.application.ports.outage_classifier import OutageClassifier
from souk.application.system.outage import Outage

log = logging.getLogger("souk.outages")

FailureListener = Callable[[Outage, str], None]


@dataclass(slots=True)
class _Open:
    code: str
    started: float
    last: float
    failures: int


class Outages:
    def __init__(
        self,
        classify: OutageClassifier,
        on_failure: FailureListener | None = None,
        *,
        quiet_s: float = 60.0,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._classify = classify
        self._on_failure = on_failure
        self._quiet_s = quiet_s
        self._now = now
        self._open: dict[str, _Open] = {}

    def recognise(self, exc: BaseException, door: str) -> Outage | None:
        """The outage behind ``exc`` (counted under ``door``: http, ws, a loop's name), or
        ``None`` when ``exc`` is not a dependency failure."""
        outage = self._classify(exc)
        if outage is not None:
            self.failed(outage, door)
        return outage

    def failed(self, outage: Outage, door: str) -> None:
        if self._on_failure is not None:
            self._on_failure(outage, door)
        now = self._now()
        current = self._open.get(outage.dependency)
        if current is not None and now - current.last < self._quiet_s:
            current.last = now
            current.failures += 1
            return
        self._open[outage.dependency] = _Open(outage.code, now, now, 1)
        log.warning("dependency.%s dependency=%s error=%s door=%s", outage.code, outage.dependency, outage.reason, door)

    def succeeded(self, dependency: str) -> None:
        current = self._open.pop(dependency, None)
        if current is not None:
            log.info(
                "dependency.recovered dependency=%s after_s=%.1f failures=%d",
                dependency,
                self._now() - current.started,
                current.failures,
            )

    def is_open(self, dependency: str) -> bool:
        return dependency in self._open
