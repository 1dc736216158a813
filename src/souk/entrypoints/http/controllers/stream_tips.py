"""Tips in live streams (API.md "Streams": ``POST /{id}/tips``)."""

from __future__ import annotations

from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from souk.application.payments.send_tip import SendTip
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.tips import TipIn, TipOut


class StreamTipsController(Controller):
    path = "/api/v1/streams"
    tags = ["streams"]

    @post(
        "/{stream_id:uuid}/tips",
        status_code=HTTP_201_CREATED,
        security=BEARER,
        summary="Tip the seller of a live stream (card, captured at once)",
        description="The amount is charged to the viewer's card at once (no hold); the seller gets it minus the"
        " platform fee (the seller tier's discover rate), the room hears `stream:tip` when the charge is captured,"
        " and the stream's analytics count it. With the card simulator (embedded) the card step is played in the"
        " request (`card`, the succeeding test card by default) and the tip answers `completed`; with Stripe it"
        " answers `pending` with the `client_secret` for the card step, and Stripe's webhook completes it."
        " A stream you cannot see: 404 `stream_not_found`; not live: 409 `stream_not_live`; your own: 403"
        " `cannot_tip_yourself`; across a block: 403; an amount out of 1..1,000,000 minor units: 400"
        " `validation_error`; a declined card: 409 `card_declined`.",
    )
    @inject
    async def tip(
        self, stream_id: FromPath[UUID], data: JSONBody[TipIn], use_case: FromDishka[SendTip], me: FromDishka[Identity]
    ) -> TipOut:
        tip, payment = await use_case(stream_id, me.user_id, data.amount.to_money(), data.card)
        return TipOut.of(tip, payment)
