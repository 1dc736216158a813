"""The offer-expiry sweep every server process runs (conditional updates make it safe in
parallel); the per-offer jobs do the same work on time, this catches any they missed."""

from __future__ import annotations

from dishka import AsyncContainer

from souk.application.negotiation.expire_offers import ExpireOffers
from souk.application.system.outage import DATABASE
from souk.bootstrap.background import Periodic


def offer_expiry_sweeper(container: AsyncContainer, every_s: float = 60.0) -> Periodic:
    async def sweep() -> None:
        async with container() as request:
            await (await request.get(ExpireOffers))()

    return Periodic("offer-expiry-sweeper", every_s, sweep, proves=(DATABASE,))
