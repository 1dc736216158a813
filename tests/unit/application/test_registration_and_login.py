from __future__ import annotations

import pytest

from souk.application.accounts.login import Login, LoginCommand
from souk.application.accounts.profiles import GetPublicProfile, UpdateMyProfile
from souk.application.accounts.register_user import RegisterCommand, RegisterUser
from souk.application.accounts.results import AuthResult
from souk.application.ports.access_tokens import AccessTokens
from souk.domain.accounts.errors import EmailTaken, InvalidCredentials, PhoneTaken, UsernameTaken
from souk.domain.accounts.user import ProfileChanges
from souk.domain.shared.errors import InvalidInput
from tests.unit.application.conftest import World

IP = "203.0.113.7"


def register_cmd(
    username: str = "amira", phone: str | None = "+14155550123", email: str | None = None
) -> RegisterCommand:
    return RegisterCommand(username, "Amira", "plum kettle orbit saffron", phone, email, IP)


async def test_register_opens_a_session_for_the_new_user(world: World) -> None:
    result: AuthResult = await world.run(RegisterUser, register_cmd())
    assert result.tokens is not None
    claims = (await world.get(AccessTokens)).verify(result.tokens.access_token)
    assert claims.user_id == result.user.id
    assert result.user.password_hash.startswith("$argon2id$")


async def test_register_needs_a_phone_or_an_email(world: World) -> None:
    with pytest.raises(InvalidInput):
        await world.run(RegisterUser, register_cmd(phone=None, email=None))


@pytest.mark.parametrize(
    ("second", "error"),
    [
        (register_cmd("AMIRA", "+14155550999"), UsernameTaken),
        (register_cmd("other", "+14155550123"), PhoneTaken),
    ],
)
async def test_unique_fields_clash(world: World, second: RegisterCommand, error: type[Exception]) -> None:
    await world.run(RegisterUser, register_cmd())
    with pytest.raises(error):
        await world.run(RegisterUser, second)


async def test_email_uniqueness_ignores_case(world: World) -> None:
    await world.run(RegisterUser, register_cmd(phone=None, email="a@example.com"))
    with pytest.raises(EmailTaken):
        await world.run(RegisterUser, register_cmd("other", phone=None, email="A@Example.com"))


@pytest.mark.parametrize("login", ["amira", "AMIRA", "+14155550123", "a@example.com"])
async def test_login_by_username_phone_or_email(world: World, login: str) -> None:
    registered = await world.run(RegisterUser, register_cmd(email="a@example.com"))
    result = await world.run(Login, LoginCommand(login, "plum kettle orbit saffron", IP))
    assert result.user.id == registered.user.id
    assert result.tokens.refresh_token != registered.tokens.refresh_token


@pytest.mark.parametrize(
    ("login", "password"), [("amira", "wrong password"), ("nobody", "plum kettle orbit saffron"), ("", "x")]
)
async def test_wrong_credentials_say_nothing_about_which_part(world: World, login: str, password: str) -> None:
    await world.run(RegisterUser, register_cmd())
    with pytest.raises(InvalidCredentials) as err:
        await world.run(Login, LoginCommand(login, password, IP))
    assert err.value.code == "invalid_credentials"


async def test_public_profile_has_counts_and_profile_updates_persist(world: World) -> None:
    registered = await world.run(RegisterUser, register_cmd())
    await world.run(UpdateMyProfile, registered.user.id, ProfileChanges(bio="Cameras", neighborhood="Marais"))
    user, counts = await world.run(GetPublicProfile, registered.user.id)
    assert (user.bio, user.neighborhood) == ("Cameras", "Marais")
    assert (counts.followers, counts.following, counts.listings, counts.sold) == (0, 0, 0, 0)


async def test_registration_is_announced_after_commit(world: World) -> None:
    import asyncio

    from souk.application.ports.event_bus import EventBus
    from souk.domain.accounts.events import UserRegistered

    bus = await world.get(EventBus)
    async with bus.subscribe(UserRegistered) as stream:
        result = await world.run(RegisterUser, register_cmd())
        event = await asyncio.wait_for(anext(stream), 1)
    assert event == UserRegistered(result.user.id)
