"""The account-purge sweep every server process runs: the scheduled purge job does the
work on time; this catches deletions whose job was lost (the embedded runner keeps jobs
only while the process lives, and a grace period is 30 days)."""

from __future__ import annotations

from dishka import AsyncContainer

from souk.application.accounts.purge_account import PurgeDueAccounts
from souk.application.system.outage import DATABASE
from souk.bootstrap.background import Periodic


def account_purge_sweeper(container: AsyncContainer, every_s: float = 3600.0) -> Periodic:
    async def sweep() -> None:
        async with container() as request:
            await (await request.get(PurgeDueAccounts))()

    return Periodic("account-purge-sweeper", every_s, sweep, proves=(DATABASE,))
