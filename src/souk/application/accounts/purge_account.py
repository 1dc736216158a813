from __future__ import annotations

import logging
from uuid import UUID

from souk.application.ports.account_deletions import AccountDeletions
from souk.application.ports.account_eraser import AccountEraser
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock

log = logging.getLogger("souk.privacy")


class PurgeAccount:
    """After the grace period: the user's uploads leave storage, then their personal
    fields are erased in one transaction. Does nothing when the deletion was called off
    (they signed in) or is not due yet; safe to run twice (both steps are idempotent)."""

    def __init__(
        self,
        uow: UnitOfWork,
        deletions: AccountDeletions,
        eraser: AccountEraser,
        blobs: BlobStore,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._deletions = deletions
        self._eraser = eraser
        self._blobs = blobs
        self._clock = clock

    async def __call__(self, user_id: UUID) -> bool:
        request = await self._deletions.pending(user_id)
        if request is None or not request.due(self._clock.now()):
            await self._uow.rollback()
            return False
        # storage first: if the erasure fails, a retry finds the keys again
        for prefix in await self._eraser.media_keys(user_id):
            await self._blobs.delete_prefix(prefix)
        await self._eraser.erase(user_id)
        await self._deletions.done(user_id)
        await self._uow.commit()
        log.info("privacy.account_purged user=%s", user_id)
        return True


class PurgeDueAccounts:
    """Purges every deletion whose grace is over: the catch-up for a scheduled job lost
    with its queue."""

    def __init__(self, deletions: AccountDeletions, purge: PurgeAccount, clock: Clock) -> None:
        self._deletions = deletions
        self._purge = purge
        self._clock = clock

    async def __call__(self, limit: int = 100) -> int:
        due = await self._deletions.due(self._clock.now(), limit)
        return sum([await self._purge(user_id) for user_id in due])
