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
    if seller_home is None or viewer_home is None or seller_home.distance_km(viewer_home) > NEIGHBORHOOD_RADIUS_KM:
        raise NotInAudience(
            f"Only people whose home is within {NEIGHBORHOOD_RADIUS_KM:.0f} km of the seller's may watch this stream."
        )
