"""Schedules the job that closes a giveaway at its end (a lost job is harmless: the
periodic sweep, ``CloseDueGiveaways``, closes what is overdue)."""

from __future__ import annotations

import logging

from souk.application.ports.job_queue import JobQueue, JobRequest
from souk.domain.streams.giveaway import Giveaway

log = logging.getLogger("souk.streams")

CLOSE_GIVEAWAY_JOB = "streams.close_giveaway"


class GiveawayClosings:
    def __init__(self, jobs: JobQueue) -> None:
        self._jobs = jobs

    async def schedule(self, giveaway: Giveaway) -> None:
        """After commit: never raises (the sweep is the safety net)."""
        job = JobRequest(
            CLOSE_GIVEAWAY_JOB,
            {"giveaway_id": str(giveaway.id)},
            key=f"giveaway-close:{giveaway.id}",
            run_at=giveaway.ends_at,
            timeout_s=60,
            max_attempts=5,
        )
        try:
            await self._jobs.enqueue(job)
        except Exception:
            log.warning("streams.giveaway_close_not_scheduled giveaway=%s", giveaway.id, exc_info=True)
