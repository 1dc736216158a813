"""Kinds of notification a user can switch on or off."""

from __future__ import annotations

from enum import StrEnum

from souk.domain.shared.errors import InvalidInput


class NotificationType(StrEnum):
    NEW_MESSAGE = "new_message"
    OFFER_RECEIVED = "offer_received"
    OFFER_COUNTERED = "offer_countered"
    OFFER_ACCEPTED = "offer_accepted"
    OFFER_DECLINED = "offer_declined"
    OFFER_EXPIRED = "offer_expired"
    FOLLOWED_SELLER_LIVE = "followed_seller_live"
    NEARBY_SELLER_LIVE = "nearby_seller_live"  # a seller living near you went live
    PRODUCT_SOLD = "product_sold"
    NEW_FOLLOWER = "new_follower"
    NEW_COMMENT = "new_comment"
    MODERATION_WARNING = "moderation_warning"  # staff warned you (a report was upheld)


def default_settings() -> dict[str, bool]:
    return {kind.value: True for kind in NotificationType}


def merge_settings(current: dict[str, bool], changes: dict[str, bool]) -> dict[str, bool]:
    """Apply a partial update; an unknown kind is an error, not silently kept."""
    known = {kind.value for kind in NotificationType}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise InvalidInput(f"Unknown notification types: {', '.join(unknown)}.", field="notification_settings")
    return {**default_settings(), **current, **changes}
