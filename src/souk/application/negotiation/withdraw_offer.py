from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.application.negotiation.offer_moves import CloseOffer
from souk.domain.negotiation.offer import Offer


class WithdrawOffer(CloseOffer):
    def _move(self, offer: Offer, by: UUID, now: datetime) -> None:
        offer.withdraw(by, now)
