from __future__ import annotations

from uuid import UUID

from souk.application.ports.payment_repository import Ledger
from souk.domain.payments.balance import SellerBalance


class ShowBalance:
    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger

    async def __call__(self, seller_id: UUID) -> list[SellerBalance]:
        return await self._ledger.balances_of(seller_id)
