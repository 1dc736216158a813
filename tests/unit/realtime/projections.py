"""A projection for events that carry their frames' data: reading a stream fails the test."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from souk.application.negotiation.recent_offers_feed import OfferAliasKey
from souk.application.streams.stream_showcase import StreamShowcase
from souk.entrypoints.ws.projection import RealtimeProjection


def _no_reads() -> AbstractAsyncContextManager[StreamShowcase]:
    raise AssertionError("this event's frames should need no read")


def projection_without_reads() -> RealtimeProjection:
    return RealtimeProjection(OfferAliasKey(b"k" * 32), _no_reads)
