"""Payments: the card provider chosen by ``SOUK_PAYMENTS`` and the payments use cases."""

from __future__ import annotations

import logging

from dishka import Provider, Scope, provide

from souk.adapters.payments.simulated_card_provider import SimulatedCardProvider, SimulatedOnboarding
from souk.adapters.payments.stripe_card_provider import StripeCardProvider
from souk.adapters.payments.unavailable_card_provider import (
    NoCardSimulator,
    NoOnboarding,
    NoPaymentWebhooks,
    UnavailableCardProvider,
)
from souk.application.payments.apply_provider_events import ApplyProviderEvents, ProviderEventBatches
from souk.application.payments.cancel_sale import CancelSale
from souk.application.payments.confirm_cash import ConfirmCash
from souk.application.payments.confirm_receipt import ConfirmReceipt
from souk.application.payments.open_at_accept import OpenPaymentAtAccept
from souk.application.payments.open_payment import OpenPayment
from souk.application.payments.pay_with_test_card import PayWithTestCard
from souk.application.payments.payment_mover import PaymentMover
from souk.application.payments.receive_webhook import ReceiveWebhook
from souk.application.payments.reconcile_payments import ReconcilePayments
from souk.application.payments.refund_sale import RefundSale
from souk.application.payments.room_checkout import OpenRoomCheckout
from souk.application.payments.sale_payment import SalePayment
from souk.application.payments.sale_view import ViewSale
from souk.application.payments.seller_balance import ShowBalance
from souk.application.payments.send_tip import SendTip
from souk.application.payments.staff_refund import StaffRefund
from souk.application.payments.start_onboarding import StartOnboarding
from souk.application.payments.tip_settlement import TipSettlement
from souk.application.ports.card_simulator import CardSimulator
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.ports.payment_webhooks import PaymentWebhooks
from souk.application.ports.payout_onboarding import PayoutOnboarding
from souk.application.ports.sale_checkout import SaleCheckout
from souk.application.ports.sale_follow_up import SaleFollowUp
from souk.application.shared.clock import Clock
from souk.bootstrap.settings import Settings

log = logging.getLogger("souk.payments")


class PaymentsAdaptersProvider(Provider):
    scope = Scope.APP

    @provide
    def simulated(self, clock: Clock) -> SimulatedCardProvider:
        return SimulatedCardProvider(clock)

    @provide
    def stripe(self, settings: Settings, clock: Clock) -> StripeCardProvider | None:
        if settings.payment_provider != "stripe":
            return None
        assert settings.stripe_secret_key  # both checked by Settings
        assert settings.stripe_webhook_secret
        return StripeCardProvider.create(
            settings.stripe_secret_key,
            settings.stripe_webhook_secret,
            settings.stripe_api_base,
            clock,
            connect=settings.stripe_connect,
        )

    @provide
    def provider(
        self, settings: Settings, simulated: SimulatedCardProvider, stripe: StripeCardProvider | None
    ) -> PaymentProvider:
        if stripe is not None:
            return stripe
        if settings.payment_provider == "simulated":
            if not settings.is_sqlite:
                log.warning("payments.simulator_in_production: SOUK_PAYMENTS=simulated; no money moves")
            return simulated
        return UnavailableCardProvider()

    @provide
    def onboarding(self, settings: Settings, stripe: StripeCardProvider | None) -> PayoutOnboarding:
        if stripe is not None:
            return stripe
        return SimulatedOnboarding() if settings.payment_provider == "simulated" else NoOnboarding()

    @provide
    def webhooks(self, stripe: StripeCardProvider | None) -> PaymentWebhooks:
        return stripe if stripe is not None else NoPaymentWebhooks()

    @provide
    def simulator(self, settings: Settings, simulated: SimulatedCardProvider) -> CardSimulator:
        return simulated if settings.payment_provider == "simulated" else NoCardSimulator()

    @provide
    def webhook_batches(self) -> ProviderEventBatches:
        return ProviderEventBatches()  # one per process: concurrent deliveries share a transaction


class PaymentsUseCasesProvider(Provider):
    scope = Scope.REQUEST

    mover = provide(PaymentMover)
    tip_settlement = provide(TipSettlement)
    send_tip = provide(SendTip)
    opener = provide(OpenPayment)
    open_at_accept = provide(OpenPaymentAtAccept, provides=SaleFollowUp)
    room_checkout = provide(OpenRoomCheckout, provides=SaleCheckout)
    sale_payment = provide(SalePayment)
    pay_with_test_card = provide(PayWithTestCard)
    confirm_receipt = provide(ConfirmReceipt)
    confirm_cash = provide(ConfirmCash)
    cancel = provide(CancelSale)
    refund = provide(RefundSale)
    staff_refund = provide(StaffRefund)
    view = provide(ViewSale)
    balance = provide(ShowBalance)
    webhooks = provide(ApplyProviderEvents)
    reconcile = provide(ReconcilePayments)
    receive_webhook = provide(ReceiveWebhook)
    start_onboarding = provide(StartOnboarding)
