"""Live auctions (API.md "Streams": ``POST /{id}/auctions``, and ``GET`` of a stream's
auctions for whoever joins while one runs); bids come over the WebSocket."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from souk.application.ports.access_tokens import AccessTokens
from souk.application.streams.list_auctions import ListStreamAuctions
from souk.application.streams.start_auction import StartAuction, StartAuctionCommand
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.auctions import AuctionIn
from souk.entrypoints.http.viewer import viewer_of
from souk.entrypoints.wire.auctions import AuctionOut


class StreamAuctionsController(Controller):
    path = "/api/v1/streams"
    tags = ["streams"]

    @post(
        "/{stream_id:uuid}/auctions",
        status_code=HTTP_201_CREATED,
        security=BEARER,
        summary="Auction a tagged product in your live stream",
        description="Starts a 5-120 s auction from `starting_price`; the room hears `auction:started` and viewers"
        " bid with the `auction:bid` frame (each bid reaches `minimum_bid`: the current bid plus the increment of its"
        " price band). A bid in the last `SOUK_AUCTION_EXTEND_S` seconds pushes the end (`auction:extended`) unless"
        " `sudden_death`. At `ends_at` the room hears `auction:ended` with the winner, whose saved card is charged."
        " Someone else's stream: 403 `not_stream_owner`; no such stream: 404 `stream_not_found`; not live: 409"
        " `stream_not_live`; a product not in the stream: 404 `product_not_in_stream`, not tagged yet: 409"
        " `product_not_tagged`, not available: 409 `product_not_available`; a running auction of the product: 409"
        " `auction_running`.",
    )
    @inject
    async def start(
        self,
        stream_id: FromPath[UUID],
        data: JSONBody[AuctionIn],
        use_case: FromDishka[StartAuction],
        me: FromDishka[Identity],
    ) -> AuctionOut:
        command = StartAuctionCommand(
            stream_id, me.user_id, data.product_id, data.starting_price.to_money(), data.duration_s, data.sudden_death
        )
        return AuctionOut.of_auction(await use_case(command))

    @get(
        "/{stream_id:uuid}/auctions",
        summary="A stream's auctions: the running one's current bid and end, and the results",
        description="Oldest first; `status` `running` or `ended`. A viewer who joins while an auction runs reads"
        " it here (current bid, `minimum_bid`, `ends_at` for the countdown) and then follows the `auction:*`"
        " frames. Visible to whoever may see the stream, as its timeline: a followers' or neighbourhood stream's"
        " auctions only to whom its audience admits (403 `not_in_audience`); no such stream: 404"
        " `stream_not_found`.",
    )
    @inject
    async def of_stream(
        self,
        stream_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        tokens: FromDishka[AccessTokens],
        use_case: FromDishka[ListStreamAuctions],
    ) -> list[AuctionOut]:
        return [AuctionOut.of_auction(a) for a in await use_case(stream_id, viewer_of(request, tokens))]
