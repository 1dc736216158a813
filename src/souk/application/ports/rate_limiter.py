from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RateRule:
    """At most ``amount`` hits per ``seconds`` for each key (a moving window)."""

    name: str
    amount: int
    seconds: int


class RateLimiter(Protocol):
    async def hit(self, rule: RateRule, key: str) -> None:
        """Count one hit; raises RateLimited (with retry_after) when over the rule."""
        ...

    async def check(self, rule: RateRule, key: str) -> None:
        """Raise RateLimited if the key is already over the rule, without counting."""
        ...

    async def count(self, rule: RateRule, key: str) -> int:
        """How many hits the key has in the rule's current window (at most ``amount``)."""
        ...

    async def clear(self, rule: RateRule, key: str) -> None: ...
