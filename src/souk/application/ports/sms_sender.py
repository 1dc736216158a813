from __future__ import annotations

from typing import Protocol

from souk.domain.accounts.values import PhoneNumber


class SmsSender(Protocol):
    @property
    def available(self) -> bool:
        """Whether texts can go out at all (a deployment without a provider says no)."""
        ...

    async def send(self, to: PhoneNumber, body: str) -> None: ...
