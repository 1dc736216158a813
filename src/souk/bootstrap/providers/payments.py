"""Payments: the card provider chosen by ``SOUK_PAYMENTS`` and the payments use cases."""

from __future__ import annotations

import logging

from dishka import Provider, Scope, provide

from souk.adapters.payments.simulated_card_provider import SimulatedCardProvider
from souk.adapters.payments.unavailable_card_provider import NoCardSimulator, UnavailableCardProvider
from souk.application.payments.apply_provider_events import ApplyProviderEvents
from souk.application.payments.cancel_sale import CancelSale
from souk.application.payments.confirm_cash import ConfirmCash
from souk.application.payments.confirm_receipt import ConfirmReceipt
from souk.application.payments.open_payment import OpenPayment
from souk.application.payments.pay_with_test_card import PayWithTestCard
from souk.application.payments.payment_mover import PaymentMover
from souk.application.payments.reconcile_payments import ReconcilePayments
from souk.application.payments.refund_sale import RefundSale
from souk.application.payments.sale_payment import SalePayment
from souk.application.payments.sale_view import ViewSale
from souk.application.payments.seller_balance import ShowBalance
from souk.application.ports.card_simulator import CardSimulator
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.shared.clock import Clock
from souk.bootstrap.settings import Settings

log = logging.getLogger("souk.payments")


class PaymentsAdaptersProvider(Provider):
    scope = Scope.APP

    @provide
    def simulated(self, clock: Clock) -> SimulatedCardProvider:
        return SimulatedCardProvider(clock)

    @provide
    def provider(self, settings: Settings, simulated: SimulatedCardProvider) -> PaymentProvider:
        name = settings.payment_provider
        if name == "simulated":
            if not settings.is_sqlite:
                log.warning("payments.simulator_in_production: SOUK_PAYMENTS=simulated; no money moves")
            return simulated
        return UnavailableCardProvider()

    @provide
    def simulator(self, settings: Settings, simulated: SimulatedCardProvider) -> CardSimulator:
        return simulated if settings.payment_provider == "simulated" else NoCardSimulator()


class PaymentsUseCasesProvider(Provider):
    scope = Scope.REQUEST

    mover = provide(PaymentMover)
    opener = provide(OpenPayment)
    sale_payment = provide(SalePayment)
    pay_with_test_card = provide(PayWithTestCard)
    confirm_receipt = provide(ConfirmReceipt)
    confirm_cash = provide(ConfirmCash)
    cancel = provide(CancelSale)
    refund = provide(RefundSale)
    view = provide(ViewSale)
    balance = provide(ShowBalance)
    webhooks = provide(ApplyProviderEvents)
    reconcile = provide(ReconcilePayments)
