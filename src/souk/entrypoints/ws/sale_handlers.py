"""Selling in the live room over ``/ws``: ``stream:buy`` (buy-now), the same use case as
``POST /streams/{id}/purchases``; its ack is the same ``{transactions, client_secret}``.
The room hears ``stream:product:sold`` through the projection."""

from __future__ import annotations

from typing import Any

from souk.application.streams.buy_now import BuyNow, CartItem
from souk.entrypoints.wire.purchases import PurchaseOut, StreamBuyIn
from souk.entrypoints.ws.handlers import FrameContext, handles
from souk.entrypoints.ws.inputs import parse
from souk.entrypoints.ws.limits import spend


@handles("stream:buy")
async def buy(ctx: FrameContext, data: dict[str, Any]) -> Any:
    body = parse(data, StreamBuyIn)
    spend(ctx.connection, "send")
    use_case = await ctx.scope.get(BuyNow)
    items = [CartItem(body.product_id, body.quantity)]
    purchase = await use_case(body.stream_id, ctx.connection.user_id, items, body.idempotency_key)
    return PurchaseOut.of(purchase)
