"""Going live tells followers and/or neighbours: planned as batches, each one a job of its own.

The plan job works out whom the stream's settings tell (``announcements``: followers as
``followed_seller_live``, neighbours as ``nearby_seller_live``), cuts each group (by user
id) into ranges of ``BATCH`` and enqueues one batch job per range, keyed by (event, kind,
range), so several workers write batches in parallel and a retried plan enqueues nothing
twice. A batch job inserts the range's notifications with one statement that skips
existing ones, so its retry — or a re-run of the whole plan — adds nothing twice; then it
sends ``notification:new`` to the recipients that are online and the pushes of the rest."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.notifications.triggers import LiveFanOut
from souk.application.ports.job_queue import JobPayload
from souk.application.ports.notification_repository import RecipientRange
from souk.domain.accounts.notifications import NotificationType
from souk.domain.shared.geo import GeoPoint
from souk.domain.streams.announcement import Recipients
from souk.domain.streams.settings import Audience

BATCH = 1000


def _uuid(payload: JobPayload, name: str) -> UUID | None:
    raw = payload.get(name)
    return UUID(str(raw)) if raw else None


@dataclass(frozen=True, slots=True)
class LivePlan:
    """The plan job's payload: the ``stream.live`` event and what its settings ask."""

    event_id: UUID
    live: LiveFanOut

    @classmethod
    def of(cls, payload: JobPayload) -> LivePlan:
        """Payloads queued before neighbours were told lack the settings: followers only."""
        live = LiveFanOut(
            UUID(str(payload["stream_id"])),
            UUID(str(payload["seller_id"])),
            str(payload.get("title") or ""),
            Audience(str(payload.get("audience") or Audience.EVERYONE.value)),
            bool(payload.get("notify_followers", True)),
            bool(payload.get("notify_neighborhood", False)),
        )
        return cls(UUID(str(payload["event_id"])), live)

    def payload(self) -> JobPayload:
        live = self.live
        return {
            "event_id": str(self.event_id),
            "stream_id": str(live.stream_id),
            "seller_id": str(live.seller_id),
            "title": live.title,
            "audience": live.audience.value,
            "notify_followers": live.notify_followers,
            "notify_neighborhood": live.notify_neighborhood,
        }

    @property
    def data(self) -> dict[str, object]:
        """What each notification carries."""
        live = self.live
        return {"stream_id": str(live.stream_id), "seller_id": str(live.seller_id), "title": live.title}


@dataclass(frozen=True, slots=True)
class LiveBatch:
    """One batch job's payload: a plan's recipients of one kind, within one id range."""

    plan: LivePlan
    range: RecipientRange

    @classmethod
    def of(cls, payload: JobPayload) -> LiveBatch:
        plan = LivePlan.of(payload)
        follows = payload.get("follows", True)  # older payloads: followers
        lat, lng = payload.get("near_lat"), payload.get("near_lng")
        recipients = Recipients(
            plan.live.seller_id,
            None if follows is None else bool(follows),
            GeoPoint(float(lat), float(lng)) if lat is not None and lng is not None else None,
        )
        kind = NotificationType(str(payload.get("kind") or NotificationType.FOLLOWED_SELLER_LIVE.value))
        return cls(plan, RecipientRange(recipients, kind, _uuid(payload, "start"), _uuid(payload, "end")))

    def payload(self) -> JobPayload:
        recipients, near = self.range.recipients, self.range.recipients.near
        return {
            **self.plan.payload(),
            "kind": self.range.kind.value,
            "follows": recipients.follows,
            "near_lat": near.lat if near else None,
            "near_lng": near.lng if near else None,
            "start": str(self.range.start) if self.range.start else None,
            "end": str(self.range.end) if self.range.end else None,
        }
