from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.accounts.otp import OtpChallenge, OtpPurpose
from souk.domain.accounts.values import PhoneNumber


class OtpRepository(Protocol):
    async def add(self, challenge: OtpChallenge) -> None: ...

    async def latest_open(self, phone: PhoneNumber, purpose: OtpPurpose) -> OtpChallenge | None:
        """The newest challenge for the phone and purpose that was not consumed."""
        ...

    async def claim_attempt(self, challenge_id: UUID, max_attempts: int) -> bool:
        """Count one attempt unless the limit is reached (one conditional update)."""
        ...

    async def consume(self, challenge_id: UUID, now: datetime) -> bool:
        """Mark consumed once; ``False`` if someone else consumed it first."""
        ...

    async def close_open(self, phone: PhoneNumber, purpose: OtpPurpose, now: datetime) -> None:
        """Retire earlier codes when a new one is sent."""
        ...
