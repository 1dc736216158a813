from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from souk.domain.notifications.push import PushToken


@dataclass(frozen=True, slots=True)
class PushMessage:
    token: PushToken
    title: str
    body: str
    data: Mapping[str, str] = field(default_factory=dict)


class PushSender(Protocol):
    async def send(self, messages: Sequence[PushMessage]) -> set[str]:
        """Deliver what it can; the tokens the service says are dead (to prune). Raises
        on a failure worth retrying (the service or the network down)."""
        ...
