from __future__ import annotations

from typing import Protocol

from souk.application.system.outage import Outage


class OutageClassifier(Protocol):
    def __call__(self, exc: BaseException) -> Outage | None:
        """The outage ``exc`` is a symptom of (a dependency unreachable, a pool exhausted),
        or ``None`` when it is some other failure (a bug: a 500)."""
        ...
