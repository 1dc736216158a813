from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, func, insert, select, update

from souk.adapters.security.secret_box import TotpSecretBox
from souk.adapters.sql.tables import mfa_backup_codes, totp_factors
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.totp_repository import TotpRepository
from souk.application.shared.ids import new_id
from souk.domain.accounts.totp import TotpFactor

_f = totp_factors.c
_b = mfa_backup_codes.c


class SqlTotpRepository(TotpRepository):
    def __init__(self, uow: SqlUnitOfWork, box: TotpSecretBox) -> None:
        self._uow = uow
        self._box = box

    async def get(self, user_id: UUID) -> TotpFactor | None:
        conn = await self._uow.connection()
        row = (await conn.execute(select(totp_factors).where(_f.user_id == user_id))).mappings().first()
        if row is None:
            return None
        return TotpFactor(**(dict(row) | {"secret": self._box.open(row["secret"])}))

    async def replace(self, factor: TotpFactor) -> None:
        await self.delete(factor.user_id)
        conn = await self._uow.connection()
        await conn.execute(
            insert(totp_factors).values(
                user_id=factor.user_id,
                secret=self._box.seal(factor.secret),  # never stored in the clear
                created_at=factor.created_at,
                confirmed_at=factor.confirmed_at,
                last_step=factor.last_step,
            )
        )

    async def confirm(self, user_id: UUID, now: datetime, backup_digests: list[str]) -> None:
        conn = await self._uow.connection()
        await conn.execute(update(totp_factors).where(_f.user_id == user_id).values(confirmed_at=now))
        await conn.execute(delete(mfa_backup_codes).where(_b.user_id == user_id))
        rows = [{"id": new_id(), "user_id": user_id, "code_digest": d, "used_at": None} for d in backup_digests]
        if rows:
            await conn.execute(insert(mfa_backup_codes), rows)

    async def claim_step(self, user_id: UUID, step: int) -> bool:
        conn = await self._uow.connection()
        statement = update(totp_factors).where(_f.user_id == user_id, _f.last_step < step).values(last_step=step)
        return (await conn.execute(statement)).rowcount == 1

    async def use_backup_code(self, user_id: UUID, digest: str, now: datetime) -> bool:
        conn = await self._uow.connection()
        statement = (
            update(mfa_backup_codes)
            .where(_b.user_id == user_id, _b.code_digest == digest, _b.used_at.is_(None))
            .values(used_at=now)
        )
        return (await conn.execute(statement)).rowcount == 1

    async def backup_codes_left(self, user_id: UUID) -> int:
        conn = await self._uow.connection()
        query = select(func.count()).where(_b.user_id == user_id, _b.used_at.is_(None))
        return int((await conn.execute(query)).scalar_one())

    async def delete(self, user_id: UUID) -> None:
        conn = await self._uow.connection()
        await conn.execute(delete(mfa_backup_codes).where(_b.user_id == user_id))
        await conn.execute(delete(totp_factors).where(_f.user_id == user_id))
