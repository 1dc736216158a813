"""Payments: the simulator's card step, sellers' balances, the provider's webhooks."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK

from souk.application.payments.pay_with_test_card import PayWithTestCard
from souk.application.payments.receive_webhook import ReceiveWebhook
from souk.application.payments.seller_balance import ShowBalance
from souk.application.payments.start_onboarding import StartOnboarding
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.wire.bodies import Body
from souk.entrypoints.wire.negotiation import TransactionOut


class SimulatedCardIn(Body):
    """The test card the buyer "types" into the card simulator."""

    card: Annotated[
        str,
        msgspec.Meta(
            max_length=32,
            description="A test card: 4242424242424242 succeeds, 4000000000000002 is declined,"
            " 4000002500003155 needs the buyer's confirmation (send it twice)",
        ),
    ]


class BalanceOut(msgspec.Struct):
    """A seller's money in one currency, in minor units."""

    currency: str
    pending: int
    available: int
    paid_out: int


class OnboardingOut(msgspec.Struct):
    """Where to send the seller: the provider's hosted onboarding."""

    url: str


class PaymentsController(Controller):
    path = "/api/v1/payments"
    tags = ["payments"]

    @post(
        "/simulator/confirm/{transaction_id:uuid}",
        status_code=HTTP_200_OK,
        security=BEARER,
        summary="Card simulator (embedded): play the buyer's card step",
        description="Answers the transaction: `authorized` when the card succeeds, still `pending` when it needs"
        " confirmation (send the same card again), 409 `card_declined` when declined. Deployments with a real"
        " provider: 409 `simulator_only`. The seller gets 403 `not_the_buyer`; anyone else 404.",
    )
    @inject
    async def simulate(
        self, transaction_id: FromPath[UUID], data: JSONBody[SimulatedCardIn], step: FromDishka[PayWithTestCard],
        me: FromDishka[Identity],
    ) -> TransactionOut:  # fmt: skip
        return TransactionOut.viewed(await step.viewed(transaction_id, me.user_id, data.card))

    @get("/balance", security=BEARER, summary="Your money as a seller, per currency: pending, available, paid out")
    @inject
    async def balance(self, use_case: FromDishka[ShowBalance], me: FromDishka[Identity]) -> list[BalanceOut]:
        """Sums of the caller's ledger entries as a seller, one item per currency: `pending` (held on buyers'
        cards, and payouts held by disputes), `available` (payouts earned, not held), `paid_out` (what Souk
        itself paid out: nothing, the provider pays the connected account). Empty for someone who never sold."""
        return [BalanceOut(b.currency, b.pending, b.available, b.paid_out) for b in await use_case(me.user_id)]

    @post(
        "/webhooks/stripe",
        status_code=HTTP_200_OK,
        summary="Stripe's webhooks (the provider only)",
        description="The body is verified against `Stripe-Signature` with the endpoint's signing secret (5 minutes'"
        " tolerance): a missing, bad or stale signature, or a deployment without Stripe, answers 401 `invalid_webhook`."
        " Each event is applied once, whatever the order and however often Stripe retries it.",
    )
    @inject
    async def stripe_webhook(self, request: Request[Any, Any, Any], use_case: FromDishka[ReceiveWebhook]) -> None:
        await use_case(await request.body(), request.headers.get("stripe-signature"))

    @post(
        "/onboarding",
        security=BEARER,
        status_code=HTTP_200_OK,
        summary="Seller payout onboarding: a link to the provider's hosted onboarding",
        description="Opens the seller's connected account once (Stripe Connect Express) and answers a fresh account"
        " link; the provider's `account.updated` webhook later turns payouts on (see `payouts` on `/users/me`)."
        " The card simulator's accounts have payouts on at once. No provider: 409 `payments_not_configured`.",
    )
    @inject
    async def onboarding(
        self, request: Request[Any, Any, Any], use_case: FromDishka[StartOnboarding], me: FromDishka[Identity]
    ) -> OnboardingOut:
        return OnboardingOut(await use_case(me.user_id, str(request.base_url).rstrip("/") + "/payouts/onboarded"))
