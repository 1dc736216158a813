"""Presence goes to conversation partners only, and a connection nobody closed (its
process crashed) is announced offline by the sweep once it expires."""

from __future__ import annotations

import asyncio
from pathlib import Path

import msgspec

from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.adapters.memory.presence import InMemoryPresence
from souk.application.negotiation.start_conversation import StartConversation
from souk.application.ports.conversation_repository import ConversationReader
from souk.application.realtime.announce_presence import AnnouncePresence
from souk.application.realtime.sweep_presence import SweepPresence
from souk.domain.accounts.events import PresenceChanged
from tests.negotiation_support import negotiation_container
from tests.unit.realtime.projections import projection_without_reads


async def test_the_sweep_announces_expired_users_to_their_partners(tmp_path: Path) -> None:
    world = negotiation_container("memory", None, tmp_path)
    alice, bob, carol = await world.user(), await world.user(), await world.user()
    await world.run(StartConversation, alice, bob, None, None)
    await world.run(StartConversation, carol, alice, None, None)
    bus, presence = InProcessEventBus(), InMemoryPresence(ttl_s=0.05)
    await presence.connect(alice, "crashed-process")
    await presence.connect(bob, "alive")
    async with bus.subscribe(PresenceChanged) as frames, world.container() as request:
        announce = AnnouncePresence(await request.get(ConversationReader), bus)
        sweep = SweepPresence(presence, announce)
        await asyncio.sleep(0.02)
        await presence.touch([(bob, "alive")])
        assert await sweep() == 0
        await asyncio.sleep(0.04)
        await presence.touch([(bob, "alive")])
        assert await sweep() == 1  # alice only: bob keeps touching
        event = await asyncio.wait_for(anext(aiter(frames)), 1)
    assert event == PresenceChanged(alice, False, tuple(sorted([bob, carol])))
    [frame] = await projection_without_reads().frames(event)
    assert (frame.type, msgspec.to_builtins(frame.data)) == ("user:offline", {"user_id": str(alice)})
    assert sorted(frame.users) == sorted([str(bob), str(carol)])
    await world.container.close()
