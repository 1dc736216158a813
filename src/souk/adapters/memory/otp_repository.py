from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.otp_repository import OtpRepository
from souk.domain.accounts.otp import OtpChallenge, OtpPurpose
from souk.domain.accounts.values import PhoneNumber


class InMemoryOtpRepository(OtpRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._challenges: dict[UUID, OtpChallenge] = uow.store.table("otp_challenges")

    async def add(self, challenge: OtpChallenge) -> None:
        self._uow.before_write()
        self._challenges[challenge.id] = clone(challenge)

    async def latest_open(self, phone: PhoneNumber, purpose: OtpPurpose) -> OtpChallenge | None:
        open_ones = [c for c in self._challenges.values() if self._is_open(c, phone, purpose)]
        if not open_ones:
            return None
        return clone(max(open_ones, key=lambda c: (c.created_at, c.id)))

    async def claim_attempt(self, challenge_id: UUID, max_attempts: int) -> bool:
        challenge = self._challenges.get(challenge_id)
        if challenge is None or challenge.consumed_at is not None or challenge.attempts >= max_attempts:
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

    async def close_open(self, phone: PhoneNumber, purpose: OtpPurpose, now: datetime) -> None:
        self._uow.before_write()
        for challenge in list(self._challenges.values()):
            if self._is_open(challenge, phone, purpose):
                self._challenges[challenge.id] = replace(challenge, consumed_at=now)

    @staticmethod
    def _is_open(challenge: OtpChallenge, phone: PhoneNumber, purpose: OtpPurpose) -> bool:
        return challenge.phone == phone and challenge.purpose is purpose and challenge.consumed_at is None
