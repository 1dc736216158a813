"""Which event notifies whom: one rule per event class, on the event alone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from souk.domain.accounts.events import NewDeviceSignedIn, TwoFactorChanged
from souk.domain.catalog.events import UserFollowed
from souk.domain.negotiation.conversation import MessageType
from souk.domain.negotiation.events import (
    MessageSent,
    OfferAccepted,
    OfferEvent,
    OfferMade,
    OfferUpdated,
    TransactionUpdated,
)
from souk.domain.negotiation.offer import Action, Side
from souk.domain.negotiation.transaction import TransactionStatus
from souk.domain.notifications.notification import NotificationDraft as Draft
from souk.domain.payments.events import PaymentUpdated, PayoutsEnabled
from souk.domain.payments.status import PaymentStatus
from souk.domain.privacy.events import DataExportReady
from souk.domain.shared.events import DomainEvent
from souk.domain.shared.notifications import NotificationType as T
from souk.domain.social.events import CommentCreated
from souk.domain.streams.auction_events import AuctionSettled
from souk.domain.streams.events import GiveawayEnded, StreamWentLive


@dataclass(frozen=True, slots=True)
class Trigger:
    """``fan_out``: going live — too many recipients for one transaction, so the job
    runner delivers in batches (live_batch.py)."""

    actor_id: UUID | None
    drafts: list[Draft] = field(default_factory=list)
    fan_out: StreamWentLive | None = None


_OFFER_TYPES = {
    Action.OFFER: T.OFFER_RECEIVED,
    Action.COUNTER: T.OFFER_COUNTERED,
    Action.ACCEPT: T.OFFER_ACCEPTED,
    Action.DECLINE: T.OFFER_DECLINED,
    Action.EXPIRE: T.OFFER_EXPIRED,
}


def trigger_for(event: DomainEvent | None) -> Trigger | None:
    """None: the event notifies nobody."""
    rule = _RULES.get(type(event))
    return rule(event) if rule is not None else None


def _message(e: MessageSent) -> Trigger | None:
    m = e.message
    if m.message_type not in (MessageType.TEXT, MessageType.IMAGE) or m.sender_id is None:
        return None  # offer and system messages: the offer notifications say it better
    data = {"conversation_id": str(m.conversation_id), "message_id": str(m.id), "sender_id": str(m.sender_id)}
    drafts = [Draft(r, T.NEW_MESSAGE, data, only_if_offline=True) for r in e.members]
    return Trigger(m.sender_id, drafts)


def _offer(e: OfferEvent) -> Trigger | None:
    """The move that raised the event was made by its actor; the other side hears of it."""
    offer, move = e.offer, e.offer.last_move
    kind = _OFFER_TYPES.get(move.action)
    if kind is None:
        return None  # a withdrawal closes the seller's card; no inbox entry
    data = {
        "offer_id": str(offer.id),
        "product_id": str(offer.product_id),
        "conversation_id": str(offer.conversation_id),
        "price": {"amount": offer.price.amount, "currency": offer.price.currency},
        "status": offer.status.value,
    }
    actor = offer.actor()
    sold_elsewhere = (move.by, move.action) == (Side.SYSTEM, Action.DECLINE)
    recipients = [offer.buyer_id] if sold_elsewhere else list(offer.parties)
    return Trigger(actor, [Draft(r, kind, data) for r in recipients if r != actor])


def _sale(e: TransactionUpdated) -> Trigger | None:
    if e.status is not TransactionStatus.COMPLETED:
        return None
    data = {"transaction_id": str(e.transaction_id), "product_id": str(e.product_id)}
    return Trigger(e.buyer_id, [Draft(e.seller_id, T.PRODUCT_SOLD, data)])


_PAYMENT_NEWS: dict[PaymentStatus, tuple[T, str]] = {
    PaymentStatus.AUTHORIZED: (T.PAYMENT_AUTHORIZED, "seller"),
    PaymentStatus.COMPLETED: (T.PAYMENT_CAPTURED, "both"),
    PaymentStatus.PARTIALLY_REFUNDED: (T.PAYMENT_REFUNDED, "buyer"),
    PaymentStatus.REFUNDED: (T.PAYMENT_REFUNDED, "buyer"),
    PaymentStatus.DISPUTED: (T.PAYMENT_DISPUTED, "seller"),
}


def _payment(e: PaymentUpdated) -> Trigger | None:
    news = _PAYMENT_NEWS.get(e.status)
    if news is None:
        return None  # cancelled or expired: the sale's own updates say it
    kind, who = news
    recipients = {"seller": [e.seller_id], "buyer": [e.buyer_id], "both": [e.buyer_id, e.seller_id]}[who]
    data = {
        "transaction_id": str(e.transaction_id),
        "status": e.status.value,
        "amount": {"amount": e.amount.amount, "currency": e.amount.currency},
        "refunded": e.refunded,
    }
    return Trigger(None, [Draft(r, kind, data) for r in recipients])


def _payouts(e: PayoutsEnabled) -> Trigger:
    return Trigger(None, [Draft(e.user_id, T.PAYOUTS_ENABLED, {})])


def _follow(e: UserFollowed) -> Trigger:
    return Trigger(e.follower_id, [Draft(e.followee_id, T.NEW_FOLLOWER, {"follower_id": str(e.follower_id)})])


def _comment(e: CommentCreated) -> Trigger:
    data = {
        "comment_id": str(e.comment_id),
        "target_type": e.target_type.value,
        "target_id": str(e.target_id),
        "author_id": str(e.author_id),
        "parent_id": str(e.parent_id) if e.parent_id else None,
    }
    recipients = [e.owner_id] + ([e.parent_author_id] if e.parent_author_id else [])
    return Trigger(e.author_id, [Draft(r, T.NEW_COMMENT, data) for r in recipients])


def _live(e: StreamWentLive) -> Trigger | None:
    if not (e.notify_followers or e.notify_neighborhood):
        return None
    return Trigger(e.seller_id, fan_out=e)


def _giveaway_won(e: GiveawayEnded) -> Trigger | None:
    if e.winner_id is None:
        return None
    data = {
        "giveaway_id": str(e.giveaway_id),
        "stream_id": str(e.stream_id),
        "product_id": str(e.product_id),
        "transaction_id": str(e.transaction_id) if e.transaction_id else None,
    }
    return Trigger(e.seller_id, [Draft(e.winner_id, T.GIVEAWAY_WON, data)])


_AUCTION_NEWS = {"sold": T.AUCTION_WON, "declined": T.AUCTION_PAYMENT_DECLINED}


def _auction_settled(e: AuctionSettled) -> Trigger | None:
    """The winner, and only the winner: charged (``auction_won``) or refused."""
    kind = _AUCTION_NEWS.get(e.outcome)
    if kind is None:
        return None
    data = {
        "auction_id": str(e.auction_id),
        "stream_id": str(e.stream_id),
        "product_id": str(e.product_id),
        "title": e.product_title,
        "price": {"amount": e.price.amount, "currency": e.price.currency},
        "transaction_id": str(e.transaction_id) if e.transaction_id else None,
    }
    return Trigger(e.seller_id, [Draft(e.winner_id, kind, data)])


def _new_device(e: NewDeviceSignedIn) -> Trigger:
    data = {
        "session_id": str(e.session_id),
        "device_name": e.device_name,
        "platform": e.platform,
        "approx_place": e.approx_place,
    }
    return Trigger(None, [Draft(e.user_id, T.NEW_DEVICE_SIGN_IN, data)])


def _two_factor(e: TwoFactorChanged) -> Trigger:
    return Trigger(None, [Draft(e.user_id, T.TWO_FACTOR_CHANGED, {"enabled": e.enabled})])


E = TypeVar("E", bound=DomainEvent)


def _export_ready(e: DataExportReady) -> Trigger:
    """The link is the permission to download: only its owner's inbox gets it."""
    data = {"export_id": str(e.export_id), "url": e.url, "expires_at": e.expires_at.isoformat()}
    return Trigger(None, [Draft(e.user_id, T.DATA_EXPORT_READY, data)])


_RULES: dict[type[Any], Callable[[Any], Trigger | None]] = {}


def _rule(kind: type[E], rule: Callable[[E], Trigger | None]) -> None:
    _RULES[kind] = rule


_rule(MessageSent, _message)
_rule(OfferMade, _offer)
_rule(OfferUpdated, _offer)
_rule(OfferAccepted, _offer)
_rule(TransactionUpdated, _sale)
_rule(PaymentUpdated, _payment)
_rule(PayoutsEnabled, _payouts)
_rule(UserFollowed, _follow)
_rule(CommentCreated, _comment)
_rule(StreamWentLive, _live)
_rule(DataExportReady, _export_ready)
_rule(NewDeviceSignedIn, _new_device)
_rule(TwoFactorChanged, _two_factor)
_rule(GiveawayEnded, _giveaway_won)
_rule(AuctionSettled, _auction_settled)

# What the notification consumer's doorbell listens for on the bus.
TRIGGER_EVENTS: tuple[type[DomainEvent], ...] = tuple(_RULES)
