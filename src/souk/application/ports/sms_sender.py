from __future__ import annotations

from typing import Protocol

from souk.domain.accounts.values import PhoneNumber


class SmsSender(Protocol):
    async def send(self, to: PhoneNumber, body: str) -> None: ...
