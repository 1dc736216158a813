from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update

from souk.adapters.sql.tables import otp_challenges
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.otp_repository import OtpRepository
from souk.domain.accounts.otp import OtpChallenge, OtpPurpose
from souk.domain.accounts.values import PhoneNumber

_o = otp_challenges.c


class SqlOtpRepository(OtpRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, challenge: OtpChallenge) -> None:
        conn = await self._uow.connection()
        await conn.execute(
            insert(otp_challenges).values(
                id=challenge.id,
                phone=challenge.phone.value,
                purpose=challenge.purpose.value,
                code_digest=challenge.code_digest,
                attempts=challenge.attempts,
                created_at=challenge.created_at,
                expires_at=challenge.expires_at,
                consumed_at=challenge.consumed_at,
            )
        )

    async def latest_open(self, phone: PhoneNumber, purpose: OtpPurpose) -> OtpChallenge | None:
        conn = await self._uow.connection()
        query = (
            select(otp_challenges)
            .where(_o.phone == phone.value, _o.purpose == purpose.value, _o.consumed_at.is_(None))
            .order_by(_o.created_at.desc(), _o.id.desc())
            .limit(1)
        )
        row = (await conn.execute(query)).mappings().first()
        return _to_entity(row) if row else None

    async def claim_attempt(self, challenge_id: UUID, max_attempts: int) -> bool:
        conn = await self._uow.connection()
        statement = (
            update(otp_challenges)
            .where(_o.id == challenge_id, _o.attempts < max_attempts, _o.consumed_at.is_(None))
            .values(attempts=_o.attempts + 1)
        )
        return (await conn.execute(statement)).rowcount == 1

    async def consume(self, challenge_id: UUID, now: datetime) -> bool:
        conn = await self._uow.connection()
        statement = (
            update(otp_challenges).where(_o.id == challenge_id, _o.consumed_at.is_(None)).values(consumed_at=now)
        )
        return (await conn.execute(statement)).rowcount == 1

    async def close_open(self, phone: PhoneNumber, purpose: OtpPurpose, now: datetime) -> None:
        conn = await self._uow.connection()
        await conn.execute(
            update(otp_challenges)
            .where(_o.phone == phone.value, _o.purpose == purpose.value, _o.consumed_at.is_(None))
            .values(consumed_at=now)
        )


def _to_entity(row: Any) -> OtpChallenge:
    return OtpChallenge(
        id=row["id"],
        phone=PhoneNumber(row["phone"]),
        purpose=OtpPurpose(row["purpose"]),
        code_digest=row["code_digest"],
        attempts=row["attempts"],
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        consumed_at=row["consumed_at"],
    )
