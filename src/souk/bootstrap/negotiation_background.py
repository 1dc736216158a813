"""The offer-expiry sweep every server process runs (conditional updates make it safe in
parallel); the per-offer jobs do the same work on time, this catches any they missed."""

from __future__ import annotations

from dishka import AsyncContainer

from souk.application.negotiation.expire_offers import ExpireOffers
from souk.application.streams.flash_sales import EndFlashSales
from souk.application.system.outage import DATABASE
from souk.bootstrap.background import Periodic


def offer_expiry_sweeper(container: AsyncContainer, every_s: float = 60.0) -> Periodic:
    async def sweep() -> None:
        async with container() as request:
            await (await request.get(ExpireOffers))()

    return Periodic("offer-expiry-sweeper", every_s, sweep, proves=(DATABASE,))


def flash_sale_sweeper(container: AsyncContainer, every_s: float = 2.0) -> Periodic:
    """Flash sales past their end, ended by whichever process gets there first (each end
    re-reads its row under lock): a restart or a lost job delays an end by a round at most."""

    async def sweep() -> None:
        async with container() as request:
            await (await request.get(EndFlashSales))()

    return Periodic("flash-sale-sweeper", every_s, sweep, proves=(DATABASE,))
