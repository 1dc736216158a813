from __future__ import annotations

from uuid import UUID

from souk.application.negotiation.get_transaction import GetTransaction
from souk.application.negotiation.sale_mover import SaleMover
from souk.application.ports.payment_gateway import PaymentGateway
from souk.application.ports.transaction_repository import TransactionRepository
from souk.domain.negotiation.transaction import Transaction


class PayTransaction:
    """The buyer pays through the payment port (the default records a manual payment)."""

    def __init__(self, mover: SaleMover, transactions: TransactionRepository, payments: PaymentGateway) -> None:
        self._mover = mover
        self._transactions = transactions
        self._payments = payments

    async def __call__(self, transaction_id: UUID, by: UUID) -> Transaction:
        seen = await GetTransaction(self._transactions)(transaction_id, by)
        seen.pay(by, "", seen.updated_at)  # fail fast (wrong side, wrong status) before charging
        reference = await self._payments.charge(seen)
        return await self._mover.apply(transaction_id, by, lambda sale, _p, now: sale.pay(by, reference, now))
