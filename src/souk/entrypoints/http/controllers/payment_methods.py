"""Saved cards (API.md "Payments": ``POST`` / ``GET /methods``): what auction wins are charged to."""

from __future__ import annotations

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, get, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_201_CREATED

from souk.application.payments.list_payment_methods import ListPaymentMethods
from souk.application.payments.save_payment_method import SavePaymentMethod
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.auctions import SavedMethodOut, SaveMethodIn


class PaymentMethodsController(Controller):
    path = "/api/v1/payments/methods"
    tags = ["payments"]

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        security=BEARER,
        summary="Save a card for off-session charges (auctions)",
        description="With Stripe: a SetupIntent on your Customer; the answer is `pending` with its `client_secret`"
        " for the card step on the client, and the card is `ready` once confirmed (see GET). With the card simulator"
        " (embedded) the test card `card` is saved at once (`ready`): 4000000000000002 answers 409 `card_declined`."
        " No provider: 409 `payments_not_configured`.",
    )
    @inject
    async def save(
        self, data: JSONBody[SaveMethodIn], use_case: FromDishka[SavePaymentMethod], me: FromDishka[Identity]
    ) -> SavedMethodOut:
        saving = await use_case(me.user_id, data.card)
        return SavedMethodOut.of(saving.method, saving.client_secret)

    @get("/", security=BEARER, summary="Your saved cards, newest first")
    @inject
    async def mine(self, use_case: FromDishka[ListPaymentMethods], me: FromDishka[Identity]) -> list[SavedMethodOut]:
        """Each with its status (`pending` until the card step completes, `ready`, `failed`) and last four digits."""
        return [SavedMethodOut.of(m) for m in await use_case(me.user_id)]
