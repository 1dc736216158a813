from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from dishka import AsyncContainer

from souk.application.ports.otp_repository import OtpRepository
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.domain.accounts.otp import OtpChallenge, OtpPurpose
from souk.domain.accounts.refresh_token import RefreshToken
from souk.domain.accounts.values import PhoneNumber
from tests.contract.test_user_repository import a_user, add
from tests.support import unique_phone

NOW = datetime(2026, 11, 21, 10, tzinfo=UTC)


async def issue(container: AsyncContainer, user_id: object, family: object = None) -> RefreshToken:
    token, _ = RefreshToken.issue(uuid4(), user_id, NOW, family)  # type: ignore[arg-type]
    async with container() as r:
        await (await r.get(RefreshTokenRepository)).add(token)
        await (await r.get(UnitOfWork)).commit()
    return token


async def test_a_refresh_token_is_spent_exactly_once(container: AsyncContainer) -> None:
    user = a_user()
    await add(container, user)
    token = await issue(container, user.id)
    async with container() as r:
        repo = await r.get(RefreshTokenRepository)
        spent = await repo.mark_used(token.token_hash, NOW)
        again = await repo.mark_used(token.token_hash, NOW)
        await (await r.get(UnitOfWork)).commit()
    assert spent is not None
    assert spent.family_id == token.family_id
    assert again is None
    async with container() as r:
        stored = await (await r.get(RefreshTokenRepository)).get_by_hash(token.token_hash)
    assert stored is not None
    assert stored.used_at == NOW


async def test_expired_and_revoked_tokens_cannot_be_spent(container: AsyncContainer) -> None:
    user = a_user()
    await add(container, user)
    expired = await issue(container, user.id)
    family = await issue(container, user.id)
    sibling = await issue(container, user.id, family.family_id)
    async with container() as r:
        repo = await r.get(RefreshTokenRepository)
        assert await repo.mark_used(expired.token_hash, NOW + timedelta(days=31)) is None
        assert await repo.revoke_family(family.family_id, NOW) == 2
        assert await repo.mark_used(sibling.token_hash, NOW) is None
        await (await r.get(UnitOfWork)).commit()


async def test_revoke_all_for_a_user_spares_other_users(container: AsyncContainer) -> None:
    alice, bob = a_user(), a_user()
    await add(container, alice)
    await add(container, bob)
    a1, a2, b1 = await issue(container, alice.id), await issue(container, alice.id), await issue(container, bob.id)
    async with container() as r:
        repo = await r.get(RefreshTokenRepository)
        assert await repo.revoke_all_for_user(alice.id, NOW) == sorted([a1.family_id, a2.family_id])
        await (await r.get(UnitOfWork)).commit()
    async with container() as r:
        repo = await r.get(RefreshTokenRepository)
        assert (await repo.get_by_hash(a1.token_hash)).revoked_at == NOW  # type: ignore[union-attr]
        assert (await repo.get_by_hash(a2.token_hash)).revoked_at == NOW  # type: ignore[union-attr]
        assert (await repo.get_by_hash(b1.token_hash)).revoked_at is None  # type: ignore[union-attr]


async def test_revoke_all_but_the_current_session_names_the_sessions_it_ended(container: AsyncContainer) -> None:
    user = a_user()
    await add(container, user)
    current = await issue(container, user.id)
    rotated = await issue(container, user.id, current.family_id)
    other = await issue(container, user.id)
    other_rotated = await issue(container, user.id, other.family_id)
    third = await issue(container, user.id)
    later = NOW + timedelta(minutes=1)
    async with container() as r:
        repo = await r.get(RefreshTokenRepository)
        ended = await repo.revoke_all_for_user(user.id, later, keep=current.family_id)
        assert ended == sorted([other.family_id, third.family_id])  # one id per session, not per token
        assert await repo.revoke_all_for_user(user.id, later, keep=current.family_id) == []  # already ended
        await (await r.get(UnitOfWork)).commit()
    async with container() as r:
        repo = await r.get(RefreshTokenRepository)
        assert (await repo.get_by_hash(rotated.token_hash)).revoked_at is None  # type: ignore[union-attr]
        assert (await repo.get_by_hash(other_rotated.token_hash)).revoked_at == later  # type: ignore[union-attr]
        recent = dict(await repo.revoked_since(NOW))
    assert recent.get(other.family_id) == later  # the catch-up read after a resubscribe
    assert recent.get(third.family_id) == later
    assert current.family_id not in recent
    async with container() as r:
        assert other.family_id not in dict(await (await r.get(RefreshTokenRepository)).revoked_since(later))


async def new_challenge(container: AsyncContainer, phone: PhoneNumber, at: datetime) -> OtpChallenge:
    challenge, _ = OtpChallenge.issue(uuid4(), phone, OtpPurpose.LOGIN, at, b"k" * 32)
    async with container() as r:
        otps = await r.get(OtpRepository)
        await otps.close_open(phone, OtpPurpose.LOGIN, at)
        await otps.add(challenge)
        await (await r.get(UnitOfWork)).commit()
    return challenge


async def test_otp_attempts_are_counted_up_to_the_limit(container: AsyncContainer) -> None:
    phone = PhoneNumber(unique_phone())
    challenge = await new_challenge(container, phone, NOW)
    async with container() as r:
        otps = await r.get(OtpRepository)
        claims = [await otps.claim_attempt(challenge.id, 5) for _ in range(7)]
        await (await r.get(UnitOfWork)).commit()
        latest = await otps.latest_open(phone, OtpPurpose.LOGIN)
    assert claims == [True] * 5 + [False] * 2
    assert latest is not None
    assert latest.attempts == 5


async def test_otp_is_consumed_once_and_new_codes_retire_old_ones(container: AsyncContainer) -> None:
    phone = PhoneNumber(unique_phone())
    old = await new_challenge(container, phone, NOW)
    new = await new_challenge(container, phone, NOW + timedelta(seconds=61))
    async with container() as r:
        otps = await r.get(OtpRepository)
        latest = await otps.latest_open(phone, OtpPurpose.LOGIN)
        assert latest is not None
        assert latest.id == new.id
        assert await otps.consume(old.id, NOW) is False
        assert await otps.consume(new.id, NOW) is True
        assert await otps.consume(new.id, NOW) is False
        assert await otps.latest_open(phone, OtpPurpose.LOGIN) is None
        assert await otps.latest_open(phone, OtpPurpose.VERIFY_PHONE) is None
        await (await r.get(UnitOfWork)).commit()


async def test_user_repository_is_unaffected_by_token_work(container: AsyncContainer) -> None:
    user = a_user()
    await add(container, user)
    await issue(container, user.id)
    async with container() as r:
        assert await (await r.get(UserRepository)).get(user.id) == user
