from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.application.payments.open_payment import OpenPayment
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.negotiation.transaction import Transaction
from souk.domain.payments.errors import InvalidPaymentTransition
from souk.domain.payments.facts import ProviderEvent, ProviderEventKind
from souk.domain.payments.payment import Payment


class SalePayment:
    """A party's sale and its payment (opened on first need), for the payment steps."""

    def __init__(self, opener: OpenPayment, uow: UnitOfWork) -> None:
        self._opener = opener
        self._uow = uow

    async def __call__(self, transaction_id: UUID, by: UUID) -> tuple[Transaction, Payment]:
        sale, payment = await self._opener(transaction_id, by)
        if payment is None:  # a sale settled before payments existed
            raise InvalidPaymentTransition(f"The transaction is {sale.status.value}.", current_status=sale.status.value)
        return sale, payment

    async def before_calling(self, provider: PaymentProvider) -> None:
        """End the read before a remote provider answers: no connection is held across
        the network (the step's move takes its own locks, in a new transaction). An
        in-process provider answers at once: the read's transaction goes on."""
        if provider.remote:
            await self._uow.rollback()


def souk_fact(transaction_id: UUID, kind: ProviderEventKind, now: datetime) -> ProviderEvent:
    """A fact Souk itself establishes (cash received, an unheld sale cancelled): named so
    that repeating it changes nothing."""
    return ProviderEvent(f"souk:{transaction_id}:{kind.value}", kind, now)
