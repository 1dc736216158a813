"""Who may watch: everyone, the seller's followers, or people living near the seller."""

from __future__ import annotations

from uuid import UUID

from souk.domain.shared.geo import GeoPoint
from souk.domain.streams.errors import NotInAudience
from souk.domain.streams.settings import Audience

NEIGHBORHOOD_RADIUS_KM = 10.0


def admit(
    audience: Audience,
    seller_id: UUID,
    viewer_id: UUID,
    follows_seller: bool,
    seller_home: GeoPoint | None,
    viewer_home: GeoPoint | None,
) -> None:
    """Raises NotInAudience when the viewer may not watch. The seller always may."""
    if viewer_id == seller_id or audience is Audience.EVERYONE:
        return
    if audience is Audience.FOLLOWERS:
        if not follows_seller:
            raise NotInAudience("Only the seller's followers may watch this stream.")
        return
    if not are_neighbours(seller_home, viewer_home):
        raise NotInAudience(
            f"Only people whose home is within {NEIGHBORHOOD_RADIUS_KM:.0f} km of the seller's may watch this stream."
        )


def are_neighbours(home: GeoPoint | None, other: GeoPoint | None) -> bool:
    """Homes at most ``NEIGHBORHOOD_RADIUS_KM`` apart (great-circle); no home, no neighbours."""
    return home is not None and other is not None and home.distance_km(other) <= NEIGHBORHOOD_RADIUS_KM
