"""Transactions: the caller's sales and purchases; pay, confirm receipt, cancel."""

from __future__ import annotations

from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.status_codes import HTTP_200_OK

from souk.application.negotiation.cancel_transaction import CancelTransaction
from souk.application.negotiation.confirm_receipt import ConfirmReceipt
from souk.application.negotiation.get_transaction import GetTransaction
from souk.application.negotiation.list_transactions import ListTransactions
from souk.application.negotiation.pay_transaction import PayTransaction
from souk.application.shared.paging import DEFAULT_LIMIT
from souk.entrypoints.http.controllers.products import Cursor, Limit
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.negotiation import TransactionPageOut
from souk.entrypoints.wire.negotiation import TransactionOut

OTHERS = " Anyone but the buyer and the seller: 404 `transaction_not_found`."


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

    @get("/{transaction_id:uuid}", summary="A transaction", description=OTHERS.strip())
    @inject
    async def read(
        self, transaction_id: FromPath[UUID], use_case: FromDishka[GetTransaction], me: FromDishka[Identity]
    ) -> TransactionOut:
        return TransactionOut.of(await use_case(transaction_id, me.user_id))

    @post(
        "/{transaction_id:uuid}/pay",
        status_code=HTTP_200_OK,
        summary="Pay (buyer) through the payment port → paid",
        description="The seller gets 403 `not_the_buyer`; not pending: 409." + OTHERS,
    )
    @inject
    async def pay(
        self, transaction_id: FromPath[UUID], use_case: FromDishka[PayTransaction], me: FromDishka[Identity]
    ) -> TransactionOut:
        return TransactionOut.of(await use_case(transaction_id, me.user_id))

    @post(
        "/{transaction_id:uuid}/confirm-receipt",
        status_code=HTTP_200_OK,
        summary="Confirm receipt (buyer) → completed; the product is sold",
        description="The seller gets 403 `not_the_buyer`; not paid: 409." + OTHERS,
    )
    @inject
    async def confirm_receipt(
        self, transaction_id: FromPath[UUID], use_case: FromDishka[ConfirmReceipt], me: FromDishka[Identity]
    ) -> TransactionOut:
        return TransactionOut.of(await use_case(transaction_id, me.user_id))

    @post(
        "/{transaction_id:uuid}/cancel",
        status_code=HTTP_200_OK,
        summary="Cancel (either side, before paid) → cancelled; the product is available again",
        description="After payment: 409 `invalid_transaction_transition`." + OTHERS,
    )
    @inject
    async def cancel(
        self, transaction_id: FromPath[UUID], use_case: FromDishka[CancelTransaction], me: FromDishka[Identity]
    ) -> TransactionOut:
        return TransactionOut.of(await use_case(transaction_id, me.user_id))
