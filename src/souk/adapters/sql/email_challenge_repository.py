from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update

from souk.adapters.sql.tables import email_challenges
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.email_challenge_repository import EmailChallengeRepository
from souk.domain.accounts.email_challenge import EmailChallenge, EmailPurpose

_e = email_challenges.c


class SqlEmailChallengeRepository(EmailChallengeRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, challenge: EmailChallenge) -> None:
        conn = await self._uow.connection()
        row = asdict(challenge) | {"purpose": challenge.purpose.value}
        await conn.execute(insert(email_challenges).values(**row))

    async def latest_open(self, email: str, purpose: EmailPurpose) -> EmailChallenge | None:
        conn = await self._uow.connection()
        query = (
            select(email_challenges)
            .where(_e.email == email, _e.purpose == purpose.value, _e.consumed_at.is_(None))
            .order_by(_e.created_at.desc(), _e.id.desc())
            .limit(1)
        )
        row = (await conn.execute(query)).mappings().first()
        return _to_entity(row) if row else None

    async def by_link(self, link_digest: str) -> EmailChallenge | None:
        conn = await self._uow.connection()
        row = (await conn.execute(select(email_challenges).where(_e.link_digest == link_digest))).mappings().first()
        return _to_entity(row) if row else None

    async def claim_attempt(self, challenge_id: UUID, max_attempts: int) -> bool:
        conn = await self._uow.connection()
        statement = (
            update(email_challenges)
            .where(_e.id == challenge_id, _e.attempts < max_attempts, _e.consumed_at.is_(None))
            .values(attempts=_e.attempts + 1)
        )
        return (await conn.execute(statement)).rowcount == 1

    async def consume(self, challenge_id: UUID, now: datetime) -> bool:
        conn = await self._uow.connection()
        statement = (
            update(email_challenges).where(_e.id == challenge_id, _e.consumed_at.is_(None)).values(consumed_at=now)
        )
        return (await conn.execute(statement)).rowcount == 1

    async def close_open(self, email: str, purpose: EmailPurpose, now: datetime) -> None:
        conn = await self._uow.connection()
        await conn.execute(
            update(email_challenges)
            .where(_e.email == email, _e.purpose == purpose.value, _e.consumed_at.is_(None))
            .values(consumed_at=now)
        )


def _to_entity(row: Any) -> EmailChallenge:
    return EmailChallenge(**(dict(row) | {"purpose": EmailPurpose(row["purpose"])}))
