from __future__ import annotations

import logging

from souk.application.ports.job_queue import JobQueue, JobRequest
from souk.application.streams.auction_config import END_AUCTION_JOB
from souk.domain.streams.auction import Auction

log = logging.getLogger("souk.streams.auctions")


class AuctionEnds:
    """Schedules the job that ends an auction at its ``ends_at`` (again after each
    extension: the key carries the end). After commit; a lost job is harmless, the
    sweep every process runs ends what is due."""

    def __init__(self, jobs: JobQueue) -> None:
        self._jobs = jobs

    async def schedule(self, auction: Auction) -> None:
        if not auction.running:
            return
        job = JobRequest(
            END_AUCTION_JOB,
            {"auction_id": str(auction.id)},
            key=f"auction-end:{auction.id}:{int(auction.ends_at.timestamp() * 1000)}",
            run_at=auction.ends_at,
            timeout_s=60,
        )
        try:
            await self._jobs.enqueue(job)
        except Exception:
            log.warning("auction.end_not_scheduled auction=%s", auction.id, exc_info=True)
