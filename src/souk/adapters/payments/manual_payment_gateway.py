from __future__ import annotations

import logging

from souk.application.ports.payment_gateway import PaymentGateway
from souk.domain.negotiation.transaction import Transaction

log = logging.getLogger("souk.payments")


class ManualPaymentGateway(PaymentGateway):
    """The default: no money moves through Souk; the payment is recorded as manual."""

    async def charge(self, transaction: Transaction) -> str:
        log.info("payment.manual transaction=%s amount=%s", transaction.id, transaction.price)
        return f"manual:{transaction.id}"
