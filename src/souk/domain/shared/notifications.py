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
    DATA_EXPORT_READY = "data_export_ready"  # your archive is ready: a signed, expiring link
    NEW_DEVICE_SIGN_IN = "new_device_sign_in"  # someone signed in to your account from a new device
    TWO_FACTOR_CHANGED = "two_factor_changed"  # two-factor sign-in turned on or off
    PAYMENT_AUTHORIZED = "payment_authorized"  # seller: the buyer's card is held, hand the item over
    PAYMENT_CAPTURED = "payment_captured"  # both: the money moved
    PAYMENT_REFUNDED = "payment_refunded"  # buyer: money back (all or part)
    PAYMENT_DISPUTED = "payment_disputed"  # seller: a dispute holds the payout
    PAYOUTS_ENABLED = "payouts_enabled"  # seller: onboarding done
    MODERATION_WARNING = "moderation_warning"  # staff warned you (a report was upheld)
    GIVEAWAY_WON = "giveaway_won"  # you won a live stream's giveaway
    AUCTION_WON = "auction_won"  # you won a live auction and your saved card was charged
    AUCTION_PAYMENT_DECLINED = "auction_payment_declined"  # you won a live auction but your card refused the charge
