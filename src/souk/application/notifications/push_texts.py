"""What a push says for each kind of notification (the app shows the details in-app)."""

from __future__ import annotations

from souk.domain.notifications.notification import Notification
from souk.domain.shared.money import Money
from souk.domain.shared.notifications import NotificationType as T

_TEXTS = {
    T.NEW_MESSAGE: ("New message", "You have a new message."),
    T.OFFER_RECEIVED: ("New offer", "Someone made an offer on your item."),
    T.OFFER_COUNTERED: ("Counter-offer", "Your offer was countered."),
    T.OFFER_ACCEPTED: ("Offer accepted", "Your offer was accepted."),
    T.OFFER_DECLINED: ("Offer declined", "Your offer was declined."),
    T.OFFER_EXPIRED: ("Offer expired", "An offer expired."),
    T.FOLLOWED_SELLER_LIVE: ("Live now", "A seller you follow is live."),
    T.NEARBY_SELLER_LIVE: ("Live near you", "A seller in your neighbourhood is live."),
    T.PRODUCT_SOLD: ("Sold!", "Your item sold."),
    T.NEW_FOLLOWER: ("New follower", "Someone started following you."),
    T.NEW_COMMENT: ("New comment", "Someone commented."),
    T.NEW_DEVICE_SIGN_IN: ("New sign-in", "Your account was signed in to from a new device."),
    T.TWO_FACTOR_CHANGED: ("Security", "Two-factor sign-in was changed on your account."),
    T.MODERATION_WARNING: ("Warning from Souk staff", "Open the app to read it."),
    T.GIVEAWAY_WON: ("You won!", "You won a giveaway in a live stream."),
    T.AUCTION_WON: ("You won!", "You won {title} for {price}."),
    T.AUCTION_PAYMENT_DECLINED: ("Payment declined", "You won {title} for {price}, but your card was declined."),
}
_AUCTION = (T.AUCTION_WON, T.AUCTION_PAYMENT_DECLINED)


def push_text(notification: Notification) -> tuple[str, str]:
    title, body = _TEXTS.get(T(notification.type), ("Souk", "Something happened."))
    if notification.type in (T.FOLLOWED_SELLER_LIVE, T.NEARBY_SELLER_LIVE) and notification.data.get("title"):
        body = str(notification.data["title"])
    if notification.type in _AUCTION:
        body = body.format(title=notification.data.get("title") or "an item", price=_price(notification.data))
    return title, body


def _price(data: dict[str, object]) -> str:
    price = data.get("price")
    if isinstance(price, dict):
        return str(Money(int(price["amount"]), str(price["currency"])))
    return "your bid"


def push_data(notification: Notification) -> dict[str, str]:
    """FCM data values are strings."""
    data = {k: str(v) for k, v in notification.data.items() if isinstance(v, str | int | float)}
    return {**data, "notification_id": str(notification.id), "type": notification.type}
