from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.totp_repository import TotpRepository
from souk.domain.accounts.totp import TotpFactor


class InMemoryTotpRepository(TotpRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._factors: dict[UUID, TotpFactor] = uow.store.table("totp_factors")
        # (user, digest) -> used at (None: unused)
        self._backups: dict[tuple[UUID, str], datetime | None] = uow.store.table("mfa_backup_codes")

    async def get(self, user_id: UUID) -> TotpFactor | None:
        factor = self._factors.get(user_id)
        return clone(factor) if factor else None

    async def replace(self, factor: TotpFactor) -> None:
        await self.delete(factor.user_id)
        self._factors[factor.user_id] = clone(factor)

    async def confirm(self, user_id: UUID, now: datetime, backup_digests: list[str]) -> None:
        self._uow.before_write()
        self._factors[user_id] = replace(self._factors[user_id], confirmed_at=now)
        for key in [k for k in self._backups if k[0] == user_id]:
            del self._backups[key]
        for digest in backup_digests:
            self._backups[(user_id, digest)] = None

    async def claim_step(self, user_id: UUID, step: int) -> bool:
        factor = self._factors.get(user_id)
        if factor is None or factor.last_step >= step:
            return False
        self._uow.before_write()
        self._factors[user_id] = replace(factor, last_step=step)
        return True

    async def use_backup_code(self, user_id: UUID, digest: str, now: datetime) -> bool:
        key = (user_id, digest)
        if key not in self._backups or self._backups[key] is not None:
            return False
        self._uow.before_write()
        self._backups[key] = now
        return True

    async def backup_codes_left(self, user_id: UUID) -> int:
        return sum(1 for (user, _), used in self._backups.items() if user == user_id and used is None)

    async def delete(self, user_id: UUID) -> None:
        self._uow.before_write()
        self._factors.pop(user_id, None)
        for key in [k for k in self._backups if k[0] == user_id]:
            del self._backups[key]
