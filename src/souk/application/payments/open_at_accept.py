from __future__ import annotations

import logging

from souk.application.payments.open_payment import OpenPayment
from souk.application.ports.sale_follow_up import SaleFollowUp
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.negotiation.transaction import Transaction

log = logging.getLogger("souk.payments")


class OpenPaymentAtAccept(SaleFollowUp):
    """Right after an accept commits: the sale's payment is opened (for ``card`` the held
    PaymentIntent, idempotent by the transaction id), so the buyer's card step finds it
    ready. Whatever fails here (the provider down, the database gone for a moment) is
    logged and left: the accept stands, and the first look at the sale opens the payment
    then (``OpenPayment`` is the lazy path too)."""

    def __init__(self, opener: OpenPayment, uow: UnitOfWork) -> None:
        self._opener = opener
        self._uow = uow

    async def opened(self, sale: Transaction) -> None:
        try:
            await self._opener(sale.id, sale.seller_id)
        except Exception as exc:
            log.warning("payments.open_at_accept_deferred transaction=%s error=%s", sale.id, type(exc).__name__)
            try:
                await self._uow.rollback()
            except Exception:
                log.warning("payments.open_at_accept_rollback_failed transaction=%s", sale.id)
