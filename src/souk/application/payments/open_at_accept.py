from __future__ import annotations

import logging

from souk.application.payments.open_payment import OpenPayment
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.ports.sale_follow_up import SaleFollowUp
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.negotiation.transaction import Transaction
from souk.domain.shared.payment_method import PaymentMethod

log = logging.getLogger("souk.payments")

NO_PROVIDER = "none"  # a deployment without card payments (``SOUK_PAYMENTS=none``)


class OpenPaymentAtAccept(SaleFollowUp):
    """Right after an accept commits: the sale's payment is opened (for ``card`` the held
    PaymentIntent, idempotent by the transaction id), so the buyer's card step finds it
    ready. Whatever fails here (the provider down, the database gone for a moment) is
    logged and left: the accept stands, and the first look at the sale opens the payment
    then (``OpenPayment`` is the lazy path too). A deployment without card payments
    opens nothing for a card sale here (its card step answers 409 on its own)."""

    def __init__(self, opener: OpenPayment, uow: UnitOfWork, provider: PaymentProvider) -> None:
        self._opener = opener
        self._uow = uow
        self._provider = provider

    async def opened(self, sale: Transaction) -> None:
        if sale.payment_method is PaymentMethod.CARD and self._provider.name == NO_PROVIDER:
            return
        try:
            await self._opener.for_new(sale)  # the accept's own sale: not read again
        except Exception as exc:
            log.warning("payments.open_at_accept_deferred transaction=%s error=%s", sale.id, type(exc).__name__)
            try:
                await self._uow.rollback()
            except Exception:
                log.warning("payments.open_at_accept_rollback_failed transaction=%s", sale.id)
