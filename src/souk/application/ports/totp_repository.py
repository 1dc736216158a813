from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.accounts.totp import TotpFactor


class TotpRepository(Protocol):
    async def get(self, user_id: UUID) -> TotpFactor | None: ...

    async def replace(self, factor: TotpFactor) -> None:
        """Store the user's factor, dropping any earlier one and its backup codes."""
        ...

    async def confirm(self, user_id: UUID, now: datetime, backup_digests: list[str]) -> None:
        """Turn the factor on with these backup codes (digests)."""
        ...

    async def claim_step(self, user_id: UUID, step: int) -> bool:
        """Record ``step`` as the last accepted one unless it (or a later one) already was:
        one conditional update, so a code is accepted once across every process."""
        ...

    async def use_backup_code(self, user_id: UUID, digest: str, now: datetime) -> bool:
        """Spend an unused backup code once; ``False`` if unknown or already used."""
        ...

    async def backup_codes_left(self, user_id: UUID) -> int: ...

    async def delete(self, user_id: UUID) -> None:
        """Two-factor off: the factor and its backup codes go."""
        ...
