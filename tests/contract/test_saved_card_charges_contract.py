"""The payment port's saved cards behave alike on the card simulator and on Stripe (a real
Stripe-compatible server, localstripe, through the official SDK's async client): a card is
saved (Stripe: a SetupIntent on a Customer, confirmed on the client as Stripe.js would,
then read back ``succeeded`` with its payment method and last four digits), charged
off-session and captured at once, the same reference never charged twice (the simulator's ids; Stripe's
``Idempotency-Key``, which localstripe does not play — Souk's own guard, the payment row of
the sale, is tested over the wire); the card that
saves but declines charges (``4000000000000341``) raises ``CardDeclined`` on the charge;
the declined card (``4000000000000002``) is not saved."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from uuid import uuid4

import pytest
import stripe

from souk.adapters.payments.simulated_card_provider import SimulatedCardProvider
from souk.adapters.payments.stripe_card_provider import StripeCardProvider
from souk.adapters.system.clock import SystemClock
from souk.application.ports.payment_provider import IntentRequest, PaymentProvider, SetupState
from souk.domain.payments.errors import CardDeclined
from souk.domain.payments.facts import ProviderEventKind
from souk.domain.shared.money import Money
from tests.e2e.stripe_support import SECRET_KEY, WEBHOOK_SECRET, localstripe_server

SUCCEEDS, CHARGE_DECLINED, DECLINED = "4242424242424242", "4000000000000341", "4000000000000002"


@pytest.fixture(scope="module")
def localstripe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with localstripe_server(Path(tmp_path_factory.mktemp("localstripe")) / "localstripe.log") as url:
        yield url


class Provider:
    """The port, and how a buyer saves a card with it (the simulator in process; Stripe on the client)."""

    def __init__(self, port: PaymentProvider, localstripe: str | None) -> None:
        self.port = port
        self._localstripe = localstripe

    async def save(self, card: str) -> tuple[str | None, SetupState]:
        setup = await self.port.setup_method(uuid4())
        if isinstance(self.port, SimulatedCardProvider):
            return setup.customer_id, await self.port.save_card(setup.setup_id, card)
        assert self._localstripe is not None
        client = stripe.StripeClient(
            SECRET_KEY, base_addresses={"api": self._localstripe}, http_client=stripe.HTTPXClient()
        )
        method = await client.v1.payment_methods.create_async(
            {"type": "card", "card": {"number": card, "exp_month": 12, "exp_year": 2034, "cvc": "123"}}  # type: ignore[typeddict-item]
        )
        try:
            await client.v1.setup_intents.confirm_async(setup.setup_id, {"payment_method": method["id"]})
        except stripe.CardError as declined:
            state = await self.port.read_setup(setup.setup_id)
            assert (state.succeeded, state.failed) == (False, True)
            raise CardDeclined() from declined
        return setup.customer_id, await self.port.read_setup(setup.setup_id)


@pytest.fixture(params=["simulated", "stripe"])
async def provider(request: pytest.FixtureRequest) -> AsyncIterator[Provider]:
    clock = SystemClock()
    if request.param == "simulated":
        yield Provider(SimulatedCardProvider(clock), None)
        return
    url = request.getfixturevalue("localstripe")
    yield Provider(StripeCardProvider.create(SECRET_KEY, WEBHOOK_SECRET, url, clock, connect=False), url)


def charge(reference: str) -> IntentRequest:
    return IntentRequest(reference, Money(4200, "EUR"), Money(630, "EUR"), None, True, {"transaction_id": reference})


async def test_a_saved_card_is_charged_off_session_once(provider: Provider) -> None:
    customer, state = await provider.save(SUCCEEDS)
    assert (state.succeeded, state.last4) == (True, "4242")
    assert state.method_id
    reference = str(uuid4())
    intent, facts = await provider.port.charge_saved(charge(reference), customer, state.method_id)
    assert ProviderEventKind.CAPTURED in {f.kind for f in facts}
    if isinstance(provider.port, SimulatedCardProvider):  # localstripe ignores Idempotency-Key (Stripe honours it)
        again, _ = await provider.port.charge_saved(charge(reference), customer, state.method_id)
        assert again.intent_id == intent.intent_id  # the same reference: the same charge
    other, _ = await provider.port.charge_saved(charge(str(uuid4())), customer, state.method_id)
    assert other.intent_id != intent.intent_id


async def test_a_card_that_declines_charges_is_saved_and_its_charge_declined(provider: Provider) -> None:
    customer, state = await provider.save(CHARGE_DECLINED)
    assert (state.succeeded, state.last4) == (True, "0341")
    assert state.method_id
    with pytest.raises(CardDeclined):
        await provider.port.charge_saved(charge(str(uuid4())), customer, state.method_id)


async def test_the_declined_card_is_not_saved(provider: Provider) -> None:
    with pytest.raises(CardDeclined):
        await provider.save(DECLINED)
