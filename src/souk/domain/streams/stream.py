"""A live stream and its life: draft → live → ended, or draft → cancelled.

Only the owner goes live, changes settings or ends it. While live, the ingest (the RTMP
push) is ``waiting`` for a first push, ``receiving``, or ``interrupted``; a push that stops
and does not come back within the reconnect window ends the stream by itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from souk.domain.streams.errors import (
    InvalidStream,
    NotStreamOwner,
    StreamFinished,
    StreamNotLive,
)
from souk.domain.streams.settings import StreamSettings

TITLE_MIN, TITLE_MAX = 3, 120
DESCRIPTION_MAX = 2000


class StreamStatus(StrEnum):
    DRAFT = "draft"
    LIVE = "live"
    ENDED = "ended"
    CANCELLED = "cancelled"


class IngestState(StrEnum):
    WAITING = "waiting"
    RECEIVING = "receiving"
    INTERRUPTED = "interrupted"


class EndReason(StrEnum):
    OWNER = "owner"
    INGEST_LOST = "ingest_lost"
    TAKEN_DOWN = "taken_down"  # by staff


@dataclass(frozen=True, slots=True)
class StreamTotals:
    """Counters taken when the stream ends (live ones are kept outside the row)."""

    likes: int = 0
    chat_messages: int = 0
    product_views: dict[str, int] = field(default_factory=dict)
    product_clicks: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Stream:
    id: UUID
    seller_id: UUID
    title: str
    description: str
    created_at: datetime
    updated_at: datetime
    scheduled_at: datetime | None = None
    settings: StreamSettings = field(default_factory=StreamSettings)
    status: StreamStatus = StreamStatus.DRAFT
    key_digest: str | None = None
    ingest_state: IngestState | None = None
    interrupted_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    end_reason: EndReason | None = None
    recording_path: str | None = None
    replay_media_id: UUID | None = None
    totals: StreamTotals | None = None

    @classmethod
    def draft(
        cls,
        stream_id: UUID,
        seller_id: UUID,
        title: str,
        description: str | None,
        scheduled_at: datetime | None,
        now: datetime,
    ) -> Stream:
        return cls(stream_id, seller_id, _title(title), _description(description or ""), now, now, scheduled_at)

    @property
    def is_live(self) -> bool:
        return self.status is StreamStatus.LIVE

    @property
    def finished(self) -> bool:
        return self.status in (StreamStatus.ENDED, StreamStatus.CANCELLED)

    def require_owner(self, user_id: UUID) -> None:
        if user_id != self.seller_id:
            raise NotStreamOwner()

    def require_open(self) -> None:
        if self.finished:
            raise StreamFinished()

    def change_settings(self, settings: StreamSettings, by: UUID, now: datetime) -> None:
        self.require_owner(by)
        self.require_open()
        self.settings = settings
        self.updated_at = now

    def go_live(self, by: UUID, key_digest: str, now: datetime) -> bool:
        """Start (from draft) or hand out a fresh key (when live: the old key dies).
        True when the stream just went live."""
        self.require_owner(by)
        self.require_open()
        self.key_digest = key_digest
        self.updated_at = now
        if self.is_live:
            return False
        self.status = StreamStatus.LIVE
        self.ingest_state = IngestState.WAITING
        self.started_at = now
        return True

    def end(self, by: UUID | None, now: datetime, reason: EndReason = EndReason.OWNER) -> None:
        """``by`` is None when Souk ends it (the push was lost). A draft is cancelled."""
        if by is not None:
            self.require_owner(by)
        self.require_open()
        self.status = StreamStatus.ENDED if self.is_live else StreamStatus.CANCELLED
        self.ended_at = now
        self.end_reason = reason if self.status is StreamStatus.ENDED else None
        self.updated_at = now

    def accepts_key(self, digest: str) -> bool:
        return self.is_live and self.key_digest is not None and self.key_digest == digest

    def ingest_started(self, now: datetime) -> None:
        if not self.is_live:
            raise StreamNotLive()
        self.ingest_state = IngestState.RECEIVING
        self.interrupted_at = None
        self.updated_at = now

    def ingest_stopped(self, now: datetime) -> bool:
        """The push stopped; the reconnect window starts. False if nothing changed."""
        if not self.is_live or self.ingest_state is not IngestState.RECEIVING:
            return False
        self.ingest_state = IngestState.INTERRUPTED
        self.interrupted_at = now
        self.updated_at = now
        return True

    def silent_too_long(self, now: datetime, window: timedelta) -> bool:
        return (
            self.is_live
            and self.ingest_state is IngestState.INTERRUPTED
            and self.interrupted_at is not None
            and now - self.interrupted_at >= window
        )

    def watch_window(self, now: datetime) -> tuple[datetime, datetime] | None:
        """From going live to the end (or now while live); None before going live."""
        if self.started_at is None:
            return None
        return self.started_at, self.ended_at or now


def _title(raw: str) -> str:
    title = " ".join(raw.split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise InvalidStream(f"A title has {TITLE_MIN}-{TITLE_MAX} characters.", field="title")
    return title


def _description(raw: str) -> str:
    text = raw.strip()
    if len(text) > DESCRIPTION_MAX:
        raise InvalidStream(f"A description has at most {DESCRIPTION_MAX} characters.", field="description")
    return text
