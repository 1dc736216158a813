"""Kinds of notification: what a user switches on or off (accounts), what notifications
are made as (notifications) and which a stream's announcement sends (streams)."""

from __future__ import annotations

from enum import StrEnum


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
