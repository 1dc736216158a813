"""Which event notifies whom: one rule per topic, on the event's payload alone."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from souk.application.notifications import topics
from souk.domain.accounts.notifications import NotificationType as T
from souk.domain.notifications.notification import NotificationDraft as Draft
from souk.domain.shared.events import DomainEvent
from souk.domain.streams.settings import Audience


@dataclass(frozen=True, slots=True)
class LiveFanOut:
    """Too many recipients for one transaction: the job runner delivers in batches."""

    stream_id: UUID
    seller_id: UUID
    title: str
    audience: Audience = Audience.EVERYONE
    notify_followers: bool = True
    notify_neighborhood: bool = False


@dataclass(frozen=True, slots=True)
class Trigger:
    actor_id: UUID | None
    drafts: list[Draft] = field(default_factory=list)
    fan_out: LiveFanOut | None = None


Payload = Mapping[str, Any]
_OFFER_TYPES = {
    "offer": T.OFFER_RECEIVED,
    "counter": T.OFFER_COUNTERED,
    "accept": T.OFFER_ACCEPTED,
    "decline": T.OFFER_DECLINED,
    "expire": T.OFFER_EXPIRED,
}


def trigger_for(event: DomainEvent) -> Trigger | None:
    """None: the event notifies nobody."""
    rule = _RULES.get(event.topic)
    try:
        return rule(event.payload) if rule else None
    except (KeyError, TypeError, ValueError):  # a payload from an older or foreign producer
        return None


def _uuid(value: Any) -> UUID | None:
    return UUID(str(value)) if value else None


def _message(p: Payload) -> Trigger | None:
    if p["message_type"] not in ("text", "image") or not p.get("sender_id"):
        return None  # offer and system messages: the offer notifications say it better
    data = {"conversation_id": p["conversation_id"], "message_id": p["message_id"], "sender_id": p["sender_id"]}
    drafts = [Draft(UUID(r), T.NEW_MESSAGE, data, only_if_offline=True) for r in p["recipients"]]
    return Trigger(_uuid(p["sender_id"]), drafts)


def _offer(p: Payload) -> Trigger | None:
    """``by``/``action`` are the move that raised the event; the other side hears of it."""
    kind = _OFFER_TYPES.get(p["action"])
    if kind is None:
        return None  # a withdrawal closes the seller's card; no inbox entry
    buyer, seller = UUID(p["buyer_id"]), UUID(p["seller_id"])
    data = {k: p[k] for k in ("offer_id", "product_id", "conversation_id", "price", "status")}
    by = p["by"]
    actor = buyer if by == "buyer" else seller if by == "seller" else None
    recipients = [buyer] if (by, p["action"]) == ("system", "decline") else [buyer, seller]
    return Trigger(actor, [Draft(r, kind, data) for r in recipients if r != actor])


def _sale(p: Payload) -> Trigger | None:
    if p["status"] != "completed":
        return None
    data = {"transaction_id": p["transaction_id"], "product_id": p["product_id"]}
    return Trigger(_uuid(p["buyer_id"]), [Draft(UUID(p["seller_id"]), T.PRODUCT_SOLD, data)])


def _follow(p: Payload) -> Trigger:
    follower = UUID(p["follower_id"])
    return Trigger(follower, [Draft(UUID(p["followee_id"]), T.NEW_FOLLOWER, {"follower_id": str(follower)})])


def _comment(p: Payload) -> Trigger:
    data = {k: p[k] for k in ("comment_id", "target_type", "target_id", "author_id", "parent_id")}
    recipients = [UUID(p["owner_id"])] + ([UUID(p["parent_author_id"])] if p.get("parent_author_id") else [])
    return Trigger(UUID(p["author_id"]), [Draft(r, T.NEW_COMMENT, data) for r in recipients])


def _live(p: Payload) -> Trigger | None:
    followers, neighbours = bool(p.get("notify_followers", True)), bool(p.get("notify_neighborhood", False))
    if not (followers or neighbours):
        return None
    fan_out = LiveFanOut(
        UUID(p["stream_id"]),
        UUID(p["seller_id"]),
        str(p.get("title") or ""),
        Audience(p.get("audience") or Audience.EVERYONE),
        followers,
        neighbours,
    )
    return Trigger(fan_out.seller_id, fan_out=fan_out)


_RULES: dict[str, Callable[[Payload], Trigger | None]] = {
    topics.MESSAGE_SENT: _message,
    topics.OFFER_MADE: _offer,
    topics.OFFER_UPDATED: _offer,
    topics.OFFER_ACCEPTED: _offer,
    topics.TRANSACTION_UPDATED: _sale,
    topics.USER_FOLLOWED: _follow,
    topics.COMMENT_CREATED: _comment,
    topics.STREAM_LIVE: _live,
}
