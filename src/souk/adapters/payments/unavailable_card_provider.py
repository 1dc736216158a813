"""No card provider configured (``SOUK_PAYMENTS=none``): card steps answer 409
``payments_not_configured``, cash works."""

from __future__ import annotations

from typing import NoReturn
from uuid import UUID

from souk.application.ports.card_simulator import CardSimulator
from souk.application.ports.payment_provider import Intent, IntentRequest, MethodSetup, PaymentProvider, SetupState
from souk.application.ports.payment_webhooks import PaymentWebhooks, WebhookNews
from souk.application.ports.payout_onboarding import PayoutOnboarding
from souk.domain.payments.errors import BadWebhook, PaymentsNotConfigured, SimulatorOnly
from souk.domain.payments.facts import ProviderEvent


class UnavailableCardProvider(PaymentProvider):
    @property
    def name(self) -> str:
        return "none"

    @property
    def remote(self) -> bool:
        return False

    async def create_intent(self, request: IntentRequest) -> Intent:
        _refuse()

    async def capture(self, intent_id: str, reference: str) -> list[ProviderEvent]:
        _refuse()

    async def cancel(self, intent_id: str, reference: str) -> list[ProviderEvent]:
        _refuse()

    async def refund(self, intent_id: str, amount: int, refunded_after: int, reference: str) -> list[ProviderEvent]:
        _refuse()

    async def reread(self, intent_id: str) -> list[ProviderEvent]:
        return []

    async def setup_method(self, user_id: UUID) -> MethodSetup:
        _refuse()

    async def read_setup(self, setup_id: str) -> SetupState:
        return SetupState(False, False, None, None)

    async def charge_saved(
        self, request: IntentRequest, customer_id: str | None, method_id: str
    ) -> tuple[Intent, list[ProviderEvent]]:
        _refuse()


class NoCardSimulator(CardSimulator):
    """Deployments with a real provider: the card step happens on the client."""

    async def confirm(self, intent_id: str, card: str) -> list[ProviderEvent]:
        raise SimulatorOnly()

    async def expire(self, intent_id: str) -> list[ProviderEvent]:
        return []

    async def save_card(self, setup_id: str, card: str) -> SetupState:
        raise SimulatorOnly()


class NoPaymentWebhooks(PaymentWebhooks):
    """Deployments without Stripe: every webhook is refused (400 ``invalid_webhook``)."""

    def read(self, payload: bytes, signature: str | None) -> WebhookNews:
        raise BadWebhook("This deployment takes no payment webhooks.")


class NoOnboarding(PayoutOnboarding):
    @property
    def name(self) -> str:
        return "none"

    async def open_account(self, user_id: UUID) -> str:
        _refuse()

    async def onboarding_link(self, account_id: str, return_url: str) -> str:
        _refuse()

    def enabled_at_once(self) -> bool:
        return False


def _refuse() -> NoReturn:
    raise PaymentsNotConfigured()
