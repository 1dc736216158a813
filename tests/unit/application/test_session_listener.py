"""Every process hears ``session.revoked`` from the bus (here: another process's event on
the in-process bus) and, after (re)subscribing, reads what it missed from the database."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from uuid import uuid4

from souk.application.accounts.catch_up_revocations import CatchUpRevocations
from souk.application.accounts.logout import Logout
from souk.application.accounts.register_user import RegisterCommand, RegisterUser
from souk.application.accounts.revoked_sessions import RevokedSessions, session_revoked
from souk.application.ports.access_tokens import AccessTokens
from souk.application.ports.event_bus import EventBus
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.bootstrap.sessions_background import RevocationListener
from tests.unit.application.conftest import World


async def test_the_listener_applies_revocations_other_processes_publish(world: World) -> None:
    listener = RevocationListener(world.container)
    await listener.start()
    try:
        session = uuid4()
        bus, revoked = await world.get(EventBus), await world.get(RevokedSessions)
        await bus.publish(session_revoked(uuid4(), [session], "logout", world.clock.now()))
        for _ in range(100):
            if revoked.is_revoked(session):
                break
            await asyncio.sleep(0.01)
        assert revoked.is_revoked(session)
    finally:
        await listener.stop()


async def test_the_catch_up_read_finds_sessions_ended_while_not_listening(world: World) -> None:
    auth = await world.run(RegisterUser, RegisterCommand("hana", "H", "plum kettle orbit", None, "h@x.io", "ip"))
    session = (await world.get(AccessTokens)).verify(auth.tokens.access_token).session_id
    await world.run(Logout, auth.user.id, session, None)

    async def caught_up_view() -> RevokedSessions:
        """A process that heard nothing: its own empty view, filled by the read."""
        view = RevokedSessions(world.clock, timedelta(minutes=15))
        async with world.container() as request:
            await CatchUpRevocations(await request.get(RefreshTokenRepository), view, world.clock)()
        return view

    assert (await caught_up_view()).is_revoked(session)
    world.clock.advance(timedelta(minutes=15, seconds=11))  # every token of it has expired by now
    assert not (await caught_up_view()).is_revoked(session)
