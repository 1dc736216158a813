from __future__ import annotations

from datetime import UTC, datetime

from dishka import AsyncContainer

from souk.application.ports.totp_repository import TotpRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.accounts.totp import TotpFactor
from tests.contract.test_user_repository import a_user, add

NOW = datetime(2026, 11, 21, 10, tzinfo=UTC)


async def test_a_factor_is_confirmed_claims_each_step_once_and_spends_backup_codes(container: AsyncContainer) -> None:
    user, other = a_user(), a_user()
    await add(container, user)
    await add(container, other)
    pending = TotpFactor.enrol(user.id, NOW)
    async with container() as r:
        repo = await r.get(TotpRepository)
        await repo.replace(TotpFactor.enrol(user.id, NOW))
        await repo.replace(pending)  # enrolling again replaces the secret
        await (await r.get(UnitOfWork)).commit()
    async with container() as r:
        repo = await r.get(TotpRepository)
        stored = await repo.get(user.id)
        assert stored is not None
        assert (stored.secret, stored.enabled, stored.last_step) == (pending.secret, False, -1)
        assert await repo.get(other.id) is None
        await repo.confirm(user.id, NOW, ["d1", "d2"])
        assert await repo.claim_step(user.id, 100)
        assert not await repo.claim_step(user.id, 100)  # the same step: once
        assert not await repo.claim_step(user.id, 99)  # an earlier one: never
        assert await repo.claim_step(user.id, 101)
        assert await repo.use_backup_code(user.id, "d1", NOW)
        assert not await repo.use_backup_code(user.id, "d1", NOW)
        assert not await repo.use_backup_code(other.id, "d2", NOW)  # someone else's code
        assert await repo.backup_codes_left(user.id) == 1
        await (await r.get(UnitOfWork)).commit()
    async with container() as r:
        repo = await r.get(TotpRepository)
        confirmed = await repo.get(user.id)
        assert confirmed is not None
        assert (confirmed.enabled, confirmed.confirmed_at, confirmed.last_step) == (True, NOW, 101)
        await repo.delete(user.id)
        await (await r.get(UnitOfWork)).commit()
    async with container() as r:
        repo = await r.get(TotpRepository)
        assert await repo.get(user.id) is None
        assert await repo.backup_codes_left(user.id) == 0


async def test_the_seed_is_never_stored_in_the_clear(container: AsyncContainer) -> None:
    from sqlalchemy import select

    from souk.adapters.sql.tables import totp_factors
    from souk.adapters.sql.unit_of_work import SqlUnitOfWork

    user = a_user()
    await add(container, user)
    factor = TotpFactor.enrol(user.id, NOW)
    async with container() as r:
        await (await r.get(TotpRepository)).replace(factor)
        uow = await r.get(UnitOfWork)
        await uow.commit()
        if isinstance(uow, SqlUnitOfWork):
            conn = await uow.connection()
            stored = (await conn.execute(select(totp_factors.c.secret))).scalars().all()
            assert stored
            assert all(factor.secret not in value for value in stored)
    async with container() as r:
        loaded = await (await r.get(TotpRepository)).get(user.id)
    assert loaded is not None
    assert loaded.secret == factor.secret
