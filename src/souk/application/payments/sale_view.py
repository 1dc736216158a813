from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.payments.open_payment import OpenPayment
from souk.application.ports.payment_repository import Ledger
from souk.domain.negotiation.transaction import Transaction
from souk.domain.payments.ledger import LedgerEntry
from souk.domain.payments.payment import Payment
from souk.domain.payments.status import PaymentStatus


@dataclass(frozen=True, slots=True)
class SaleView:
    """A transaction as one of its parties sees it: ``client_secret`` only for the buyer of
    a card sale still waiting for the card step."""

    sale: Transaction
    payment: Payment | None
    movements: tuple[LedgerEntry, ...]
    client_secret: str | None

    @classmethod
    def of(cls, sale: Transaction, payment: Payment | None, movements: list[LedgerEntry], viewer: UUID) -> SaleView:
        secret = None
        if payment is not None and viewer == sale.buyer_id and payment.status is PaymentStatus.PENDING:
            secret = payment.client_secret
        return cls(sale, payment, tuple(movements), secret)


class ViewSale:
    """``GET /transactions/{id}``: opens the payment when it is missing (a card intent the
    buyer needs for the card step), and lists the ledger's movements."""

    def __init__(self, opener: OpenPayment, ledger: Ledger) -> None:
        self._opener = opener
        self._ledger = ledger

    async def __call__(self, transaction_id: UUID, viewer: UUID) -> SaleView:
        sale, payment = await self._opener(transaction_id, viewer)
        movements = await self._ledger.entries_of(transaction_id) if payment is not None else []
        return SaleView.of(sale, payment, movements, viewer)
