from __future__ import annotations

import logging

from souk.application.payments.open_at_accept import NO_PROVIDER
from souk.application.payments.open_payment import OpenPayment
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.ports.sale_checkout import SaleCheckout
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.negotiation.transaction import Transaction

log = logging.getLogger("souk.payments")


class OpenRoomCheckout(SaleCheckout):
    """Buy-now and the cart: the held intent opened as soon as the sales commit, so the
    answer carries the buyer's ``client_secret``. A failure here is logged and left (the
    sales stand; the first look at one opens the payment, the whole cart's)."""

    def __init__(self, opener: OpenPayment, uow: UnitOfWork, provider: PaymentProvider) -> None:
        self._opener = opener
        self._uow = uow
        self._provider = provider

    async def client_secret(self, sale: Transaction) -> str | None:
        if self._provider.name == NO_PROVIDER:
            return None
        try:
            _, payment = await self._opener(sale.id, sale.buyer_id)
        except Exception as exc:
            log.warning("payments.room_checkout_deferred transaction=%s error=%s", sale.id, type(exc).__name__)
            try:
                await self._uow.rollback()
            except Exception:
                log.warning("payments.room_checkout_rollback_failed transaction=%s", sale.id)
            return None
        return payment.client_secret if payment is not None else None
