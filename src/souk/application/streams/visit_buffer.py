"""The viewer log, written in batches: joins and leaves wait here and are written by one
multi-row INSERT / UPDATE per batch — at most one batch per interval (``viewer_log_flush_s``;
sooner when a batch fills), and at once when the previous batch is older than that — so a
quiet room's visit is written within milliseconds and a rush of 2,000 joins costs a few
statements. Also flushed before stream analytics are computed, and at shutdown.

What a crash loses: the rows of at most one interval — analytics input only (peak, unique
viewers, watch time); the live viewer count comes from ``LiveAudience``. Visits buffered by
*another* process when a stream ends reach the end-of-stream analytics only if written
within that interval; the figures of ``GET .../analytics`` include them afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from souk.application.ports.stream_viewer_log import StreamViewerLog, VisitEntry
from souk.application.ports.unit_of_work import UnitOfWork

log = logging.getLogger("souk.streams")

GIVE_UP_AFTER = 5  # failed writes in a row; then the batch is dropped (a row the database refuses forever)


class VisitBuffer:
    def __init__(self, batch_rows: int = 2000) -> None:
        self._pending: dict[UUID, VisitEntry] = {}
        self._batch_rows = batch_rows
        self._lock = asyncio.Lock()
        self._full = asyncio.Event()
        self._waiting = asyncio.Event()
        self._failures = 0

    def __len__(self) -> int:
        return len(self._pending)

    def joined(self, visit_id: UUID, stream_id: UUID, user_id: UUID, at: datetime) -> None:
        self._put(VisitEntry(visit_id, stream_id, user_id, at, None))

    def left(self, visit_id: UUID, stream_id: UUID, user_id: UUID, at: datetime) -> None:
        self._put(VisitEntry(visit_id, stream_id, user_id, None, at))

    async def next_batch(self, gap_s: float) -> None:
        """The flusher's pace: ``gap_s`` after the last batch (less if a batch filled), and
        then as soon as any row waits."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._full.wait(), gap_s)
        await self._waiting.wait()

    async def flush(self, viewer_log: StreamViewerLog, uow: UnitOfWork) -> int:
        """Write what waits (one transaction); how many visits. On failure the rows wait for
        the next try: writes are idempotent by visit id, so a retry never doubles one."""
        async with self._lock:
            batch, self._pending = self._pending, {}
            self._full.clear()
            self._waiting.clear()
            if not batch:
                return 0
            try:
                await viewer_log.write(list(batch.values()))
                await uow.commit()
            except Exception:
                await uow.rollback()
                self._failures += 1
                if self._failures < GIVE_UP_AFTER:
                    for entry in batch.values():
                        self._put(entry, newer=False)
                else:
                    self._failures = 0
                    log.error("streams.viewer_log_dropped visits=%d", len(batch))
                raise
            self._failures = 0
            return len(batch)

    def _put(self, entry: VisitEntry, newer: bool = True) -> None:
        """Merge with what waits for the same visit (``newer``: ``entry`` happened after it)."""
        waiting = self._pending.get(entry.visit_id)
        if waiting is not None:
            first, then = (waiting, entry) if newer else (entry, waiting)
            entry = replace(first, joined_at=first.joined_at or then.joined_at, left_at=first.left_at or then.left_at)
        self._pending[entry.visit_id] = entry
        self._waiting.set()
        if len(self._pending) >= self._batch_rows:
            self._full.set()
