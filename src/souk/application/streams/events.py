"""Events live streaming raises (through the outbox; consumers must tolerate repeats).

``stream.live`` — a stream went live (once per stream). Payload::

    {"stream_id": str, "seller_id": str, "title": str,
     "audience": "everyone" | "followers" | "neighborhood",
     "notify_followers": bool, "notify_neighborhood": bool,
     "started_at": RFC 3339 str}

  The social feature consumes it to notify the seller's followers and/or neighbours
  according to ``notify_followers`` / ``notify_neighborhood``.

``stream.ended`` — a live stream ended (by its owner, or by itself when the push did not
come back within the reconnect window). Payload ``{"stream_id": str, "seller_id": str}``.

``stream.audience_changed`` — a fact live-room admission depends on changed for a user:
they unfollowed someone or moved their home. Payload ``{"user_id": str}``. Every gateway
process re-checks that user's open visits and removes them from rooms they no longer may
watch (``stream:removed``).
"""

from __future__ import annotations

from uuid import UUID

from souk.domain.shared.events import DomainEvent
from souk.domain.streams.stream import Stream

STREAM_LIVE = "stream.live"
STREAM_ENDED = "stream.ended"
AUDIENCE_CHANGED = "stream.audience_changed"


def audience_changed(user_id: UUID) -> DomainEvent:
    return DomainEvent(AUDIENCE_CHANGED, {"user_id": str(user_id)})


def stream_live(stream: Stream) -> DomainEvent:
    assert stream.started_at is not None
    return DomainEvent(
        STREAM_LIVE,
        {
            "stream_id": str(stream.id),
            "seller_id": str(stream.seller_id),
            "title": stream.title,
            "audience": stream.settings.audience.value,
            "notify_followers": stream.settings.notify_followers,
            "notify_neighborhood": stream.settings.notify_neighborhood,
            "started_at": stream.started_at.isoformat().replace("+00:00", "Z"),
        },
    )


def stream_ended(stream: Stream) -> DomainEvent:
    return DomainEvent(STREAM_ENDED, {"stream_id": str(stream.id), "seller_id": str(stream.seller_id)})
