"""Whom going live tells, and as what: the seller's followers (``followed_seller_live``)
and/or the people living near the seller (``nearby_seller_live``), as the stream's settings
ask — but only people the stream's audience admits, since a notification about a stream
one may not watch is a dead end. Someone who is both a follower and a neighbour hears once,
as a follower, when both are notified. The seller never hears of their own stream."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.notifications import NotificationType
from souk.domain.streams.audience import are_neighbours
from souk.domain.streams.settings import Audience


@dataclass(frozen=True, slots=True)
class Recipients:
    """Users by their relation to the seller. ``follows``: True, they must follow the seller;
    False, they must not; None, either. ``near``: their home must be within the
    neighbourhood radius of this point (None: anywhere)."""

    seller_id: UUID
    follows: bool | None
    near: GeoPoint | None = None

    def include(self, user_id: UUID, follows_seller: bool, home: GeoPoint | None) -> bool:
        """The rule every adapter's query keeps (the in-memory one calls it directly)."""
        if user_id == self.seller_id:
            return False
        if self.follows is not None and follows_seller is not self.follows:
            return False
        return self.near is None or are_neighbours(self.near, home)


@dataclass(frozen=True, slots=True)
class Announcement:
    kind: NotificationType
    recipients: Recipients


def announcements(
    seller_id: UUID,
    audience: Audience,
    notify_followers: bool,
    notify_neighborhood: bool,
    seller_home: GeoPoint | None,
) -> list[Announcement]:
    if audience is Audience.NEIGHBORHOOD and seller_home is None:
        return []  # nobody may watch; settings refuse this, but a home can be removed since
    told: list[Announcement] = []
    if notify_followers:
        near = seller_home if audience is Audience.NEIGHBORHOOD else None
        told.append(Announcement(NotificationType.FOLLOWED_SELLER_LIVE, Recipients(seller_id, True, near)))
    if notify_neighborhood and seller_home is not None:
        follows: bool | None = True if audience is Audience.FOLLOWERS else None
        if notify_followers:
            if follows is True:
                return told  # the neighbours who may watch are followers, told already
            follows = False
        told.append(Announcement(NotificationType.NEARBY_SELLER_LIVE, Recipients(seller_id, follows, seller_home)))
    return told
