"""Going live tells followers and/or neighbours: written at once, delivered in batches.

The plan job works out whom the stream's settings tell (``announcements``: followers as
``followed_seller_live``, neighbours as ``nearby_seller_live``) and writes each group's
notifications with one statement (``add_for_audience``: the database's floor, no rows
through Python; all or nothing, so a retried plan writes nothing twice). Then it cuts each
group (by user id) into ranges of ``BATCH`` and enqueues one delivery job per range, keyed
by (event, kind, range), so a retried plan enqueues nothing twice and several workers
deliver in parallel. A delivery job reads its range's notifications that nobody was told of
yet, sends ``notification:new`` to the recipients that are online (marking them settled
before the frames go out, so a retry sends none twice) and the pushes of the offline ones
with devices (settled as they are sent, at least once).

Both jobs name the ``stream.live`` event by its outbox id and read it back typed from the
outbox (``EventFeed.get``), so the event's fields are never copied into job payloads."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.job_queue import JobPayload
from souk.application.ports.notification_repository import RecipientRange
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.notifications import NotificationType
from souk.domain.streams.announcement import Recipients
from souk.domain.streams.events import StreamWentLive

# Recipients per delivery job. Each job pays a fixed cost (queue round trips, a scope,
# reading the event, two transactions); at 1,000 that cost was a third of going live to
# 100,000 followers. 5,000 still spreads the work over workers and keeps each read short.
BATCH = 5000
PLAN_JOB = "notifications.live_fan_out"
BATCH_JOB = "notifications.live_batch"


def _uuid(payload: JobPayload, name: str) -> UUID | None:
    raw = payload.get(name)
    return UUID(str(raw)) if raw else None


def event_id_of(payload: JobPayload) -> UUID:
    """The ``stream.live`` outbox event a plan or batch job is about."""
    return UUID(str(payload["event_id"]))


def plan_payload(event_id: UUID) -> JobPayload:
    return {"event_id": str(event_id)}


def notification_data(live: StreamWentLive) -> dict[str, object]:
    """What each going-live notification carries."""
    return {"stream_id": str(live.stream_id), "seller_id": str(live.seller_id), "title": live.title}


@dataclass(frozen=True, slots=True)
class LiveBatch:
    """One batch job: the recipients of one kind, within one id range, of one event."""

    event_id: UUID
    range: RecipientRange

    @classmethod
    def of(cls, payload: JobPayload, seller_id: UUID) -> LiveBatch:
        lat, lng = payload.get("near_lat"), payload.get("near_lng")
        follows = payload.get("follows")
        recipients = Recipients(
            seller_id,
            None if follows is None else bool(follows),
            GeoPoint(float(lat), float(lng)) if lat is not None and lng is not None else None,
        )
        kind = NotificationType(str(payload["kind"]))
        return cls(
            event_id_of(payload), RecipientRange(recipients, kind, _uuid(payload, "start"), _uuid(payload, "end"))
        )

    def payload(self) -> JobPayload:
        recipients, near = self.range.recipients, self.range.recipients.near
        return {
            **plan_payload(self.event_id),
            "kind": self.range.kind.value,
            "follows": recipients.follows,
            "near_lat": near.lat if near else None,
            "near_lng": near.lng if near else None,
            "start": str(self.range.start) if self.range.start else None,
            "end": str(self.range.end) if self.range.end else None,
        }
