from __future__ import annotations

from datetime import timedelta

import pytest

from souk.application.accounts.logout import Logout
from souk.application.accounts.refresh_session import RefreshSession
from souk.application.accounts.register_user import RegisterCommand, RegisterUser
from souk.domain.accounts.errors import InvalidToken, RefreshTokenReused
from tests.unit.application.conftest import World


async def registered(world: World, username: str = "amira") -> object:
    return await world.run(
        RegisterUser, RegisterCommand(username, "A", "plum kettle orbit saffron", None, f"{username}@x.io", "ip")
    )


async def test_refresh_rotates_and_the_new_token_works(world: World) -> None:
    auth = await registered(world)
    first = await world.run(RefreshSession, auth.tokens.refresh_token)  # type: ignore[attr-defined]
    second = await world.run(RefreshSession, first.refresh_token)
    assert len({auth.tokens.refresh_token, first.refresh_token, second.refresh_token}) == 3  # type: ignore[attr-defined]


async def test_reusing_a_spent_token_revokes_the_whole_family(world: World) -> None:
    auth = await registered(world)
    original = auth.tokens.refresh_token  # type: ignore[attr-defined]
    rotated = await world.run(RefreshSession, original)
    with pytest.raises(RefreshTokenReused):
        await world.run(RefreshSession, original)
    with pytest.raises(InvalidToken):  # the thief's (or victim's) newer token died with the family
        await world.run(RefreshSession, rotated.refresh_token)


async def test_other_sessions_survive_a_theft_in_one_family(world: World) -> None:
    auth = await registered(world)
    from souk.application.accounts.login import Login, LoginCommand

    other_device = await world.run(Login, LoginCommand("amira", "plum kettle orbit saffron", "ip"))
    spent = auth.tokens.refresh_token  # type: ignore[attr-defined]
    await world.run(RefreshSession, spent)
    with pytest.raises(RefreshTokenReused):
        await world.run(RefreshSession, spent)
    assert await world.run(RefreshSession, other_device.tokens.refresh_token)


async def test_refresh_tokens_expire_after_thirty_days(world: World) -> None:
    auth = await registered(world)
    world.clock.advance(timedelta(days=30, seconds=1))
    with pytest.raises(InvalidToken):
        await world.run(RefreshSession, auth.tokens.refresh_token)  # type: ignore[attr-defined]


async def test_unknown_tokens_are_invalid(world: World) -> None:
    with pytest.raises(InvalidToken):
        await world.run(RefreshSession, "not-a-token")


async def test_logout_ends_the_session_and_is_idempotent(world: World) -> None:
    auth = await registered(world)
    user_id, token = auth.user.id, auth.tokens.refresh_token  # type: ignore[attr-defined]
    await world.run(Logout, user_id, token)
    await world.run(Logout, user_id, token)
    with pytest.raises(InvalidToken):
        await world.run(RefreshSession, token)


async def test_logout_leaves_someone_elses_token_alone(world: World) -> None:
    victim = await registered(world, "victim")
    attacker = await registered(world, "attacker")
    await world.run(Logout, attacker.user.id, victim.tokens.refresh_token)  # type: ignore[attr-defined]
    assert await world.run(RefreshSession, victim.tokens.refresh_token)  # type: ignore[attr-defined]
