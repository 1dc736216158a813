"""Transactions: the caller's sales and purchases and their payment steps (card or cash)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK

from souk.application.negotiation.list_transactions import ListTransactions
from souk.application.payments.cancel_sale import CancelSale
from souk.application.payments.confirm_cash import ConfirmCash
from souk.application.payments.confirm_receipt import ConfirmReceipt
from souk.application.payments.pay_with_test_card import PayWithTestCard
from souk.application.payments.refund_sale import RefundSale
from souk.application.payments.sale_view import ViewSale
from souk.application.shared.paging import DEFAULT_LIMIT
from souk.entrypoints.http.controllers.products import Cursor, Limit
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.negotiation import TransactionPageOut
from souk.entrypoints.wire.bodies import Body
from souk.entrypoints.wire.negotiation import TransactionOut

OTHERS = " Anyone but the buyer and the seller: 404 `transaction_not_found`."


RefundAmount = Annotated[int, msgspec.Meta(ge=1, description="Minor units; absent: all that is left")]


class RefundIn(Body):
    """How much to give back (the seller, after capture)."""

    amount: RefundAmount | None = None


class TransactionsController(Controller):
    path = "/api/v1/transactions"
    tags = ["transactions"]
    security = BEARER

    @get("/", summary="Your transactions, as buyer or seller, newest first")
    @inject
    async def mine(
        self, use_case: FromDishka[ListTransactions], me: FromDishka[Identity], limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> TransactionPageOut:  # fmt: skip
        """Transactions where the caller is buyer or seller, with price, fee and payout. Paged with
        `cursor`."""
        return TransactionPageOut.of(await use_case(me.user_id, cursor, limit))

    @get(
        "/{transaction_id:uuid}",
        summary="A transaction, with its payment's movements",
        description="The buyer of a pending card sale also gets `client_secret` for the card step." + OTHERS,
    )
    @inject
    async def read(
        self, transaction_id: FromPath[UUID], view: FromDishka[ViewSale], me: FromDishka[Identity]
    ) -> TransactionOut:
        return TransactionOut.viewed(await view(transaction_id, me.user_id))

    @post(
        "/{transaction_id:uuid}/pay",
        status_code=HTTP_200_OK,
        summary="Simulator only: the buyer pays with the test card that succeeds → authorized",
        description="Deployments with a real provider: 409 `simulator_only` (the card step happens on the"
        " client with `client_secret`). The seller gets 403 `not_the_buyer`." + OTHERS,
    )
    @inject
    async def pay(
        self, transaction_id: FromPath[UUID], step: FromDishka[PayWithTestCard], me: FromDishka[Identity]
    ) -> TransactionOut:  # fmt: skip
        return TransactionOut.viewed(await step.viewed(transaction_id, me.user_id))

    @post(
        "/{transaction_id:uuid}/confirm-receipt",
        status_code=HTTP_200_OK,
        summary="Confirm receipt (buyer): the hold is captured → completed; the product is sold",
        description="The seller gets 403 `not_the_buyer`; not authorized: 409; a cash sale: 409"
        " `wrong_payment_method`. A free sale (zero price: a giveaway's prize) has no hold and"
        " completes from pending." + OTHERS,
    )
    @inject
    async def confirm_receipt(
        self, transaction_id: FromPath[UUID], step: FromDishka[ConfirmReceipt], me: FromDishka[Identity]
    ) -> TransactionOut:  # fmt: skip
        return TransactionOut.viewed(await step.viewed(transaction_id, me.user_id))

    @post(
        "/{transaction_id:uuid}/confirm-cash",
        status_code=HTTP_200_OK,
        summary="Confirm the cash was received (seller, cash sales) → completed; the product is sold",
        description="The buyer gets 403; a card sale: 409 `wrong_payment_method`." + OTHERS,
    )
    @inject
    async def confirm_cash(
        self, transaction_id: FromPath[UUID], step: FromDishka[ConfirmCash], view: FromDishka[ViewSale],
        me: FromDishka[Identity],
    ) -> TransactionOut:  # fmt: skip
        await step(transaction_id, me.user_id)
        return TransactionOut.viewed(await view(transaction_id, me.user_id))

    @post(
        "/{transaction_id:uuid}/cancel",
        status_code=HTTP_200_OK,
        summary="Cancel (either side, before capture) → cancelled; the hold is released, the product available",
        description="After capture: 409 `invalid_transaction_transition`." + OTHERS,
    )
    @inject
    async def cancel(
        self, transaction_id: FromPath[UUID], step: FromDishka[CancelSale], view: FromDishka[ViewSale],
        me: FromDishka[Identity],
    ) -> TransactionOut:  # fmt: skip
        await step(transaction_id, me.user_id)
        return TransactionOut.viewed(await view(transaction_id, me.user_id))

    @post(
        "/{transaction_id:uuid}/refund",
        status_code=HTTP_200_OK,
        summary="Refund (seller, after capture): all that is left, or `amount` → refunded / partially_refunded",
        description="The buyer gets 403 `not_the_seller`; before capture: 409; more than is left: 400"
        " `invalid_refund_amount`. The product stays sold." + OTHERS,
    )
    @inject
    async def refund(
        self, transaction_id: FromPath[UUID], data: JSONBody[RefundIn], step: FromDishka[RefundSale],
        view: FromDishka[ViewSale], me: FromDishka[Identity],
    ) -> TransactionOut:  # fmt: skip
        await step(transaction_id, me.user_id, data.amount)
        return TransactionOut.viewed(await view(transaction_id, me.user_id))
