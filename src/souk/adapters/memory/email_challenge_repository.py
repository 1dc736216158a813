from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.email_challenge_repository import EmailChallengeRepository
from souk.domain.accounts.email_challenge import EmailChallenge, EmailPurpose


class InMemoryEmailChallengeRepository(EmailChallengeRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._challenges: dict[UUID, EmailChallenge] = uow.store.table("email_challenges")

    async def add(self, challenge: EmailChallenge) -> None:
        self._uow.before_write()
        self._challenges[challenge.id] = clone(challenge)

    async def latest_open(self, email: str, purpose: EmailPurpose) -> EmailChallenge | None:
        open_ones = [
            c for c in self._challenges.values() if c.email == email and c.purpose == purpose and c.consumed_at is None
        ]
        return clone(max(open_ones, key=lambda c: (c.created_at, c.id))) if open_ones else None

    async def by_link(self, link_digest: str) -> EmailChallenge | None:
        found = next((c for c in self._challenges.values() if c.link_digest == link_digest), None)
        return clone(found) if found else None

    async def claim_attempt(self, challenge_id: UUID, max_attempts: int) -> bool:
        challenge = self._challenges.get(challenge_id)
        if challenge is None or challenge.attempts >= max_attempts or challenge.consumed_at is not None:
            return False
        self._uow.before_write()
        self._challenges[challenge_id] = replace(challenge, attempts=challenge.attempts + 1)
        return True

    async def consume(self, challenge_id: UUID, now: datetime) -> bool:
        challenge = self._challenges.get(challenge_id)
        if challenge is None or challenge.consumed_at is not None:
            return False
        self._uow.before_write()
        self._challenges[challenge_id] = replace(challenge, consumed_at=now)
        return True

    async def close_open(self, email: str, purpose: EmailPurpose, now: datetime) -> None:
        self._uow.before_write()
        for key, c in list(self._challenges.items()):
            if c.email == email and c.purpose == purpose and c.consumed_at is None:
                self._challenges[key] = replace(c, consumed_at=now)
