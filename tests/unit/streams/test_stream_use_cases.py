"""Go live, the ingest hooks, the silent-stream sweep and the events, on in-memory adapters
with a hand-moved clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import TypeVar
from uuid import UUID

import pytest

from souk.adapters.memory.store import InMemoryStore
from souk.application.shared.ids import new_id
from souk.application.streams.authorize_publish import AuthorizePublish
from souk.application.streams.check_ingest import CheckIngest
from souk.application.streams.config import LiveConfig
from souk.application.streams.create_stream import CreateStream, NewStream
from souk.application.streams.end_silent_streams import EndSilentStreams
from souk.application.streams.end_stream import EndStream
from souk.application.streams.get_stream import GetStream
from souk.application.streams.go_live import GoLive
from souk.application.streams.join_stream import JoinStream
from souk.application.streams.publish_done import PublishDone
from souk.application.streams.room_snapshots import RoomSnapshots
from souk.application.streams.update_settings import SettingsChange, UpdateStreamSettings
from souk.application.streams.visit_buffer import VisitBuffer
from souk.domain.shared.events import DomainEvent
from souk.domain.streams.errors import (
    HomeLocationRequired,
    InvalidIngestCall,
    NotInAudience,
    StreamFinished,
    UnknownStreamKey,
)
from souk.domain.streams.events import StreamEnded, StreamWentLive
from souk.domain.streams.settings import Audience
from tests.negotiation_support import Negotiation, negotiation_container


@pytest.fixture
async def space(tmp_path: Path) -> AsyncIterator[Negotiation]:
    built = negotiation_container("memory", None, tmp_path)
    yield built
    await built.container.close()


E = TypeVar("E", bound=DomainEvent)


async def events(space: Negotiation, kind: type[E]) -> list[E]:
    """The events of one class recorded to the outbox, oldest first."""
    store = await space.get(InMemoryStore)
    rows = sorted(store.table("outbox").values(), key=lambda r: r.entry.created_at)
    return [r.entry.event for r in rows if isinstance(r.entry.event, kind)]


async def live_stream(space: Negotiation) -> tuple[UUID, UUID, str, str]:
    seller = await space.user()
    stream = await space.run(CreateStream, NewStream(seller, "Show time", [await space.product(seller)]))
    live = await space.run(GoLive, stream.id, seller)
    secret = (await space.get(LiveConfig)).ingest_secret
    return seller, stream.id, live.stream_key, secret


async def test_going_live_raises_stream_live_once_and_ending_stream_ended(space: Negotiation) -> None:
    seller, sid, _key, _ = await live_stream(space)
    await space.run(GoLive, sid, seller)  # a fresh key, not a second start
    assert await events(space, StreamWentLive) == [
        StreamWentLive(sid, seller, "Show time", Audience.EVERYONE, True, False, space.clock.now())
    ]
    await space.run(EndStream, sid, seller)
    assert await events(space, StreamEnded) == [StreamEnded(sid, seller)]


async def test_the_key_is_checked_and_a_silent_push_ends_the_stream_after_the_window(space: Negotiation) -> None:
    _seller, sid, key, secret = await live_stream(space)
    with pytest.raises(InvalidIngestCall):
        await space.run(AuthorizePublish, "wrong", key)
    with pytest.raises(UnknownStreamKey):
        await space.run(AuthorizePublish, secret, key + "x")
    assert await space.run(AuthorizePublish, secret, key) == sid
    assert (await space.run(GetStream, sid, None)).stream.ingest_state.value == "receiving"
    await space.run(PublishDone, secret, key)
    window = (await space.get(LiveConfig)).reconnect_window
    space.clock.advance(window - timedelta(seconds=1))
    assert await space.run(EndSilentStreams) == []
    assert await space.run(AuthorizePublish, secret, key) == sid  # came back in time
    await space.run(PublishDone, secret, key)
    space.clock.advance(window)
    assert await space.run(EndSilentStreams) == [sid]
    ended = (await space.run(GetStream, sid, None)).stream
    assert (ended.status.value, ended.end_reason.value if ended.end_reason else None) == ("ended", "ingest_lost")
    with pytest.raises(UnknownStreamKey):
        await space.run(AuthorizePublish, secret, key)  # dead with the stream
    assert len(await events(space, StreamEnded)) == 1


async def test_neighbourhood_settings_need_the_sellers_home(space: Negotiation) -> None:
    seller = await space.user()
    stream = await space.run(CreateStream, NewStream(seller, "Local", [await space.product(seller)]))
    with pytest.raises(HomeLocationRequired):
        await space.run(UpdateStreamSettings, stream.id, seller, SettingsChange(audience=Audience.NEIGHBORHOOD))
    with pytest.raises(HomeLocationRequired):
        await space.run(UpdateStreamSettings, stream.id, seller, SettingsChange(notify_neighborhood=True))
    changed = await space.run(UpdateStreamSettings, stream.id, seller, SettingsChange(audience=Audience.FOLLOWERS))
    assert changed.settings.audience is Audience.FOLLOWERS


async def test_a_live_push_reporting_in_clears_an_interruption(space: Negotiation) -> None:
    _seller, sid, key, secret = await live_stream(space)
    await space.run(AuthorizePublish, secret, key)
    await space.run(PublishDone, secret, key)
    assert (await space.run(GetStream, sid, None)).stream.ingest_state.value == "interrupted"
    await space.run(CheckIngest, secret, key)
    assert (await space.run(GetStream, sid, None)).stream.ingest_state.value == "receiving"
    with pytest.raises(UnknownStreamKey):
        await space.run(CheckIngest, secret, "sk_other")


async def test_joins_share_one_room_snapshot_until_a_change_drops_it(space: Negotiation) -> None:
    seller, sid, _key, _ = await live_stream(space)
    snapshots = await space.get(RoomSnapshots)
    viewers = [await space.user() for _ in range(30)]
    joined = [await space.run(JoinStream, sid, v, new_id(), f"{v}|c") for v in viewers]
    assert snapshots.loads == 1
    assert {j.stream.stream.id for j in joined} == {sid}
    assert len(await space.get(VisitBuffer)) == 30  # logged in the next batch, not per join

    # Followers only from now on: the next join reads the room again and is refused.
    await space.run(UpdateStreamSettings, sid, seller, SettingsChange(audience=Audience.FOLLOWERS))
    with pytest.raises(NotInAudience):
        await space.run(JoinStream, sid, viewers[0], new_id(), "again|c")
    assert snapshots.loads == 2

    await space.run(EndStream, sid, seller)
    with pytest.raises(StreamFinished):
        await space.run(JoinStream, sid, seller, new_id(), "seller|c")
    assert snapshots.loads == 3
    assert len(await space.get(VisitBuffer)) == 0  # flushed before the end's analytics
