"""Issue 18: the session list, ending one session, changing the password (on fakes)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from souk.application.accounts.change_password import ChangePassword, ChangePasswordCommand
from souk.application.accounts.end_session import EndSession
from souk.application.accounts.list_sessions import ListSessions
from souk.application.accounts.login import Login, LoginCommand
from souk.application.accounts.refresh_session import RefreshSession
from souk.application.accounts.register_user import RegisterCommand, RegisterUser
from souk.application.notifications.triggers import trigger_for
from souk.application.ports.access_tokens import AccessTokens
from souk.application.ports.outbox import OutboxStore
from souk.domain.accounts.device_session import Platform
from souk.domain.accounts.errors import InvalidCredentials, InvalidToken, SessionEnded, SessionNotFound, WrongPassword
from souk.domain.accounts.events import NewDeviceSignedIn
from souk.domain.accounts.password_policy import WeakPassword
from souk.domain.shared.errors import InvalidInput, RateLimited
from tests.unit.application.conftest import World

PASSWORD = "plum kettle orbit saffron"
NEW_PASSWORD = "velvet harbour quince 42"


async def register(world: World, name: str = "amira", **device: Any) -> Any:
    cmd = RegisterCommand(name, "A", PASSWORD, None, f"{name}@x.io", "93.184.216.34", **device)
    return await world.run(RegisterUser, cmd)


async def login(world: World, name: str = "amira", ip: str = "127.0.0.1", **device: Any) -> Any:
    return await world.run(Login, LoginCommand(name, PASSWORD, ip, **device))


async def session_of(world: World, auth: Any) -> UUID:
    return (await world.get(AccessTokens)).verify(auth.tokens.access_token).session_id


async def new_device_events(world: World) -> list[NewDeviceSignedIn]:
    store = await world.get(OutboxStore)
    entries = await store.published_since(world.clock.now() - timedelta(days=1), [NewDeviceSignedIn.topic], 100)
    return [e.event for e in entries if isinstance(e.event, NewDeviceSignedIn)]


async def test_the_list_shows_each_live_session_with_its_device_and_marks_the_current(world: World) -> None:
    phone = await register(world, device_name="Amira's iPhone", platform="ios")
    world.clock.advance(timedelta(minutes=1))
    laptop = await login(world, device_name="  Work   laptop ", platform="web")
    views = await world.run(ListSessions, phone.user.id, await session_of(world, laptop))
    assert [(v.session.device.name, v.session.device.platform, v.current) for v in views] == [
        ("Work laptop", Platform.WEB, True),
        ("Amira's iPhone", Platform.IOS, False),
    ]
    assert views[0].session.approx_place == "local network"  # 127.0.0.1
    assert views[1].session.approx_place == "unknown"  # a public address in no configured range
    assert views[1].session.id == await session_of(world, phone)

    world.clock.advance(timedelta(minutes=5))
    await world.run(RefreshSession, phone.tokens.refresh_token)  # a refresh is a sighting
    views = await world.run(ListSessions, phone.user.id, await session_of(world, phone))
    assert views[0].session.device.name == "Amira's iPhone"
    assert views[0].session.last_seen_at == world.clock.now()
    assert views[0].session.created_at == world.clock.now() - timedelta(minutes=6)


async def test_ending_a_session_signs_that_device_out_and_only_the_owner_can(world: World) -> None:
    phone = await register(world)
    laptop = await login(world, device_name="Laptop")
    mallory = await register(world, "mallory")
    target = await session_of(world, laptop)
    with pytest.raises(SessionNotFound):  # someone else's session: not found, and left alone
        await world.run(EndSession, mallory.user.id, target)
    assert (await world.get(AccessTokens)).verify(laptop.tokens.access_token)
    with pytest.raises(SessionNotFound):
        await world.run(EndSession, phone.user.id, uuid4())

    await world.run(EndSession, phone.user.id, target)
    with pytest.raises(SessionEnded):
        (await world.get(AccessTokens)).verify(laptop.tokens.access_token)
    with pytest.raises(InvalidToken):
        await world.run(RefreshSession, laptop.tokens.refresh_token)
    views = await world.run(ListSessions, phone.user.id, await session_of(world, phone))
    assert [v.session.id for v in views] == [await session_of(world, phone)]
    with pytest.raises(SessionNotFound):  # already ended
        await world.run(EndSession, phone.user.id, target)


async def test_a_sign_in_from_a_new_device_is_recorded_for_a_notification(world: World) -> None:
    await register(world, device_name="Amira's iPhone", platform="ios")  # the first sign-in: no alarm
    await login(world, device_name="Amira's iPhone", platform="ios")  # a known device: no alarm
    assert await new_device_events(world) == []
    stranger = await login(world, device_name="Unknown PC", platform="desktop", ip="10.1.2.3")
    [event] = await new_device_events(world)
    assert (event.session_id, event.device_name, event.platform, event.approx_place) == (
        await session_of(world, stranger),
        "Unknown PC",
        "desktop",
        "local network",
    )
    trigger = trigger_for(event)
    assert trigger is not None
    [draft] = trigger.drafts
    assert (draft.recipient_id, draft.type.value) == (stranger.user.id, "new_device_sign_in")
    assert draft.data["device_name"] == "Unknown PC"


async def test_a_bad_device_description_is_refused_before_anything_happens(world: World) -> None:
    await register(world)
    with pytest.raises(InvalidInput) as refused:
        await login(world, platform="toaster")
    assert refused.value.field == "platform"
    with pytest.raises(InvalidInput):
        await login(world, device_name="x" * 81)
    views = await world.run(ListSessions, (await login(world)).user.id, uuid4())
    assert len(views) == 2


async def test_changing_the_password_needs_the_old_one_and_ends_the_other_sessions(world: World) -> None:
    phone = await register(world)
    laptop = await login(world)
    me, here = phone.user.id, await session_of(world, phone)
    with pytest.raises(WrongPassword) as wrong:
        await world.run(ChangePassword, ChangePasswordCommand(me, here, "not it at all", NEW_PASSWORD))
    assert wrong.value.field == "old_password"
    with pytest.raises(WeakPassword):
        await world.run(ChangePassword, ChangePasswordCommand(me, here, PASSWORD, "password123"))
    tokens = await world.get(AccessTokens)
    assert tokens.verify(laptop.tokens.access_token)  # nothing changed yet

    await world.run(ChangePassword, ChangePasswordCommand(me, here, PASSWORD, NEW_PASSWORD))
    assert tokens.verify(phone.tokens.access_token)  # this session stays
    with pytest.raises(SessionEnded):
        tokens.verify(laptop.tokens.access_token)
    with pytest.raises(InvalidCredentials):
        await login(world)
    assert await world.run(Login, LoginCommand("amira", NEW_PASSWORD, "ip"))


async def test_wrong_old_passwords_are_throttled_per_account(tmp_path: Any) -> None:
    from souk.application.accounts.rate_rules import AuthRateRules
    from tests.unit.application.conftest import make_world

    world, container = make_world(tmp_path, AuthRateRules())
    try:
        auth = await register(world)
        cmd = ChangePasswordCommand(auth.user.id, await session_of(world, auth), "guess", NEW_PASSWORD)
        for _ in range(10):
            with pytest.raises(WrongPassword):
                await world.run(ChangePassword, cmd)
        with pytest.raises(RateLimited):  # even the right one, until the window passes
            await world.run(ChangePassword, ChangePasswordCommand(cmd.user_id, cmd.session_id, PASSWORD, NEW_PASSWORD))
    finally:
        await container.close()
