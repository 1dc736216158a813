from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.application.negotiation.sale_mover import SaleMover
from souk.domain.catalog.product import Product
from souk.domain.negotiation.transaction import Transaction


class ConfirmReceipt:
    def __init__(self, mover: SaleMover) -> None:
        self._mover = mover

    async def __call__(self, transaction_id: UUID, by: UUID) -> Transaction:
        def move(sale: Transaction, product: Product, now: datetime) -> None:
            sale.confirm_receipt(by, now)
            product.complete_sale(now)

        return await self._mover.apply(transaction_id, by, move)
