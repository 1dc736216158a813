"""The one place that knows how events are written down and read back.

Outbox rows and bus messages hold ``topic`` + a JSON payload with the shape's version
(``v``; rows from before versions have none and count as version 1). Reading a payload of
an older version runs it through the upcasters up to the class's current version, then
msgspec converts it into the event class; a payload that cannot be read (a topic this
build does not know, a row too old to upcast) reads as ``None`` and is logged once."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from souk.adapters.events.upcasters import UPCASTERS, Upcaster
from souk.application.notifications.doorbell import DoorbellRung
from souk.application.realtime.addressed import AddressedFrame, AddressedFrames
from souk.domain.accounts.events import (
    NewDeviceSignedIn,
    PresenceChanged,
    SessionRevoked,
    TwoFactorChanged,
    UserRegistered,
)
from souk.domain.catalog.events import UserFollowed
from souk.domain.negotiation.events import (
    ConversationRead,
    MessageSent,
    OfferAccepted,
    OfferMade,
    OfferUpdated,
    ProductReserved,
    TransactionOpened,
    TransactionUpdated,
)
from souk.domain.notifications.events import NotificationCreated
from souk.domain.payments.events import PaymentUpdated, PayoutsEnabled, TipCaptured
from souk.domain.privacy.events import DataExportReady
from souk.domain.shared.events import DomainEvent
from souk.domain.social.events import CommentCreated
from souk.domain.streams.auction_events import AuctionBidPlaced, AuctionFinished, AuctionSettled, AuctionStarted
from souk.domain.streams.events import (
    AudienceChanged,
    GiveawayEnded,
    GiveawayStarted,
    RoomChanged,
    SellerWordsChanged,
    StreamChatDeleted,
    StreamChatPinned,
    StreamChatPosted,
    StreamEnded,
    StreamProductTagged,
    StreamReacted,
    StreamWentLive,
    ViewerRemoved,
)
from souk.domain.streams.sale_events import FlashSaleEnded, FlashSaleStarted, StreamStockChanged

log = logging.getLogger("souk.events")

VERSION_KEY = "v"

EVENTS: tuple[type[DomainEvent], ...] = (
    OfferMade,
    OfferUpdated,
    OfferAccepted,
    MessageSent,
    ConversationRead,
    TransactionOpened,
    TransactionUpdated,
    ProductReserved,
    PaymentUpdated,
    PayoutsEnabled,
    TipCaptured,
    AuctionStarted,
    AuctionBidPlaced,
    AuctionFinished,
    AuctionSettled,
    UserFollowed,
    CommentCreated,
    StreamWentLive,
    StreamEnded,
    StreamProductTagged,
    StreamStockChanged,
    FlashSaleStarted,
    FlashSaleEnded,
    AudienceChanged,
    RoomChanged,
    SellerWordsChanged,
    UserRegistered,
    SessionRevoked,
    NewDeviceSignedIn,
    TwoFactorChanged,
    NotificationCreated,
    PresenceChanged,
    StreamChatPosted,
    StreamReacted,
    StreamChatDeleted,
    StreamChatPinned,
    ViewerRemoved,
    DataExportReady,
    GiveawayStarted,
    GiveawayEnded,
    AddressedFrame,
    AddressedFrames,
    DoorbellRung,
)


class EventRegistry:
    def __init__(
        self, kinds: Iterable[type[DomainEvent]] = EVENTS, upcasters: Mapping[tuple[str, int], Upcaster] = UPCASTERS
    ) -> None:
        self._kinds: dict[str, type[DomainEvent]] = {}
        for kind in kinds:
            if kind.topic in self._kinds:
                raise ValueError(f"two event classes claim {kind.topic!r}")
            self._kinds[kind.topic] = kind
        self._upcasters = dict(upcasters)
        for kind in self._kinds.values():
            missing = [v for v in range(1, kind.version) if (kind.topic, v) not in self._upcasters]
            if missing:
                raise ValueError(f"{kind.__name__} v{kind.version} cannot read v{missing}: no upcaster")

    def kind(self, topic: str) -> type[DomainEvent] | None:
        return self._kinds.get(topic)

    def to_payload(self, event: DomainEvent) -> dict[str, Any]:
        """The stored form: the event's fields as JSON values, and its version."""
        payload: dict[str, Any] = msgspec.to_builtins(event)
        payload[VERSION_KEY] = event.version
        return payload

    def from_payload(self, topic: str, payload: Mapping[str, Any]) -> DomainEvent | None:
        kind = self._kinds.get(topic)
        if kind is None:
            log.warning("events.unknown_topic topic=%s", topic)
            return None
        data = dict(payload)
        version = int(data.pop(VERSION_KEY, 1))
        try:
            while version < kind.version:
                data = self._upcasters[(topic, version)](data)
                version += 1
            if version != kind.version:
                raise ValueError(f"version {version} is newer than this build's {kind.version}")
            return msgspec.convert(data, kind)
        except (KeyError, TypeError, ValueError, msgspec.ValidationError) as exc:
            log.warning("events.unreadable topic=%s version=%s error=%s", topic, version, exc)
            return None
