"""Going live notifies every follower: planned as batches, each one a job of its own.

The plan job cuts the followers (by id) into ranges of ``BATCH`` and enqueues one batch job
per range, keyed by (event, range), so several workers write batches in parallel and a
retried plan enqueues nothing twice. A batch job inserts the range's notifications with one
statement that skips existing ones, so its retry — or a re-run of the whole plan — adds
nothing twice; then it sends ``notification:new`` to the recipients that are online and
the pushes of the rest."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.job_queue import JobPayload
from souk.application.ports.notification_repository import FollowerRange

BATCH = 1000


@dataclass(frozen=True, slots=True)
class LiveBatch:
    event_id: UUID
    stream_id: UUID
    seller_id: UUID
    title: str
    start: UUID | None = None
    end: UUID | None = None

    @classmethod
    def of(cls, payload: JobPayload) -> LiveBatch:
        def uuid(name: str) -> UUID | None:
            raw = payload.get(name)
            return UUID(str(raw)) if raw else None

        return cls(
            UUID(str(payload["event_id"])),
            UUID(str(payload["stream_id"])),
            UUID(str(payload["seller_id"])),
            str(payload.get("title") or ""),
            uuid("start"),
            uuid("end"),
        )

    def payload(self) -> JobPayload:
        return {
            "event_id": str(self.event_id),
            "stream_id": str(self.stream_id),
            "seller_id": str(self.seller_id),
            "title": self.title,
            "start": str(self.start) if self.start else None,
            "end": str(self.end) if self.end else None,
        }

    @property
    def followers(self) -> FollowerRange:
        return FollowerRange(self.seller_id, self.start, self.end)

    @property
    def data(self) -> dict[str, object]:
        return {"stream_id": str(self.stream_id), "seller_id": str(self.seller_id), "title": self.title}
