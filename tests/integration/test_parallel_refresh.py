"""One refresh token fired 50 times at once: exactly one rotation wins, on each real database."""

from __future__ import annotations

import asyncio

import pytest
from dishka import AsyncContainer

from souk.application.accounts.refresh_session import RefreshSession
from souk.application.accounts.register_user import RegisterCommand, RegisterUser
from souk.application.accounts.results import AuthResult, TokenPair
from souk.bootstrap.container import build_container
from souk.bootstrap.settings import Settings
from souk.domain.accounts.errors import InvalidToken, RefreshTokenReused
from tests.support import unique

PARALLEL = 50


async def refresh(container: AsyncContainer, token: str) -> TokenPair | Exception:
    try:
        async with container() as r:
            return await (await r.get(RefreshSession))(token)
    except (InvalidToken, RefreshTokenReused) as exc:
        return exc


@pytest.mark.postgres
async def test_fifty_parallel_refreshes_give_exactly_one_success(backend_settings: Settings) -> None:
    container = build_container(backend_settings)
    try:
        name = unique("par")
        async with container() as r:
            auth: AuthResult = await (await r.get(RegisterUser))(
                RegisterCommand(name, "P", "plum kettle orbit saffron", None, f"{name}@x.io", "ip")
            )
        assert auth.tokens is not None
        results = await asyncio.gather(*(refresh(container, auth.tokens.refresh_token) for _ in range(PARALLEL)))
        winners = [r for r in results if isinstance(r, TokenPair)]
        assert len(winners) == 1
        assert all(isinstance(r, InvalidToken | RefreshTokenReused) for r in results if r not in winners)
        # The losers were reuses of a spent token, so the family (the winner's new token too) is dead.
        if any(isinstance(r, RefreshTokenReused) for r in results):
            assert isinstance(await refresh(container, winners[0].refresh_token), InvalidToken)
    finally:
        await container.close()
