from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dishka import AsyncContainer

from souk.application.ports.oidc_identity_repository import OidcIdentityRepository
from souk.application.ports.oidc_web_logins import OidcWebLogins, PendingWebLogin
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.accounts.oidc import OidcProvider
from tests.contract.test_user_repository import a_user, add

NOW = datetime(2026, 11, 21, 10, tzinfo=UTC)


async def test_identities_link_by_provider_and_subject_and_nonces_work_once(container: AsyncContainer) -> None:
    user = a_user()
    await add(container, user)
    async with container() as r:
        repo = await r.get(OidcIdentityRepository)
        await repo.link(OidcProvider.GOOGLE, "sub-1", user.id, NOW)
        assert await repo.claim_nonce("n1", NOW + timedelta(minutes=10), NOW)
        assert await repo.claim_nonce("old", NOW - timedelta(minutes=1), NOW - timedelta(minutes=5))
        await (await r.get(UnitOfWork)).commit()
    async with container() as r:
        repo = await r.get(OidcIdentityRepository)
        assert await repo.user_for(OidcProvider.GOOGLE, "sub-1") == user.id
        assert await repo.user_for(OidcProvider.APPLE, "sub-1") is None  # another provider's subject
        assert not await repo.claim_nonce("n1", NOW + timedelta(minutes=10), NOW)  # replay
        assert await repo.claim_nonce("old", NOW + timedelta(minutes=10), NOW)  # expired ones are forgotten
        await (await r.get(UnitOfWork)).commit()


async def test_a_pending_web_login_is_taken_once_and_not_after_it_expires(container: AsyncContainer) -> None:
    login = PendingWebLogin(OidcProvider.APPLE, "verifier", "nonce", "https://x/cb", NOW + timedelta(minutes=10))
    async with container() as r:
        repo = await r.get(OidcWebLogins)
        await repo.put("state-1", login)
        await repo.put("state-2", login)
        await (await r.get(UnitOfWork)).commit()
    async with container() as r:
        repo = await r.get(OidcWebLogins)
        assert await repo.take("state-1", NOW) == login
        assert await repo.take("state-1", NOW) is None
        assert await repo.take("state-2", NOW + timedelta(minutes=11)) is None
        await (await r.get(UnitOfWork)).commit()
