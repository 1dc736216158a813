"""The facts live-room admission depends on raise ``stream.audience_changed`` when they
change (and only then), and ``StillAdmitted`` answers with the join's own rule."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from pathlib import Path
from uuid import UUID

import pytest

from souk.application.accounts.profiles import UpdateMyProfile
from souk.application.catalog.follow_user import FollowUser
from souk.application.catalog.unfollow_user import UnfollowUser
from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.room_loader import RoomLoader
from souk.application.shared.visibility import Visibility
from souk.application.streams.create_stream import CreateStream, NewStream
from souk.application.streams.go_live import GoLive
from souk.application.streams.room_snapshots import RoomSnapshots
from souk.application.streams.still_admitted import StillAdmitted
from souk.application.streams.update_settings import SettingsChange, UpdateStreamSettings
from souk.domain.accounts.user import ProfileChanges
from souk.domain.shared.geo import GeoPoint
from souk.domain.streams.events import AudienceChanged
from souk.domain.streams.settings import Audience
from tests.negotiation_support import Negotiation, negotiation_container
from tests.unit.streams.test_stream_use_cases import events

PARIS, NEAR_PARIS, LYON = GeoPoint(48.8566, 2.3522), GeoPoint(48.8600, 2.3600), GeoPoint(45.7640, 4.8357)


async def admitted(space: Negotiation, user: UUID, stream: UUID) -> bool:
    return stream in await space.run(StillAdmitted, user, [stream])


@pytest.fixture
async def space(tmp_path: Path) -> AsyncIterator[Negotiation]:
    built = negotiation_container("memory", None, tmp_path)
    yield built
    await built.container.close()


async def stream_for(space: Negotiation, seller: UUID, audience: Audience) -> UUID:
    stream = await space.run(CreateStream, NewStream(seller, "Show", [await space.product(seller)]))
    await space.run(UpdateStreamSettings, stream.id, seller, SettingsChange(audience=audience))
    await space.run(GoLive, stream.id, seller)
    return stream.id  # type: ignore[no-any-return]


async def test_unfollowing_raises_audience_changed_once_and_ends_admission(space: Negotiation) -> None:
    seller, fan = await space.user(), await space.user()
    await space.run(FollowUser, fan, seller)
    sid = await stream_for(space, seller, Audience.FOLLOWERS)
    assert await admitted(space, fan, sid)
    await space.run(UnfollowUser, fan, seller)
    await space.run(UnfollowUser, fan, seller)  # not following any more: nothing changed
    assert await events(space, AudienceChanged) == [AudienceChanged(fan)]
    assert not await admitted(space, fan, sid)
    assert await admitted(space, seller, sid)


async def test_moving_home_raises_audience_changed_and_other_edits_do_not(space: Negotiation) -> None:
    seller, viewer = await space.user(), await space.user()
    await space.run(UpdateMyProfile, seller, ProfileChanges(home=PARIS))
    await space.run(UpdateMyProfile, viewer, ProfileChanges(home=NEAR_PARIS))
    sid = await stream_for(space, seller, Audience.NEIGHBORHOOD)
    before = len(await events(space, AudienceChanged))
    await space.run(UpdateMyProfile, viewer, ProfileChanges(bio="hello"))
    await space.run(UpdateMyProfile, viewer, ProfileChanges(home=NEAR_PARIS))  # the same place
    assert len(await events(space, AudienceChanged)) == before
    assert await admitted(space, viewer, sid)
    await space.run(UpdateMyProfile, viewer, ProfileChanges(home=LYON))
    assert (await events(space, AudienceChanged))[before:] == [AudienceChanged(viewer)]
    assert not await admitted(space, viewer, sid)


async def test_an_open_room_for_everyone_admits_anyone_still(space: Negotiation) -> None:
    seller, viewer = await space.user(), await space.user()
    sid = await stream_for(space, seller, Audience.EVERYONE)
    assert await admitted(space, viewer, sid)


class CountingDirectory(AudienceDirectory):
    def __init__(self, real: AudienceDirectory) -> None:
        self.real, self.reads = real, 0

    async def follows(self, follower_id: UUID, followee_id: UUID) -> bool:
        self.reads += 1
        return await self.real.follows(follower_id, followee_id)

    async def followed_among(self, follower_id: UUID, followee_ids: Collection[UUID]) -> set[UUID]:
        self.reads += 1
        return await self.real.followed_among(follower_id, followee_ids)

    async def home_of(self, user_id: UUID) -> GeoPoint | None:
        self.reads += 1
        return await self.real.home_of(user_id)


async def test_rechecking_several_rooms_reads_the_viewer_once_per_fact(space: Negotiation) -> None:
    """One unfollow, four rooms: one read of the follows and one of the home, not one per room."""
    fan = await space.user()
    await space.run(UpdateMyProfile, fan, ProfileChanges(home=NEAR_PARIS))
    sellers = [await space.user() for _ in range(4)]
    for seller in sellers:
        await space.run(UpdateMyProfile, seller, ProfileChanges(home=PARIS))
    await space.run(FollowUser, fan, sellers[0])
    fans_only = await stream_for(space, sellers[0], Audience.FOLLOWERS)
    unfollowed = await stream_for(space, sellers[1], Audience.FOLLOWERS)
    near = await stream_for(space, sellers[2], Audience.NEIGHBORHOOD)
    everyone = await stream_for(space, sellers[3], Audience.EVERYONE)
    async with space.container() as request:
        directory = CountingDirectory(await request.get(AudienceDirectory))
        visibility = await request.get(Visibility)
        check = StillAdmitted(await request.get(RoomSnapshots), await request.get(RoomLoader), directory, visibility)
        kept = await check(fan, [fans_only, unfollowed, near, everyone, UUID(int=7)])
    assert kept == {fans_only, near, everyone, UUID(int=7)}  # a stream gone: the tick closes it
    assert directory.reads == 2
