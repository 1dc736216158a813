"""Offer frames: the same use cases as the REST routes, and the public offer feed of a
product (``offer:feed:history`` once, then ``offer:feed:new`` as offers are made)."""

from __future__ import annotations

from typing import Any

from souk.application.negotiation.accept_offer import AcceptOffer
from souk.application.negotiation.counter_offer import CounterOffer
from souk.application.negotiation.decline_offer import DeclineOffer
from souk.application.negotiation.make_offer import MakeOffer, MakeOfferCommand
from souk.application.negotiation.recent_offers_feed import RecentOffersFeed
from souk.application.negotiation.withdraw_offer import WithdrawOffer
from souk.application.shared.rooms import offer_feed_room
from souk.domain.shared.payment_method import PaymentMethod
from souk.entrypoints.wire.negotiation import AcceptedOut, FeedOut, OfferCreate, OfferOut
from souk.entrypoints.ws import frames
from souk.entrypoints.ws.frame_data import FeedHistoryData
from souk.entrypoints.ws.handlers import FrameContext, handles
from souk.entrypoints.ws.inputs import FrameDataInvalid, OfferRespondIn, ProductRef, parse
from souk.entrypoints.ws.limits import room_for_one_more, spend


@handles("offer:create")
async def create(ctx: FrameContext, data: dict[str, Any]) -> Any:
    body = parse(data, OfferCreate)
    spend(ctx.connection, "send")
    command = MakeOfferCommand(
        ctx.connection.user_id,
        body.product_id,
        body.price.to_money(),
        body.message,
        payment_method=PaymentMethod(body.payment_method),
    )
    return OfferOut.of(await (await ctx.scope.get(MakeOffer))(command))


@handles("offer:respond")
async def respond(ctx: FrameContext, data: dict[str, Any]) -> Any:
    """The answer is what the REST route answers: ``{offer, transaction}`` for accept,
    else the offer."""
    body = parse(data, OfferRespondIn)
    spend(ctx.connection, "send")
    me, scope = ctx.connection.user_id, ctx.scope
    if body.action == "accept":
        return AcceptedOut.of(await (await scope.get(AcceptOffer))(body.offer_id, me))
    if body.action == "counter":
        if body.price is None:
            raise FrameDataInvalid("A counter needs a price.", field="price")
        return OfferOut.of(await (await scope.get(CounterOffer))(body.offer_id, me, body.price.to_money()))
    if body.action == "decline":
        return OfferOut.of(await (await scope.get(DeclineOffer))(body.offer_id, me))
    return OfferOut.of(await (await scope.get(WithdrawOffer))(body.offer_id, me))


@handles("offer:feed:subscribe")
async def subscribe_feed(ctx: FrameContext, data: dict[str, Any]) -> Any:
    """Joins before reading the history, so no offer made meanwhile is missed (one may
    show in both; items are told apart by ``created_at`` and ``buyer_alias``)."""
    ref = parse(data, ProductRef)
    room = offer_feed_room(ref.product_id)
    room_for_one_more(ctx.connection, room)
    feed = await ctx.scope.get(RecentOffersFeed)
    ctx.hub.join(ctx.connection, room)
    try:
        items = await feed(ref.product_id, ctx.connection.user_id)
    except Exception:
        ctx.hub.leave(ctx.connection, room)
        raise
    history = FeedHistoryData(ref.product_id, FeedOut.of(items).items)
    ctx.connection.push(frames.encode("offer:feed:history", history))
    return {"product_id": str(ref.product_id)}


@handles("offer:feed:unsubscribe")
async def unsubscribe_feed(ctx: FrameContext, data: dict[str, Any]) -> Any:
    ref = parse(data, ProductRef)
    ctx.hub.leave(ctx.connection, offer_feed_room(ref.product_id))
    return {"product_id": str(ref.product_id)}
