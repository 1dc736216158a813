"""Outbox events → server frames. Every gateway process runs this once per event it takes
off the bus (whichever door raised the event: REST, WebSocket or a background job) and
hands the frames to its own sockets; events carry everything the frames need, so no
socket costs a database read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from souk.application.negotiation.chat import MESSAGE_SENT
from souk.application.negotiation.offer_moves import OFFER_ACCEPTED, OFFER_MADE, OFFER_UPDATED
from souk.application.negotiation.read_receipts import CONVERSATION_READ
from souk.application.negotiation.recent_offers_feed import OfferAliasKey, buyer_alias
from souk.application.shared.rooms import offer_feed_room


@dataclass(frozen=True, slots=True)
class Frame:
    """One server frame addressed to users (all their sockets) and/or a room."""

    type: str
    data: Any
    users: tuple[str, ...] = ()
    room: str | None = None

    def envelope(self) -> dict[str, Any]:
        """The shape RealtimePublisher puts on the bus (``Hub.deliver`` routes it)."""
        addressed: dict[str, Any] = {"type": self.type, "data": self.data}
        if self.users:
            addressed["users"] = list(self.users)
        if self.room:
            addressed["room"] = self.room
        return addressed


class RealtimeProjection:
    def __init__(self, alias_key: OfferAliasKey) -> None:
        self._alias_key = alias_key
        self._rules: dict[str, Callable[[dict[str, Any]], list[Frame]]] = {
            MESSAGE_SENT: self._message_sent,
            OFFER_MADE: self._offer_made,
            OFFER_UPDATED: self._offer_changed,
            OFFER_ACCEPTED: self._offer_changed,
            CONVERSATION_READ: self._conversation_read,
        }

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(self._rules)

    def frames(self, topic: str, payload: dict[str, Any]) -> list[Frame]:
        """The frames an event makes; an event from an older build (without the document
        the frames need) makes none rather than a half-filled frame."""
        rule = self._rules.get(topic)
        if rule is None:
            return []
        try:
            return rule(payload)
        except KeyError:
            return []

    @staticmethod
    def delivery_receipt(payload: dict[str, Any]) -> tuple[str, list[str]] | None:
        """For ``message.sent`` by a person: ``(sender, the other recipients)`` — whose
        sockets, on receiving it, earn the sender a ``message:delivered``."""
        sender = payload.get("sender_id")
        if not sender:
            return None
        return sender, [r for r in payload.get("recipients", ()) if r != sender]

    def _message_sent(self, payload: dict[str, Any]) -> list[Frame]:
        return [Frame("message:new", payload["message"], users=tuple(payload["recipients"]))]

    def _offer_made(self, payload: dict[str, Any]) -> list[Frame]:
        offer = payload["offer"]
        item = {
            "price": offer["history"][0]["price"],
            "created_at": offer["created_at"],
            "buyer_alias": buyer_alias(self._alias_key, UUID(offer["buyer_id"]), UUID(offer["product_id"])),
        }
        return [
            Frame("offer:new", offer, users=(offer["seller_id"],)),
            Frame("offer:created", offer, users=(offer["buyer_id"],)),
            Frame(
                "offer:feed:new",
                {"product_id": offer["product_id"], "item": item},
                room=offer_feed_room(offer["product_id"]),
            ),
        ]

    def _offer_changed(self, payload: dict[str, Any]) -> list[Frame]:
        offer = payload["offer"]
        return [Frame("offer:updated", offer, users=(offer["buyer_id"], offer["seller_id"]))]

    def _conversation_read(self, payload: dict[str, Any]) -> list[Frame]:
        to = (payload["other_id"],)
        if payload.get("message_id"):
            data = {
                "conversation_id": payload["conversation_id"],
                "message_id": payload["message_id"],
                "reader_id": payload["reader_id"],
            }
            return [Frame("message:read", data, users=to)]
        return [
            Frame(
                "messages:read",
                {"conversation_id": payload["conversation_id"], "reader_id": payload["reader_id"]},
                users=to,
            )
        ]
