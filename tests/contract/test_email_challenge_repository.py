from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from dishka import AsyncContainer

from souk.application.ports.email_challenge_repository import EmailChallengeRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.accounts.email_challenge import EmailChallenge, EmailPurpose, link_digest
from tests.contract.test_user_repository import a_user, add

NOW = datetime(2026, 11, 21, 10, tzinfo=UTC)
KEY = b"k" * 32


async def test_challenges_are_found_by_address_or_link_and_spent_once(container: AsyncContainer) -> None:
    user = a_user()
    await add(container, user)
    first, _, _ = EmailChallenge.issue(uuid4(), user.id, "a@x.io", EmailPurpose.VERIFY_EMAIL, NOW, KEY)
    second, code, token = EmailChallenge.issue(
        uuid4(), user.id, "a@x.io", EmailPurpose.VERIFY_EMAIL, NOW + timedelta(seconds=1), KEY
    )
    other, _, _ = EmailChallenge.issue(uuid4(), user.id, "a@x.io", EmailPurpose.RESET_PASSWORD, NOW, KEY)
    async with container() as r:
        repo = await r.get(EmailChallengeRepository)
        await repo.add(first)
        await repo.close_open("a@x.io", EmailPurpose.VERIFY_EMAIL, NOW)
        await repo.add(second)
        await repo.add(other)
        await (await r.get(UnitOfWork)).commit()
    async with container() as r:
        repo = await r.get(EmailChallengeRepository)
        latest = await repo.latest_open("a@x.io", EmailPurpose.VERIFY_EMAIL)
        assert latest is not None
        assert latest.id == second.id
        assert latest.matches(code, KEY)
        found = await repo.by_link(link_digest(token))
        assert found is not None
        assert found.id == second.id
        assert await repo.by_link(link_digest("nope")) is None
        assert await repo.claim_attempt(second.id, 2)
        assert await repo.claim_attempt(second.id, 2)
        assert not await repo.claim_attempt(second.id, 2)
        assert await repo.consume(second.id, NOW)
        assert not await repo.consume(second.id, NOW)
        assert await repo.latest_open("a@x.io", EmailPurpose.VERIFY_EMAIL) is None
        reset = await repo.latest_open("a@x.io", EmailPurpose.RESET_PASSWORD)
        assert reset is not None
        assert reset.id == other.id
        await (await r.get(UnitOfWork)).commit()
    async with container() as r:
        stored = await (await r.get(EmailChallengeRepository)).by_link(link_digest(token))
    assert stored is not None
    assert (stored.attempts, stored.consumed_at) == (2, NOW)
