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
    """The sale's payment, opened at its accept so the buyer's card step finds it ready: a
    cash record, a free sale's or an in-process provider's intent are written in the
    accept's own transaction (``with_sale``); a remote provider's held PaymentIntent
    (idempotent by the transaction id) right after the commit (``opened``), so no
    connection waits on the network. Whatever fails after the commit (the provider down,
    the database gone for a moment) is logged and left: the accept stands, and the first
    look at the sale opens the payment then (``OpenPayment`` is the lazy path too). A
    deployment without card payments opens nothing for a card sale here (its card step
    answers 409 on its own)."""

    def __init__(self, opener: OpenPayment, uow: UnitOfWork, provider: PaymentProvider) -> None:
        self._opener = opener
        self._uow = uow
        self._provider = provider

    async def with_sale(self, sale: Transaction) -> None:
        if self._opens_none(sale) or not self._opener.opens_locally(sale):
            return
        await self._opener.with_sale(sale)

    async def opened(self, sale: Transaction) -> None:
        if self._opens_none(sale) or self._opener.opens_locally(sale):
            return
        try:
            await self._opener.for_new(sale)  # the accept's own sale: not read again
        except Exception as exc:
            log.warning("payments.open_at_accept_deferred transaction=%s error=%s", sale.id, type(exc).__name__)
            try:
                await self._uow.rollback()
            except Exception:
                log.warning("payments.open_at_accept_rollback_failed transaction=%s", sale.id)

    def _opens_none(self, sale: Transaction) -> bool:
        return sale.payment_method is PaymentMethod.CARD and self._provider.name == NO_PROVIDER
