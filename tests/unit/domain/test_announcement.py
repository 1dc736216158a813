"""Whom going live tells, for every audience and pair of notify switches."""

from __future__ import annotations

import pytest

from souk.application.shared.ids import new_id
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.notifications import NotificationType
from souk.domain.streams.announcement import Recipients, announcements
from souk.domain.streams.settings import Audience

SELLER = new_id()
HOME = GeoPoint(48.85, 2.35)
FOLLOWED, NEARBY = NotificationType.FOLLOWED_SELLER_LIVE, NotificationType.NEARBY_SELLER_LIVE


@pytest.mark.parametrize(
    ("audience", "followers", "neighbours", "home", "expected"),
    [
        (Audience.EVERYONE, True, False, HOME, [(FOLLOWED, True, None)]),
        (Audience.EVERYONE, False, True, HOME, [(NEARBY, None, HOME)]),
        (Audience.EVERYONE, True, True, HOME, [(FOLLOWED, True, None), (NEARBY, False, HOME)]),
        (Audience.EVERYONE, False, True, None, []),  # no home, no neighbourhood
        (Audience.EVERYONE, True, True, None, [(FOLLOWED, True, None)]),
        (Audience.FOLLOWERS, True, True, HOME, [(FOLLOWED, True, None)]),  # neighbours who may watch follow
        (Audience.FOLLOWERS, False, True, HOME, [(NEARBY, True, HOME)]),
        (Audience.NEIGHBORHOOD, True, False, HOME, [(FOLLOWED, True, HOME)]),  # far followers may not watch
        (Audience.NEIGHBORHOOD, True, True, HOME, [(FOLLOWED, True, HOME), (NEARBY, False, HOME)]),
        (Audience.NEIGHBORHOOD, True, True, None, []),  # nobody may watch
        (Audience.EVERYONE, False, False, HOME, []),
    ],
)
def test_announcements(
    audience: Audience,
    followers: bool,
    neighbours: bool,
    home: GeoPoint | None,
    expected: list[tuple[NotificationType, bool | None, GeoPoint | None]],
) -> None:
    told = announcements(SELLER, audience, followers, neighbours, home)
    assert [(a.kind, a.recipients.follows, a.recipients.near) for a in told] == expected
    assert all(a.recipients.seller_id == SELLER for a in told)


def test_recipients_include_keeps_every_condition() -> None:
    near, far = GeoPoint(48.86, 2.35), GeoPoint(49.5, 2.35)
    fan, stranger = new_id(), new_id()
    neighbours = Recipients(SELLER, None, HOME)
    assert neighbours.include(stranger, False, near)
    assert not neighbours.include(stranger, False, far)
    assert not neighbours.include(stranger, False, None)
    assert not neighbours.include(SELLER, False, HOME)  # never the seller
    assert not Recipients(SELLER, False, HOME).include(fan, True, near)
    assert Recipients(SELLER, True, None).include(fan, True, None)
    assert not Recipients(SELLER, True, None).include(stranger, False, near)
