from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.accounts.email_challenge import EmailChallenge, EmailPurpose


class EmailChallengeRepository(Protocol):
    async def add(self, challenge: EmailChallenge) -> None: ...

    async def latest_open(self, email: str, purpose: EmailPurpose) -> EmailChallenge | None:
        """The newest unconsumed challenge for the address and purpose."""
        ...

    async def by_link(self, link_digest: str) -> EmailChallenge | None: ...

    async def claim_attempt(self, challenge_id: UUID, max_attempts: int) -> bool:
        """Count one attempt unless the limit is reached (one conditional update)."""
        ...

    async def consume(self, challenge_id: UUID, now: datetime) -> bool:
        """Mark consumed once; ``False`` if it already was."""
        ...

    async def close_open(self, email: str, purpose: EmailPurpose, now: datetime) -> None:
        """Retire earlier challenges when a new one is sent."""
        ...
