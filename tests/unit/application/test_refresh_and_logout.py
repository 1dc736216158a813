from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from souk.application.accounts.logout import Logout
from souk.application.accounts.logout_all import LogoutAll
from souk.application.accounts.refresh_session import RefreshSession
from souk.application.accounts.register_user import RegisterCommand, RegisterUser
from souk.application.accounts.revoked_sessions import RevokedSessions
from souk.application.ports.access_tokens import AccessTokens
from souk.domain.accounts.errors import InvalidToken, RefreshTokenReused, SessionEnded
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


async def session_of(world: World, auth: Any) -> UUID:
    return (await world.get(AccessTokens)).verify(auth.tokens.access_token).session_id


async def test_logout_ends_the_session_and_is_idempotent(world: World) -> None:
    auth = await registered(world)
    user_id, token = auth.user.id, auth.tokens.refresh_token  # type: ignore[attr-defined]
    session = await session_of(world, auth)
    await world.run(Logout, user_id, session, token)
    await world.run(Logout, user_id, session, token)
    with pytest.raises(InvalidToken):
        await world.run(RefreshSession, token)
    with pytest.raises(SessionEnded):  # the access token dies with its session, not 15 min later
        (await world.get(AccessTokens)).verify(auth.tokens.access_token)  # type: ignore[attr-defined]


async def test_logout_leaves_someone_elses_token_alone(world: World) -> None:
    victim = await registered(world, "victim")
    attacker = await registered(world, "attacker")
    await world.run(Logout, attacker.user.id, await session_of(world, attacker), victim.tokens.refresh_token)  # type: ignore[attr-defined]
    assert await world.run(RefreshSession, victim.tokens.refresh_token)  # type: ignore[attr-defined]
    assert (await world.get(AccessTokens)).verify(victim.tokens.access_token)  # type: ignore[attr-defined]


async def test_a_rotated_access_token_keeps_its_session_and_dies_with_it(world: World) -> None:
    auth = await registered(world)
    rotated = await world.run(RefreshSession, auth.tokens.refresh_token)  # type: ignore[attr-defined]
    tokens = await world.get(AccessTokens)
    assert tokens.verify(rotated.access_token).session_id == await session_of(world, auth)
    await world.run(Logout, auth.user.id, await session_of(world, auth), None)  # type: ignore[attr-defined]
    with pytest.raises(SessionEnded):
        tokens.verify(rotated.access_token)


async def test_logout_all_ends_every_session_or_every_other(world: World) -> None:
    from souk.application.accounts.login import Login, LoginCommand

    phone = await registered(world)
    laptop = await world.run(Login, LoginCommand("amira", "plum kettle orbit saffron", "ip"))
    tablet = await world.run(Login, LoginCommand("amira", "plum kettle orbit saffron", "ip"))
    tokens = await world.get(AccessTokens)
    await world.run(LogoutAll, phone.user.id, await session_of(world, phone), True)  # type: ignore[attr-defined]
    assert tokens.verify(phone.tokens.access_token)  # type: ignore[attr-defined]
    for other in (laptop, tablet):
        with pytest.raises(SessionEnded):
            tokens.verify(other.tokens.access_token)
        with pytest.raises(InvalidToken):
            await world.run(RefreshSession, other.tokens.refresh_token)
    await world.run(LogoutAll, phone.user.id, await session_of(world, phone), False)  # type: ignore[attr-defined]
    with pytest.raises(SessionEnded):
        tokens.verify(phone.tokens.access_token)  # type: ignore[attr-defined]


async def test_a_stolen_refresh_token_reused_ends_the_access_tokens_of_its_family(world: World) -> None:
    auth = await registered(world)
    rotated = await world.run(RefreshSession, auth.tokens.refresh_token)  # type: ignore[attr-defined]
    with pytest.raises(RefreshTokenReused):
        await world.run(RefreshSession, auth.tokens.refresh_token)  # type: ignore[attr-defined]
    with pytest.raises(SessionEnded):
        (await world.get(AccessTokens)).verify(rotated.access_token)


async def test_ended_sessions_are_forgotten_once_their_tokens_cannot_live(world: World) -> None:
    auth = await registered(world)
    await world.run(Logout, auth.user.id, await session_of(world, auth), None)  # type: ignore[attr-defined]
    revoked = await world.get(RevokedSessions)
    assert len(revoked) == 1
    world.clock.advance(revoked.keep + timedelta(seconds=1))
    other = await registered(world, "other")
    await world.run(Logout, other.user.id, await session_of(world, other), None)  # type: ignore[attr-defined]
    assert len(revoked) == 1  # the first one is gone: its tokens are expired anyway
