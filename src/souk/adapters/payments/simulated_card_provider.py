"""The in-process CARD SIMULATOR: no network, no money. It plays a card provider's
lifecycle for the embedded deployment so `souk serve` shows the whole flow.

Test cards (Stripe's numbers): ``4242424242424242`` succeeds, ``4000000000000002`` is
declined, ``4000002500003155`` needs the buyer's extra confirmation (the first attempt
answers "needs confirmation"; the same card again completes it). Saved for off-session
charges (auctions), ``4000000000000341`` saves but every charge of it is declined (as
Stripe's card of that number does); a declined card is not saved. Every answer is a set of
provider facts named by deterministic ids, so repeating a call changes nothing."""

from __future__ import annotations

import logging
import secrets
from uuid import UUID

from souk.application.ports.card_simulator import CardSimulator
from souk.application.ports.payment_provider import (
    Intent,
    IntentRequest,
    MethodSetup,
    PaymentProvider,
    SetupState,
)
from souk.application.ports.payout_onboarding import PayoutOnboarding
from souk.application.shared.clock import Clock
from souk.domain.payments.errors import CardDeclined
from souk.domain.payments.facts import ProviderEvent, ProviderEventKind
from souk.domain.shared.errors import InvalidInput

log = logging.getLogger("souk.payments.simulator")

SUCCEEDS = "4242424242424242"
DECLINED = "4000000000000002"
NEEDS_CONFIRMATION = "4000002500003155"
CHARGE_DECLINED = "4000000000000341"
TEST_CARDS = (SUCCEEDS, DECLINED, NEEDS_CONFIRMATION)
SAVABLE_CARDS = (SUCCEEDS, NEEDS_CONFIRMATION, CHARGE_DECLINED)
METHOD_PREFIX = "sim_pm_"
AUTO_CAPTURE_MARK = "_auto"


class UnknownTestCard(InvalidInput):
    code = "unknown_test_card"
    default_detail = f"The card simulator knows the test cards {', '.join(TEST_CARDS)}."


class SimulatedCardProvider(PaymentProvider, CardSimulator):
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._awaiting_confirmation: set[str] = set()  # lost on restart: the buyer just confirms again

    @property
    def name(self) -> str:
        return "simulated"

    @property
    def remote(self) -> bool:
        return False

    async def create_intent(self, request: IntentRequest) -> Intent:
        # the reference makes the id deterministic: a retried open finds the same intent
        intent_id = f"sim_pi_{request.reference.replace('-', '')}" + (AUTO_CAPTURE_MARK if request.capture else "")
        log.info("payment.simulated.intent reference=%s amount=%s", request.reference, request.amount)
        return Intent(intent_id, f"{intent_id}_secret_{secrets.token_urlsafe(12)}")

    async def confirm(self, intent_id: str, card: str) -> list[ProviderEvent]:
        digits = card.replace(" ", "")
        if digits not in TEST_CARDS:
            raise UnknownTestCard(field="card")
        if digits == DECLINED:
            raise CardDeclined()
        if digits == NEEDS_CONFIRMATION and intent_id not in self._awaiting_confirmation:
            self._awaiting_confirmation.add(intent_id)
            return []
        self._awaiting_confirmation.discard(intent_id)
        events = [self._event(intent_id, ProviderEventKind.AUTHORIZED)]
        if intent_id.endswith(AUTO_CAPTURE_MARK):
            events.append(self._event(intent_id, ProviderEventKind.CAPTURED))
        return events

    async def expire(self, intent_id: str) -> list[ProviderEvent]:
        return [self._event(intent_id, ProviderEventKind.EXPIRED)]

    async def capture(self, intent_id: str, reference: str) -> list[ProviderEvent]:
        return [self._event(intent_id, ProviderEventKind.CAPTURED)]

    async def cancel(self, intent_id: str, reference: str) -> list[ProviderEvent]:
        return [self._event(intent_id, ProviderEventKind.CANCELLED)]

    async def refund(self, intent_id: str, amount: int, refunded_after: int, reference: str) -> list[ProviderEvent]:
        return [self._event(intent_id, ProviderEventKind.REFUNDED, refunded_after, suffix=str(refunded_after))]

    async def reread(self, intent_id: str) -> list[ProviderEvent]:
        return []  # nothing happens behind Souk's back in the simulator

    async def setup_method(self, user_id: UUID) -> MethodSetup:
        setup_id = f"sim_seti_{secrets.token_hex(12)}"
        return MethodSetup(setup_id, f"sim_cus_{user_id.hex}", f"{setup_id}_secret_{secrets.token_urlsafe(12)}")

    async def read_setup(self, setup_id: str) -> SetupState:
        return SetupState(False, False, None, None)  # the simulator saves at once (``save_card``) or not at all

    async def save_card(self, setup_id: str, card: str) -> SetupState:
        digits = card.replace(" ", "")
        if digits == DECLINED:
            raise CardDeclined()
        if digits not in SAVABLE_CARDS:
            raise UnknownTestCard(field="card")
        return SetupState(True, False, f"{METHOD_PREFIX}{digits}_{setup_id.removeprefix('sim_seti_')}", digits[-4:])

    async def charge_saved(
        self, request: IntentRequest, customer_id: str | None, method_id: str
    ) -> tuple[Intent, list[ProviderEvent]]:
        if method_id.removeprefix(METHOD_PREFIX).startswith(CHARGE_DECLINED):
            raise CardDeclined()
        intent = await self.create_intent(request)
        captured = [
            self._event(intent.intent_id, kind) for kind in (ProviderEventKind.AUTHORIZED, ProviderEventKind.CAPTURED)
        ]
        return intent, captured

    def _event(self, intent_id: str, kind: ProviderEventKind, amount: int = 0, suffix: str = "") -> ProviderEvent:
        return ProviderEvent(f"sim_evt_{intent_id}_{kind.value}{suffix}", kind, self._clock.now(), amount)


class SimulatedOnboarding(PayoutOnboarding):
    """The simulator's payout accounts: opened at once with payouts on; the "link" goes
    straight back to the app."""

    @property
    def name(self) -> str:
        return "simulated"

    async def open_account(self, user_id: UUID) -> str:
        return f"sim_acct_{user_id.hex}"

    async def onboarding_link(self, account_id: str, return_url: str) -> str:
        return f"{return_url}?simulated_account={account_id}"

    def enabled_at_once(self) -> bool:
        return True
