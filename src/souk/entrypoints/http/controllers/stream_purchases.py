"""Selling in live streams (API.md "Streams"): buy-now and the cart (``POST /{id}/purchases``),
flash sales (``POST /{id}/flash-sales``)."""

from __future__ import annotations

from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from souk.application.streams.buy_now import BuyNow
from souk.application.streams.flash_sales import StartFlashSale
from souk.entrypoints.http.idempotency_header import IdempotencyKey
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.wire.purchases import FlashSaleIn, FlashSaleOut, PurchaseIn, PurchaseOut


class StreamPurchasesController(Controller):
    path = "/api/v1/streams"
    tags = ["streams"]

    @post(
        "/{stream_id:uuid}/purchases",
        status_code=HTTP_201_CREATED,
        security=BEARER,
        summary="Buy products shown in a live stream (buy-now, or a cart paid at once)",
        description="Each item buys `quantity` units of a product the seller tagged in the stream, at its price"
        " (the flash price while a flash sale runs), while the stream is live or, for what is still in stock, on"
        " the replay of a stream that ended. Stock is taken atomically: never more units are sold than there are,"
        " and a purchase with one item short (409 `sold_out`) buys nothing. One item is buy-now; several (each"
        " product once, one currency, at most 20) are a cart: one transaction per item, each with its own platform"
        " fee, all paid by one card payment whose `client_secret` the answer carries (authorised, captured,"
        " cancelled and expiring together; cancelling one cancels the cart and gives every unit back). The room"
        " hears `stream:product:sold` `{stream_id, product_id, remaining}`. Errors: a stream you cannot see 404"
        " `stream_not_found`; a product not in the stream 404 `product_not_in_stream`, not tagged yet 409"
        " `product_not_tagged`; a draft, cancelled or taken-down stream 409 `stream_not_shoppable`; your own"
        " stream 403 `cannot_buy_own`; across a block 403; outside the stream's audience (followers-only,"
        " neighbourhood) 403 `not_in_audience`; a bad cart 400 `invalid_cart`. With an `Idempotency-Key`, a retry"
        " (the same items) answers the sales the first request opened and takes nothing more.",
    )
    @inject
    async def purchase(
        self,
        stream_id: FromPath[UUID],
        data: JSONBody[PurchaseIn],
        use_case: FromDishka[BuyNow],
        me: FromDishka[Identity],
        idempotency_key: IdempotencyKey = None,
    ) -> PurchaseOut:
        purchase = await use_case(stream_id, me.user_id, [item.to_item() for item in data.items], idempotency_key)
        return PurchaseOut.of(purchase)

    @post(
        "/{stream_id:uuid}/flash-sales",
        status_code=HTTP_201_CREATED,
        security=BEARER,
        summary="Start a flash sale in your live stream (owner)",
        description="A temporary price on a product tagged in the stream, for `duration_s` (10-3600) seconds: buy-now"
        " sells it at that price until `ends_at`. The price is above 0 and below the listed price, in its currency"
        " (400 `invalid_flash_sale`); one flash sale per product at a time (409 `flash_sale_running`). The room"
        " hears `flash_sale:started` (price and `ends_at`, for a countdown) and, on time, `flash_sale:ended` — also"
        " across a server restart (a job at `ends_at`, and a sweep every few seconds for what a job missed); the"
        " stream's timeline records both. Someone else's stream: 403 `not_stream_owner`; not live: 409"
        " `stream_not_live`; a product not in the stream 404 `product_not_in_stream`, not tagged 409"
        " `product_not_tagged`.",
    )
    @inject
    async def flash_sale(
        self,
        stream_id: FromPath[UUID],
        data: JSONBody[FlashSaleIn],
        use_case: FromDishka[StartFlashSale],
        me: FromDishka[Identity],
    ) -> FlashSaleOut:
        sale = await use_case(stream_id, me.user_id, data.product_id, data.price.to_money(), data.duration_s)
        return FlashSaleOut.of(sale)
