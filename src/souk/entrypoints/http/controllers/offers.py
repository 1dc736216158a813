"""Offers: make, counter, accept, decline, withdraw; lists and the public feed."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from souk.application.negotiation.accept_offer import AcceptOffer
from souk.application.negotiation.counter_offer import CounterOffer
from souk.application.negotiation.decline_offer import DeclineOffer
from souk.application.negotiation.get_offer import GetOffer
from souk.application.negotiation.list_offers import ListOffers
from souk.application.negotiation.make_offer import MakeOffer, MakeOfferCommand
from souk.application.negotiation.product_offers import ProductOffers
from souk.application.negotiation.recent_offers_feed import RecentOffersFeed
from souk.application.negotiation.withdraw_offer import WithdrawOffer
from souk.application.ports.access_tokens import AccessTokens
from souk.application.shared.paging import DEFAULT_LIMIT
from souk.domain.shared.payment_method import PaymentMethod
from souk.entrypoints.http.controllers.products import Cursor, Limit
from souk.entrypoints.http.idempotency_header import IdempotencyKey
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.negotiation import CounterIn, OfferPageOut
from souk.entrypoints.http.viewer import viewer_of
from souk.entrypoints.wire.negotiation import AcceptedOut, FeedOut, OfferCreate, OfferOut

TURN = (
    " Only the side whose turn it is may do this: the other side gets 409 `not_your_turn`; "
    "a closed offer 409 `offer_closed`, an overdue one 409 `offer_expired`; anyone but the buyer "
    "and the seller 404 `offer_not_found`."
)


class OffersController(Controller):
    path = "/api/v1/offers"
    tags = ["offers"]
    security = BEARER

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Offer a price on a product",
        description="Below the listing price, in its currency, not on your own product; one open "
        "negotiation per buyer and product (409 `open_offer_exists`). Writes an `offer` message "
        "into the buyer-seller conversation (created if missing).",
    )
    @inject
    async def make(
        self,
        data: JSONBody[OfferCreate],
        use_case: FromDishka[MakeOffer],
        me: FromDishka[Identity],
        idempotency_key: IdempotencyKey = None,
    ) -> OfferOut:
        command = MakeOfferCommand(
            me.user_id,
            data.product_id,
            data.price.to_money(),
            data.message,
            idempotency_key,
            PaymentMethod(data.payment_method),
        )
        return OfferOut.of(await use_case(command))

    @get("/", summary="Your offers, as buyer and/or seller, newest first")
    @inject
    async def mine(
        self,
        use_case: FromDishka[ListOffers],
        me: FromDishka[Identity],
        status: Annotated[str | None, QueryParameter(description="pending, countered, accepted, ...")] = None,
        role: Annotated[str | None, QueryParameter(description="buyer or seller (default both)")] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> OfferPageOut:
        """Offers the caller made or received, filtered by `status` and `role`. Paged with `cursor`."""
        return OfferPageOut.of(await use_case(me.user_id, role, status, cursor, limit))

    @get("/{offer_id:uuid}", summary="An offer (buyer or seller only; others 404)")
    @inject
    async def read(
        self, offer_id: FromPath[UUID], use_case: FromDishka[GetOffer], me: FromDishka[Identity]
    ) -> OfferOut:
        """The offer with its history of moves. Only its buyer and seller see it; anyone else gets 404."""
        return OfferOut.of(await use_case(offer_id, me.user_id))

    @patch(
        "/{offer_id:uuid}/accept",
        status_code=HTTP_200_OK,
        summary="Accept: reserves the product and opens the transaction",
        description="One database transaction. When another offer on the product won first: 409 "
        "`product_not_available`." + TURN,
    )
    @inject
    async def accept(
        self,
        offer_id: FromPath[UUID],
        use_case: FromDishka[AcceptOffer],
        me: FromDishka[Identity],
        idempotency_key: IdempotencyKey = None,
    ) -> AcceptedOut:
        return AcceptedOut.of(await use_case(offer_id, me.user_id, idempotency_key))

    @patch(
        "/{offer_id:uuid}/counter",
        status_code=HTTP_200_OK,
        summary="Counter with a price strictly between the last two",
        description="400 `counter_out_of_range` otherwise." + TURN,
    )
    @inject
    async def counter(
        self,
        offer_id: FromPath[UUID],
        data: JSONBody[CounterIn],
        use_case: FromDishka[CounterOffer],
        me: FromDishka[Identity],
        idempotency_key: IdempotencyKey = None,
    ) -> OfferOut:
        return OfferOut.of(await use_case(offer_id, me.user_id, data.price.to_money(), idempotency_key))

    @patch("/{offer_id:uuid}/decline", status_code=HTTP_200_OK, summary="Decline", description=TURN.strip())
    @inject
    async def decline(
        self, offer_id: FromPath[UUID], use_case: FromDishka[DeclineOffer], me: FromDishka[Identity]
    ) -> OfferOut:
        return OfferOut.of(await use_case(offer_id, me.user_id))

    @patch(
        "/{offer_id:uuid}/withdraw",
        status_code=HTTP_200_OK,
        summary="Withdraw (buyer, any time while open)",
        description="The seller gets 403 `only_buyer_may_withdraw`; others 404; closed 409 `offer_closed`.",
    )
    @inject
    async def withdraw(
        self, offer_id: FromPath[UUID], use_case: FromDishka[WithdrawOffer], me: FromDishka[Identity]
    ) -> OfferOut:
        return OfferOut.of(await use_case(offer_id, me.user_id))


class ProductOffersController(Controller):
    path = "/api/v1/products/{product_id:uuid}/offers"
    tags = ["offers"]

    @get("/", security=BEARER, summary="Every offer on your product, with history (seller only: others 403)")
    @inject
    async def of_product(
        self,
        product_id: FromPath[UUID],
        use_case: FromDishka[ProductOffers],
        me: FromDishka[Identity],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> OfferPageOut:
        """Every offer on the caller's product with its history. Only the seller: others get 403
        `not_the_seller`."""
        return OfferPageOut.of(await use_case(product_id, me.user_id, cursor, limit))

    @get("/feed", summary="Public: the last 20 offers, each buyer shown as a stable alias")
    @inject
    async def feed(
        self,
        product_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        tokens: FromDishka[AccessTokens],
        use_case: FromDishka[RecentOffersFeed],
    ) -> FeedOut:
        """Public. The product's recent offers (price and time), each buyer shown only as an alias that is
        stable per product. With a bearer token, a 404 when you and the seller blocked one another, and
        offers of buyers blocked either way are left out."""
        return FeedOut.of(await use_case(product_id, viewer_of(request, tokens)))
