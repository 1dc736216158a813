"""The facts live-room admission depends on raise ``stream.audience_changed`` when they
change (and only then), and ``StillAdmitted`` answers with the join's own rule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from uuid import UUID

import pytest

from souk.application.accounts.profiles import UpdateMyProfile
from souk.application.catalog.follow_user import FollowUser
from souk.application.catalog.unfollow_user import UnfollowUser
from souk.application.streams.create_stream import CreateStream, NewStream
from souk.application.streams.go_live import GoLive
from souk.application.streams.still_admitted import StillAdmitted
from souk.application.streams.update_settings import SettingsChange, UpdateStreamSettings
from souk.domain.accounts.user import ProfileChanges
from souk.domain.shared.geo import GeoPoint
from souk.domain.streams.events import AudienceChanged
from souk.domain.streams.settings import Audience
from tests.negotiation_support import Negotiation, negotiation_container
from tests.unit.streams.test_stream_use_cases import events

PARIS, NEAR_PARIS, LYON = GeoPoint(48.8566, 2.3522), GeoPoint(48.8600, 2.3600), GeoPoint(45.7640, 4.8357)


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
    assert await space.run(StillAdmitted, sid, fan) is True
    await space.run(UnfollowUser, fan, seller)
    await space.run(UnfollowUser, fan, seller)  # not following any more: nothing changed
    assert await events(space, AudienceChanged) == [AudienceChanged(fan)]
    assert await space.run(StillAdmitted, sid, fan) is False
    assert await space.run(StillAdmitted, sid, seller) is True


async def test_moving_home_raises_audience_changed_and_other_edits_do_not(space: Negotiation) -> None:
    seller, viewer = await space.user(), await space.user()
    await space.run(UpdateMyProfile, seller, ProfileChanges(home=PARIS))
    await space.run(UpdateMyProfile, viewer, ProfileChanges(home=NEAR_PARIS))
    sid = await stream_for(space, seller, Audience.NEIGHBORHOOD)
    before = len(await events(space, AudienceChanged))
    await space.run(UpdateMyProfile, viewer, ProfileChanges(bio="hello"))
    await space.run(UpdateMyProfile, viewer, ProfileChanges(home=NEAR_PARIS))  # the same place
    assert len(await events(space, AudienceChanged)) == before
    assert await space.run(StillAdmitted, sid, viewer) is True
    await space.run(UpdateMyProfile, viewer, ProfileChanges(home=LYON))
    assert (await events(space, AudienceChanged))[before:] == [AudienceChanged(viewer)]
    assert await space.run(StillAdmitted, sid, viewer) is False


async def test_an_open_room_for_everyone_admits_anyone_still(space: Negotiation) -> None:
    seller, viewer = await space.user(), await space.user()
    sid = await stream_for(space, seller, Audience.EVERYONE)
    assert await space.run(StillAdmitted, sid, viewer) is True
